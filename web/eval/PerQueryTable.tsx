import type { EvalReport } from './report';

const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toFixed(4)}`;

/** Every query's nDCG@10 before and after reranking, biggest gain first. */
export function PerQueryTable({ report, queries }: { report: EvalReport; queries: ReadonlyMap<string, string> }) {
  const { wins, losses, ties } = report.comparison;
  const rows = [...wins, ...ties, ...[...losses].reverse()];
  return (
    <section aria-label="Per-query results">
      <p data-testid="wins-losses">
        Per query, nDCG@10 reranked vs input order: <strong>{wins.length} wins</strong>, <strong>{losses.length} losses</strong>,{' '}
        {ties.length} ties.
      </p>
      <table className="per-query" data-testid="per-query">
        <thead>
          <tr>
            <th>qid</th>
            <th>query</th>
            <th>input</th>
            <th>reranked</th>
            <th>change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => {
            const delta = d.system - d.baseline;
            const kind = wins.includes(d) ? 'win' : losses.includes(d) ? 'loss' : 'tie';
            return (
              <tr key={d.qid} className={kind}>
                <td>{d.qid}</td>
                <td>{queries.get(d.qid)}</td>
                <td className="num">{d.baseline.toFixed(4)}</td>
                <td className="num">{d.system.toFixed(4)}</td>
                <td className="num">{signed(delta)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
