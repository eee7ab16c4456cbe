import { memo, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ScoredPassage } from '../../worker/api';
import { inTopK, overlaps, plotLayout, type PlotGroup, type RankRange } from '../score-plot';

const WIDTH = 600;
const HEIGHT = 84;
const PAD = 12;
const TOP = 8;
const BASE = 58;

interface Props {
  ranking: readonly ScoredPassage[];
  /** The list's "Show top" cut; null shows all. */
  topK: number | null;
  /** Ranks highlighted from either side: the plot or the list. */
  hot: RankRange | null;
  /** `reveal`: the highlight came from the keyboard, so the list scrolls to it. */
  onHot: (range: RankRange | null, reveal: boolean) => void;
}

const fmt = (score: number) => score.toFixed(3);

function describeGroup(group: PlotGroup, kind: 'marks' | 'bins', k: number): string {
  const n = group.end - group.start;
  if (kind === 'marks') return `#${group.start + 1}: score ${fmt(group.lo)}${group.start < k ? '' : ', below the cut'}`;
  const top = inTopK(group, k);
  return `${n} passage${n === 1 ? '' : 's'} (#${group.start + 1}–${group.end}) with scores ${fmt(group.lo)} to ${fmt(group.hi)}${top ? `, ${top} in the top ${k}` : ''}`;
}

/**
 * The ranking's scores on one axis: a tick per passage, or a histogram once there are more than
 * `MARK_LIMIT` (./score-plot), with the top-k cut drawn. One tab stop; the arrow keys move
 * between marks; hovering or focusing one highlights its passages in the list.
 */
export const ScorePlot = memo(function ScorePlot({ ranking, topK, hot, onHot }: Props) {
  const layout = useMemo(() => plotLayout(ranking.map((r) => r.score)), [ranking]);
  const [active, setActive] = useState(0);
  const svg = useRef<SVGSVGElement>(null);
  const { groups, kind, min, max } = layout;
  if (groups.length === 0) return null;

  const k = Math.min(topK ?? ranking.length, ranking.length);
  const span = max - min;
  const x = (score: number) => (span > 0 ? PAD + ((score - min) / span) * (WIDTH - 2 * PAD) : WIDTH / 2);
  const tallest = Math.max(...groups.map((g) => g.end - g.start));
  const cut = k < ranking.length ? x((ranking[k - 1]!.score + ranking[k]!.score) / 2) : null;
  const summary =
    `Score distribution of ${ranking.length} passages, from ${fmt(min)} to ${fmt(max)}` +
    (kind === 'bins' ? `, in ${groups.length} bins` : '') +
    (cut === null ? '.' : `; the top ${k} shown score above ${fmt((ranking[k - 1]!.score + ranking[k]!.score) / 2)}.`);

  function move(e: KeyboardEvent) {
    const step = { ArrowRight: -1, ArrowLeft: 1, ArrowUp: -1, ArrowDown: 1, Home: -Infinity, End: Infinity }[e.key];
    if (step === undefined) return;
    e.preventDefault();
    // Groups run best first, so the higher score to the right is the lower index.
    const next = Math.max(0, Math.min(groups.length - 1, active + step));
    setActive(next);
    svg.current?.querySelector<SVGGElement>(`[data-group="${next}"]`)?.focus();
  }

  return (
    <figure className="score-plot">
      <svg
        ref={svg}
        data-testid="score-plot"
        data-kind={kind}
        data-passages={ranking.length}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="group"
        aria-label={summary}
        onKeyDown={move}
        onMouseLeave={() => onHot(null, false)}
      >
        <title>{summary}</title>
        <line x1={PAD} x2={WIDTH - PAD} y1={BASE} y2={BASE} className="axis" />
        {groups.map((group, i) => {
          const top = inTopK(group, k);
          const n = group.end - group.start;
          const hotHere = overlaps(group, hot);
          const focus = () => {
            setActive(i);
            onHot(group, true);
          };
          return (
            <g
              key={group.start}
              data-group={i}
              data-start={group.start}
              data-end={group.end}
              tabIndex={i === active ? 0 : -1}
              className={`mark${hotHere ? ' hot' : ''}`}
              onMouseEnter={() => onHot(group, false)}
              onFocus={focus}
              onBlur={() => onHot(null, false)}
            >
              <title>{describeGroup(group, kind, k)}</title>
              {kind === 'marks' ? (
                <rect x={x(group.lo) - 1.5} y={TOP} width={3} height={BASE - TOP} className={top ? 'in-top' : 'below'} />
              ) : (
                <>
                  <rect
                    x={x(group.lo)}
                    width={Math.max(1, x(group.hi) - x(group.lo) - 1)}
                    y={BASE - ((BASE - TOP) * n) / tallest}
                    height={((BASE - TOP) * (n - top)) / tallest}
                    className="below"
                  />
                  <rect
                    x={x(group.lo)}
                    width={Math.max(1, x(group.hi) - x(group.lo) - 1)}
                    y={BASE - ((BASE - TOP) * top) / tallest}
                    height={((BASE - TOP) * top) / tallest}
                    className="in-top"
                  />
                </>
              )}
            </g>
          );
        })}
        {cut !== null && (
          <g data-testid="score-plot-cut" className="cut">
            <line x1={cut} x2={cut} y1={2} y2={BASE + 4} />
            <text x={cut + 3} y={TOP + 4}>
              top {k}
            </text>
          </g>
        )}
        <text x={PAD} y={HEIGHT - 6} className="tick">
          {fmt(min)}
        </text>
        <text x={WIDTH - PAD} y={HEIGHT - 6} className="tick" textAnchor="end">
          {fmt(max)}
        </text>
        <text x={WIDTH / 2} y={HEIGHT - 6} className="tick" textAnchor="middle">
          score →
        </text>
      </svg>
    </figure>
  );
});
