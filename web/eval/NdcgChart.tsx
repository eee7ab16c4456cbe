import type { EvalReport } from './report';

const HEIGHT = 180;
const PAD = { top: 10, right: 10, bottom: 10, left: 34 };
const BAR = 7;
const GROUP = 2 * BAR + 6;

/** nDCG@10 per query, input order beside reranked, as plain SVG elements. */
export function NdcgChart({ report }: { report: EvalReport }) {
  const reranked = new Map(report.reranked.perQuery.map((q) => [q.qid, q.ndcg10]));
  const rows = report.input.perQuery.map((q) => ({ qid: q.qid, input: q.ndcg10, reranked: reranked.get(q.qid) ?? 0 }));
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const width = PAD.left + PAD.right + Math.max(rows.length, 10) * GROUP;
  const y = (v: number) => PAD.top + plotH * (1 - v);
  return (
    <figure className="chart">
      <svg data-testid="ndcg-chart" width={width} height={HEIGHT} role="img" aria-label="nDCG@10 per query, input order and reranked">
        {[0, 0.5, 1].map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={width - PAD.right} y1={y(v)} y2={y(v)} className="grid" />
            <text x={PAD.left - 4} y={y(v) + 4} textAnchor="end" className="axis">
              {v}
            </text>
          </g>
        ))}
        {rows.map((row, i) => {
          const x = PAD.left + i * GROUP + 3;
          return (
            <g key={row.qid}>
              <title>{`qid ${row.qid}: input ${row.input.toFixed(4)}, reranked ${row.reranked.toFixed(4)}`}</title>
              <rect x={x} y={y(row.input)} width={BAR} height={plotH * row.input} className="bar-input" />
              <rect x={x + BAR} y={y(row.reranked)} width={BAR} height={plotH * row.reranked} className="bar-reranked" />
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        nDCG@10 per query, in qrels order (hover a pair for its qid):
        <span className="swatch bar-input" /> {report.labels.input} <span className="swatch bar-reranked" /> {report.labels.reranked}
      </figcaption>
    </figure>
  );
}
