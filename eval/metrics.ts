/**
 * IR metrics with trec_eval 9.x definitions, so our numbers can be compared with
 * published ones (Anserini, model cards).
 *
 * One deliberate difference: trec_eval re-sorts a run by score (descending, ties by
 * docid descending, see `trecEvalOrder` in ./trec). We evaluate a given ORDER instead,
 * because a reranker's output is an order and its tie-breaking is part of what we test.
 * To reproduce trec_eval on a scored run, order it with `trecEvalOrder` first.
 *
 * Docids in a ranking that are not in the qrels count as non-relevant (gain 0),
 * as in trec_eval.
 */
import type { Qrels } from './trec';

/** docid → graded relevance for one query. */
export type Judgments = ReadonlyMap<string, number>;

/** TREC DL passage convention: grades 2 and 3 are relevant (trec_eval `-l 2`). */
export const DEFAULT_RELEVANCE_THRESHOLD = 2;

/**
 * nDCG@k (trec_eval `ndcg_cut.k`): gain = rel, discount log2(rank + 1); the ideal DCG
 * comes from ALL judged docs of the query, not only the retrieved ones, so a reranker
 * cannot reach 1 when the candidates miss relevant docs. rel ≤ 0 adds nothing.
 * The relevance threshold does not apply: nDCG uses the grades.
 * 0 when the query has no positive judgment (trec_eval leaves DCG/0 as 0).
 */
export function ndcgAt(ranking: readonly string[], judgments: Judgments, k: number): number {
  checkCutoff(k);
  let dcg = 0;
  ranking.slice(0, k).forEach((docid, i) => {
    dcg += positiveGain(judgments.get(docid)) / Math.log2(i + 2);
  });
  const ideal = [...judgments.values()]
    .map(positiveGain)
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
  return ideal > 0 ? dcg / ideal : 0;
}

/**
 * Reciprocal rank of the first relevant doc within the top k (trec_eval `recip_rank`
 * computed on the run cut at k); 0 when none is in the top k.
 */
export function reciprocalRankAt(
  ranking: readonly string[],
  judgments: Judgments,
  k: number,
  threshold: number = DEFAULT_RELEVANCE_THRESHOLD,
): number {
  checkCutoff(k);
  const top = ranking.slice(0, k);
  const first = top.findIndex((docid) => isRelevant(judgments.get(docid), threshold));
  return first === -1 ? 0 : 1 / (first + 1);
}

/**
 * Average precision over the whole ranking (trec_eval `map`): the sum of precision at
 * each relevant retrieved doc, divided by the number of relevant docs in the qrels —
 * so relevant docs the ranking missed count as precision 0. 0 when none is relevant.
 */
export function averagePrecision(
  ranking: readonly string[],
  judgments: Judgments,
  threshold: number = DEFAULT_RELEVANCE_THRESHOLD,
): number {
  const relevantJudged = relevantCount(judgments, threshold);
  if (relevantJudged === 0) return 0;
  let found = 0;
  let sum = 0;
  ranking.forEach((docid, i) => {
    if (isRelevant(judgments.get(docid), threshold)) sum += ++found / (i + 1);
  });
  return sum / relevantJudged;
}

/**
 * Recall at k (trec_eval `recall.k`): the share of the query's relevant judged docs found in
 * the top k; relevant docs the ranking never retrieved count as missed. 0 when none is relevant.
 */
export function recallAt(
  ranking: readonly string[],
  judgments: Judgments,
  k: number,
  threshold: number = DEFAULT_RELEVANCE_THRESHOLD,
): number {
  checkCutoff(k);
  const relevantJudged = relevantCount(judgments, threshold);
  if (relevantJudged === 0) return 0;
  const found = ranking.slice(0, k).filter((docid) => isRelevant(judgments.get(docid), threshold)).length;
  return found / relevantJudged;
}

/**
 * A perfect reranking of the given candidates: judged grade descending (unjudged = 0),
 * otherwise keeping candidate order. Its nDCG is the ceiling for any reranker of them.
 */
export function oracleOrder(candidates: readonly string[], judgments: Judgments): string[] {
  return [...candidates].sort((a, b) => positiveGain(judgments.get(b)) - positiveGain(judgments.get(a)));
}

export interface MetricValues {
  ndcg10: number;
  ndcg20: number;
  mrr10: number;
  map: number;
}

export type MetricName = keyof MetricValues;

export interface QueryMetrics extends MetricValues {
  qid: string;
}

export interface Evaluation {
  /** In qrels order; only queries present in both qrels and the run. */
  perQuery: QueryMetrics[];
  /** Arithmetic mean over `perQuery`; `queries` is how many were averaged. */
  mean: MetricValues & { queries: number };
  /** Grade at or above which a doc counts as relevant for MRR and MAP. */
  threshold: number;
  /** Queries left out of the mean, so a report can say so. */
  skipped: { notInQrels: string[]; notInRun: string[] };
}

export interface EvaluateOptions {
  /** Relevant means rel ≥ threshold, for MRR@10 and MAP (trec_eval `-l`). Default 2. */
  threshold?: number;
}

/**
 * Evaluates ordered rankings (qid → docids, best first) against qrels.
 *
 * Query set, as trec_eval does by default (without `-c`): a query is evaluated when it
 * is in the qrels AND in the run. Run queries without judgments are ignored; judged
 * queries the run lacks are left out rather than scored 0. A judged query whose
 * judgments are all below the threshold IS evaluated (MRR and MAP 0 there), as in trec_eval.
 * An empty ranking is evaluated as 0 everywhere: trec_eval cannot see a query with no
 * lines, but here an empty list means the system answered nothing, which must not help it.
 */
export function evaluate(qrels: Qrels, orderedRuns: ReadonlyMap<string, readonly string[]>, opts: EvaluateOptions = {}): Evaluation {
  const threshold = opts.threshold ?? DEFAULT_RELEVANCE_THRESHOLD;
  if (!Number.isFinite(threshold)) throw new RangeError(`evaluate: threshold must be a finite number, got ${threshold}`);

  const perQuery: QueryMetrics[] = [];
  const notInRun: string[] = [];
  for (const [qid, judgments] of qrels) {
    const ranking = orderedRuns.get(qid);
    if (!ranking) {
      notInRun.push(qid);
      continue;
    }
    checkNoDuplicates(qid, ranking);
    perQuery.push({
      qid,
      ndcg10: ndcgAt(ranking, judgments, 10),
      ndcg20: ndcgAt(ranking, judgments, 20),
      mrr10: reciprocalRankAt(ranking, judgments, 10, threshold),
      map: averagePrecision(ranking, judgments, threshold),
    });
  }
  if (perQuery.length === 0) {
    throw new Error('evaluate: no query is in both the qrels and the run (check that qids match, e.g. "1037798" vs "q1037798")');
  }
  const notInQrels = [...orderedRuns.keys()].filter((qid) => !qrels.has(qid));

  const meanOf = (metric: MetricName) => perQuery.reduce((sum, q) => sum + q[metric], 0) / perQuery.length;
  return {
    perQuery,
    mean: { ndcg10: meanOf('ndcg10'), ndcg20: meanOf('ndcg20'), mrr10: meanOf('mrr10'), map: meanOf('map'), queries: perQuery.length },
    threshold,
    skipped: { notInQrels, notInRun },
  };
}

function positiveGain(rel: number | undefined): number {
  return rel !== undefined && rel > 0 ? rel : 0;
}

function relevantCount(judgments: Judgments, threshold: number): number {
  let count = 0;
  for (const rel of judgments.values()) if (isRelevant(rel, threshold)) count++;
  return count;
}

function isRelevant(rel: number | undefined, threshold: number): boolean {
  // Negative grades mean "in pool, unjudged" in trec_eval: never relevant, even for threshold ≤ 0.
  return rel !== undefined && rel >= 0 && rel >= threshold;
}

function checkCutoff(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`cutoff k must be a positive integer, got ${k}`);
}

function checkNoDuplicates(qid: string, ranking: readonly string[]): void {
  // trec_eval rejects duplicates; silently allowing them would let a relevant doc count twice.
  const seen = new Set<string>();
  for (const docid of ranking) {
    if (seen.has(docid)) throw new Error(`evaluate: qid ${qid} ranks docid ${docid} more than once`);
    seen.add(docid);
  }
}
