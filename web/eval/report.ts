import { evaluate, type Evaluation } from '../../eval/metrics';
import { compareQueries, formatComparison, formatMetricsTable, type QueryComparison } from '../../eval/report';
import { orderedRunFromScored, type Qrels, type ScoredRun } from '../../eval/trec';

export interface EvalRun {
  /** Shown in the table's Dataset column, e.g. the candidates file's name. */
  dataset: string;
  /** Model reference and how it ran. */
  model: { name: string; device: string; dtype: string };
  depth: number;
  /** qid → query text, in file order. */
  queries: ReadonlyMap<string, string>;
  inputOrder: ReadonlyMap<string, readonly string[]>;
  /** The model's rankings with their scores, best first: what the TREC run export writes. */
  reranked: ScoredRun;
  rerankSeconds: number;
  passages: number;
}

/** Everything the page shows and the CLI prints; plain data, so it travels as JSON in `data-json`. */
export interface EvalReport {
  dataset: string;
  model: EvalRun['model'];
  depth: number;
  threshold: number;
  rerankSeconds: number;
  passages: number;
  labels: { input: string; reranked: string };
  input: Evaluation;
  reranked: Evaluation;
  /** Reranked against input order, per query, on nDCG@10. */
  comparison: QueryComparison;
  /** Markdown: the model-card table with its threshold note. */
  table: string;
  /** Markdown: the per-query wins and losses. */
  summary: string;
}

/** The last path segment of a hub id, URL or path: what a model card would call the model. */
export function shortModelName(reference: string): string {
  return reference.replace(/\/+$/, '').split('/').pop() || reference;
}

/** Scores both orders with the given threshold; cheap, so the page recomputes it when the threshold changes. */
export function buildReport(run: EvalRun, qrels: Qrels, threshold: number): EvalReport {
  const input = evaluate(qrels, run.inputOrder, { threshold });
  const reranked = evaluate(qrels, orderedRunFromScored(run.reranked), { threshold });
  const labels = { input: `${run.dataset} (input order)`, reranked: `${run.dataset} (reranked: ${shortModelName(run.model.name)})` };
  const comparison = compareQueries(input, reranked);
  return {
    dataset: run.dataset,
    model: run.model,
    depth: run.depth,
    threshold,
    rerankSeconds: run.rerankSeconds,
    passages: run.passages,
    labels,
    input,
    reranked,
    comparison,
    table: formatMetricsTable([
      { label: labels.input, result: input },
      { label: labels.reranked, result: reranked },
    ]),
    summary: formatComparison(comparison, { baseline: 'input order', system: 'reranked' }),
  };
}
