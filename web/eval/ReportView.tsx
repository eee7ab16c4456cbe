import type { MetricName } from '../../eval/metrics';
import { NdcgChart } from './NdcgChart';
import { PerQueryTable } from './PerQueryTable';
import type { EvalReport } from './report';

const METRICS: readonly [MetricName, string][] = [
  ['ndcg10', 'NDCG@10'],
  ['ndcg20', 'NDCG@20'],
  ['mrr10', 'MRR@10'],
  ['map', 'MAP'],
];

/** The finished report. `data-json` carries the whole of it for the CLI and tests; the markdown is what the CLI prints. */
export function ReportView({ report, queries }: { report: EvalReport; queries: ReadonlyMap<string, string> }) {
  const rows = [
    { label: report.labels.input, result: report.input },
    { label: report.labels.reranked, result: report.reranked },
  ];
  return (
    <section className="panel" data-testid="eval-report" data-json={JSON.stringify(report)} aria-label="Evaluation report">
      <h2>Results</h2>
      <p className="note">
        {report.model.name} ({report.model.dtype} on {report.model.device}) · top {report.depth} candidates per query · {report.passages}{' '}
        passages reranked in {report.rerankSeconds.toFixed(1)} s
      </p>
      <table className="metrics" data-testid="metrics-table">
        <thead>
          <tr>
            <th>Dataset</th>
            {METRICS.map(([, title]) => (
              <th key={title}>{title}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ label, result }) => (
            <tr key={label}>
              <td>{label}</td>
              {METRICS.map(([m]) => (
                <td key={m} className="num" data-metric={m}>
                  {result.mean[m].toFixed(4)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="note">
        Mean over {report.input.mean.queries} queries. MRR@10 and MAP count a passage as relevant when rel ≥ {report.threshold} (trec_eval
        -l {report.threshold}); nDCG uses the graded relevance.
        {report.input.skipped.notInQrels.length > 0 && ` Not evaluated, no judgments: ${report.input.skipped.notInQrels.join(', ')}.`}
      </p>
      <details>
        <summary>As markdown</summary>
        <pre data-testid="eval-table">
          {report.table}
          {'\n'}
          {report.summary}
        </pre>
      </details>
      <NdcgChart report={report} />
      <PerQueryTable report={report} queries={queries} />
    </section>
  );
}
