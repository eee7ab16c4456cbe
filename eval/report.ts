/** Model-card style tables and per-query comparisons, as markdown text. */
import type { Evaluation, MetricName } from './metrics';

export interface ReportRow {
  /** e.g. "DL19 (BM25)", "DL19 (reranked: ms-marco-MiniLM-L-6-v2)". */
  label: string;
  result: Evaluation;
}

const COLUMNS: readonly [MetricName, string][] = [
  ['ndcg10', 'NDCG@10'],
  ['ndcg20', 'NDCG@20'],
  ['mrr10', 'MRR@10'],
  ['map', 'MAP'],
];

/**
 * `| Dataset | NDCG@10 | NDCG@20 | MRR@10 | MAP |` rows at 4 decimals (trec_eval's
 * precision), followed by a note stating the relevance threshold and query count,
 * since MRR and MAP are not comparable across thresholds.
 */
export function formatMetricsTable(rows: readonly ReportRow[]): string {
  if (rows.length === 0) throw new Error('formatMetricsTable: no rows');
  const thresholds = new Set(rows.map((r) => r.result.threshold));
  if (thresholds.size > 1) {
    // One note per table; mixing thresholds would make the MRR/MAP columns misleading.
    throw new Error(`formatMetricsTable: rows use different relevance thresholds (${[...thresholds].join(', ')})`);
  }
  const threshold = rows[0]!.result.threshold;
  const lines = [
    `| Dataset | ${COLUMNS.map(([, title]) => title).join(' | ')} |`,
    `| --- | ${COLUMNS.map(() => '---:').join(' | ')} |`,
    ...rows.map((r) => `| ${escapeCell(r.label)} | ${COLUMNS.map(([m]) => r.result.mean[m].toFixed(4)).join(' | ')} |`),
  ];
  const counts = new Set(rows.map((r) => r.result.mean.queries));
  const queries =
    counts.size === 1
      ? `Mean over ${rows[0]!.result.mean.queries} queries`
      : `Mean over ${rows.map((r) => `${r.result.mean.queries} (${r.label})`).join(', ')} queries`;
  lines.push(
    '',
    `${queries} judged in the qrels and present in the run. ` +
      `MRR@10 and MAP count a passage as relevant when rel ≥ ${threshold} (trec_eval -l ${threshold}); ` +
      'nDCG uses the graded relevance as gain, with the ideal ranking built from all judged passages.',
  );
  return `${lines.join('\n')}\n`;
}

export interface QueryDelta {
  qid: string;
  baseline: number;
  system: number;
}

export interface QueryComparison {
  metric: MetricName;
  wins: QueryDelta[];
  losses: QueryDelta[];
  ties: QueryDelta[];
  /** Queries evaluated for only one side; not counted as wins or losses. */
  onlyInBaseline: string[];
  onlyInSystem: string[];
}

export interface CompareOptions {
  /** Default nDCG@10. */
  metric?: MetricName;
  /** Differences up to this are ties, so float noise does not flip a query. Default 1e-9. */
  tolerance?: number;
}

/** Per-query wins / losses / ties of `system` (e.g. reranked) against `baseline` (e.g. BM25). */
export function compareQueries(baseline: Evaluation, system: Evaluation, opts: CompareOptions = {}): QueryComparison {
  const metric = opts.metric ?? 'ndcg10';
  const tolerance = opts.tolerance ?? 1e-9;
  const base = new Map(baseline.perQuery.map((q) => [q.qid, q[metric]]));
  const sys = new Map(system.perQuery.map((q) => [q.qid, q[metric]]));
  const result: QueryComparison = { metric, wins: [], losses: [], ties: [], onlyInBaseline: [], onlyInSystem: [] };
  for (const [qid, b] of base) {
    const s = sys.get(qid);
    if (s === undefined) {
      result.onlyInBaseline.push(qid);
      continue;
    }
    const delta = { qid, baseline: b, system: s };
    if (s - b > tolerance) result.wins.push(delta);
    else if (b - s > tolerance) result.losses.push(delta);
    else result.ties.push(delta);
  }
  result.onlyInSystem = [...sys.keys()].filter((qid) => !base.has(qid));
  // Biggest changes first: those are the queries worth reading.
  result.wins.sort((x, y) => y.system - y.baseline - (x.system - x.baseline));
  result.losses.sort((x, y) => x.system - x.baseline - (y.system - y.baseline));
  return result;
}

/** A short markdown summary of `compareQueries`, listing query ids with their change. */
export function formatComparison(cmp: QueryComparison, names: { baseline: string; system: string }): string {
  const title = COLUMNS.find(([m]) => m === cmp.metric)?.[1] ?? cmp.metric;
  const list = (deltas: QueryDelta[]) =>
    deltas.length === 0 ? '(none)' : deltas.map((d) => `${d.qid} (${signed(d.system - d.baseline)})`).join(', ');
  const lines = [
    `Per-query ${title}, ${names.system} vs ${names.baseline}: ` +
      `${cmp.wins.length} wins, ${cmp.losses.length} losses, ${cmp.ties.length} ties.`,
    '',
    `- Wins: ${list(cmp.wins)}`,
    `- Losses: ${list(cmp.losses)}`,
    `- Ties: ${cmp.ties.length === 0 ? '(none)' : cmp.ties.map((d) => d.qid).join(', ')}`,
  ];
  if (cmp.onlyInBaseline.length) lines.push(`- Only evaluated for ${names.baseline}: ${cmp.onlyInBaseline.join(', ')}`);
  if (cmp.onlyInSystem.length) lines.push(`- Only evaluated for ${names.system}: ${cmp.onlyInSystem.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(4)}`;
}

function escapeCell(text: string): string {
  // A bare pipe in a model name would split the row into extra columns.
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
