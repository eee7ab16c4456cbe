import type { CandidateQuery } from '../../eval/trec';
import type { ScoredPassage } from '../../worker/api';

/** Ranks one query's passages, best first; null when it was cancelled or failed (the caller has said why). */
export type RankFn = (query: string, passages: string[]) => Promise<readonly ScoredPassage[] | null>;

/**
 * Reranks every query's candidates, one query at a time so progress and cancel stay
 * per query. Returns qid → docids and model scores, best first, or null when any query did not finish.
 */
export async function rerankAll(
  queries: readonly CandidateQuery[],
  rank: RankFn,
  onProgress: (done: number, total: number, current: CandidateQuery | null) => void,
): Promise<Map<string, { docid: string; score: number }[]> | null> {
  const orders = new Map<string, { docid: string; score: number }[]>();
  for (const [i, q] of queries.entries()) {
    onProgress(i, queries.length, q);
    const ranking = await rank(
      q.query,
      q.hits.map((h) => h.text),
    );
    if (!ranking) return null;
    orders.set(
      q.qid,
      ranking.map((r) => ({ docid: q.hits[r.index]!.docid, score: r.score })),
    );
  }
  onProgress(queries.length, queries.length, null);
  return orders;
}
