import type { Passage, ScoredPassage } from '../../worker/api';
import { passageLabel } from '../passages';

interface Props {
  ranking: readonly ScoredPassage[];
  passages: readonly Passage[];
  topK: number | null;
  settling: boolean;
}

function movement(from: number, to: number): string {
  if (from === to) return '·';
  return from > to ? `▲${from - to}` : `▼${to - from}`;
}

export function Results({ ranking, passages, topK, settling }: Props) {
  const shown = topK ? ranking.slice(0, topK) : ranking;
  return (
    <ol className={`results${settling ? ' settling' : ''}`} data-testid="results" aria-busy={settling}>
      {shown.map((r, rank) => {
        const { title, text } = passageLabel(passages[r.index] ?? '');
        return (
          <li key={r.index} data-testid="result" data-index={r.index} className="result">
            <div className="result-head">
              <span className="rank">{rank + 1}</span>
              <span data-testid="result-score" data-score={r.score} className="score">
                {r.score.toFixed(4)}
              </span>
              <span className="prob" title="sigmoid probability">p={r.probability.toFixed(3)}</span>
              <span className="bar" aria-hidden>
                <span style={{ width: `${(r.probability * 100).toFixed(1)}%` }} />
              </span>
              <span className="origin" title="original position and movement">
                was #{r.index + 1} <span data-testid="result-move">{movement(r.index, rank)}</span>
              </span>
            </div>
            <p className="passage">
              {title && <strong>{title} </strong>}
              {text}
            </p>
          </li>
        );
      })}
    </ol>
  );
}
