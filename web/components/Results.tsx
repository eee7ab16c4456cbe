import { memo, useCallback, useDeferredValue, useEffect, useState } from 'react';
import type { Passage, ScoredPassage } from '../../worker/api';
import { movement } from '../movement';
import type { Ranked } from '../../lib/react';
import { passageLabel } from '../passages';
import type { RankRange } from '../score-plot';
import { ScorePlot } from './ScorePlot';

type RankedView = Ranked & { ranking: readonly ScoredPassage[] };

interface Props {
  /** The last finished ranking. */
  settled: RankedView | null;
  /** The running call's ranking so far, once it has one. */
  live: RankedView | null;
  topK: number | null;
  busy: boolean;
}

type Highlight = (range: RankRange | null, reveal: boolean) => void;

interface ItemProps {
  result: ScoredPassage;
  rank: number;
  passage: Passage;
  hot: boolean;
  onHot: Highlight;
}

const ResultItem = memo(function ResultItem({ result, rank, passage, hot, onHot }: ItemProps) {
  const { title, text } = passageLabel(passage);
  return (
    <li
      data-testid="result"
      data-index={result.index}
      data-rank={rank}
      className={`result${hot ? ' hot' : ''}`}
      onMouseEnter={() => onHot({ start: rank, end: rank + 1 }, false)}
      onMouseLeave={() => onHot(null, false)}
    >
      <div className="result-head">
        <span className="rank">{rank + 1}</span>
        <span data-testid="result-score" data-score={result.score} className="score">
          {result.score.toFixed(4)}
        </span>
        <span className="prob" title="sigmoid probability">
          p={result.probability.toFixed(3)}
        </span>
        <span className="bar" aria-hidden>
          <span style={{ width: `${(result.probability * 100).toFixed(1)}%` }} />
        </span>
        <span className="origin" title="original position and movement">
          was #{result.index + 1} <span data-testid="result-move">{movement(result.index, rank)}</span>
        </span>
      </div>
      <p className="passage">
        {title && <strong>{title} </strong>}
        {text}
      </p>
      {result.window && (
        <p className="passage-window" data-testid="result-window" data-start={result.window.start} data-end={result.window.end}>
          <span className="window-label">
            Best window (characters {result.window.start}–{result.window.end}):
          </span>{' '}
          {text.slice(result.window.start, result.window.end)}
        </p>
      )}
    </li>
  );
});

/** Rows added to the DOM per frame: DOM insertion cannot be sliced, so long lists grow in steps that each fit a frame. */
const ROWS_PER_FRAME = 20;
/** While scores stream in, only the live top of the ranking is drawn; the full list follows once it settles. */
const LIVE_ROWS = 20;

function useGrowingCount(target: number): number {
  const [count, setCount] = useState(Math.min(target, ROWS_PER_FRAME));
  useEffect(() => {
    if (count >= target) return;
    const frame = requestAnimationFrame(() => setCount((c) => Math.min(target, c + ROWS_PER_FRAME)));
    return () => cancelAnimationFrame(frame);
  }, [count, target]);
  // A shorter list shows at once; only growth is spread over frames.
  return Math.min(count, target);
}

/**
 * The live list renders from a deferred copy of the ranking so React can build it in
 * interruptible slices; rows are memoised and added a frame's worth at a time, so neither
 * streaming nor a thousand results blocks the page.
 *
 * While a run streams, the last finished list stays mounted but hidden, and goes when the next
 * one is finished: removing a thousand visible rows in the commit that starts the stream cost
 * 30 ms of main thread (traced); the browser spends ~3 ms hiding them and ~1 ms removing them
 * once hidden (timed in the page).
 * A cancelled run shows the finished list again as it was.
 */
export function Results({ settled, live, topK, busy }: Props) {
  const deferred = useDeferredValue(live);
  // Only the live ranking's content lags; when a run ends or is cancelled its list goes at once.
  const streaming = live && deferred;
  const limit = topK ?? Infinity;
  // The highlight lives here, not in the page, so hovering re-renders the plot and the list only.
  const [hot, setHot] = useState<RankRange | null>(null);
  const highlight = useCallback<Highlight>((range, reveal) => {
    setHot(range);
    if (range && reveal)
      document.querySelector(`[data-testid="results"]:not([hidden]) [data-rank="${range.start}"]`)?.scrollIntoView({ block: 'nearest' });
  }, []);
  return (
    <>
      {settled && !busy && <ScorePlot key={`plot-${settled.call}`} ranking={settled.ranking} topK={topK} hot={hot} onHot={highlight} />}
      {streaming && <RankedList key="live" view={streaming} limit={Math.min(limit, LIVE_ROWS)} dimmed hot={null} onHot={highlight} />}
      {settled && (
        <RankedList key={settled.call} view={settled} limit={limit} dimmed={busy} hidden={streaming !== null} hot={hot} onHot={highlight} />
      )}
    </>
  );
}

interface ListProps {
  view: RankedView;
  limit: number;
  dimmed: boolean;
  hidden?: boolean;
  hot: RankRange | null;
  onHot: Highlight;
}

function RankedList({ view, limit, dimmed, hidden = false, hot, onHot }: ListProps) {
  const shown = view.ranking.slice(0, useGrowingCount(Math.min(view.ranking.length, limit)));
  return (
    <ol className={`results${dimmed ? ' settling' : ''}`} data-testid="results" aria-busy={dimmed} hidden={hidden}>
      {shown.map((r, rank) => (
        <ResultItem
          key={r.index}
          result={r}
          rank={rank}
          passage={view.passages[r.index] ?? ''}
          hot={hot !== null && rank >= hot.start && rank < hot.end}
          onHot={onHot}
        />
      ))}
    </ol>
  );
}
