/**
 * Recall of the search page's first stage (web/search/bm25.ts) on TREC candidates: every
 * candidate passage of every query becomes one corpus, and each query searches all of it, as a
 * user's query searches their own corpus on the page.
 */
import { recallAt, DEFAULT_RELEVANCE_THRESHOLD } from '../eval/metrics.ts';
import type { CandidateQuery, Qrels } from '../eval/trec.ts';
import { Bm25Index } from '../web/search/bm25.ts';
import type { CorpusDoc } from '../web/search/corpus.ts';
import type { TermMode } from '../web/search/terms.ts';

/** The candidates' passages once each: a passage retrieved for several queries is one document. */
export function corpusFromCandidates(candidates: readonly CandidateQuery[]): CorpusDoc[] {
  const byId = new Map<string, CorpusDoc>();
  for (const query of candidates)
    for (const hit of query.hits) if (!byId.has(hit.docid)) byId.set(hit.docid, { id: hit.docid, text: hit.text });
  return [...byId.values()];
}

export interface RecallRow {
  mode: TermMode;
  /** Cutoff → recall@k averaged over the judged queries. */
  recall: Map<number, number>;
}

/**
 * Mean recall@k over the queries that have judgments (as trec_eval averages), relevant meaning
 * grade ≥ `threshold`. Relevant passages outside the corpus count as missed, so the figures are
 * comparable with any other first stage judged on the same qrels.
 */
export function firstStageRecall(
  candidates: readonly CandidateQuery[],
  qrels: Qrels,
  opts: { modes: readonly TermMode[]; cutoffs: readonly number[]; threshold?: number },
): RecallRow[] {
  const corpus = corpusFromCandidates(candidates);
  const judged = candidates.filter((query) => qrels.has(query.qid));
  if (judged.length === 0) throw new Error('firstStageRecall: no query has judgments (check that the qids match)');
  const depth = Math.max(...opts.cutoffs);
  return opts.modes.map((mode) => {
    const index = Bm25Index.of(corpus, mode);
    const rankings = judged.map((query) => ({
      judgments: qrels.get(query.qid)!,
      ranking: index.top(query.query, depth).map((hit) => hit.doc.id),
    }));
    const recall = new Map(
      opts.cutoffs.map((k) => [
        k,
        rankings.reduce((sum, q) => sum + recallAt(q.ranking, q.judgments, k, opts.threshold ?? DEFAULT_RELEVANCE_THRESHOLD), 0) /
          rankings.length,
      ]),
    );
    return { mode, recall };
  });
}
