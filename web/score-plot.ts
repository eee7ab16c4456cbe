/**
 * The layout of the score plot: which passages each mark stands for. Up to `MARK_LIMIT`
 * passages each get a mark; above it they are binned into at most `BIN_COUNT` equal score
 * intervals, so the SVG's size does not grow with the ranking (10,000 passages are 40 bars).
 */
export const MARK_LIMIT = 200;
export const BIN_COUNT = 40;

/** Ranks `start` (inclusive) to `end` (exclusive), 0 = best; their scores lie in [lo, hi]. */
export interface RankRange {
  start: number;
  end: number;
}

export interface PlotGroup extends RankRange {
  lo: number;
  hi: number;
}

export interface PlotLayout {
  kind: 'marks' | 'bins';
  groups: PlotGroup[];
  min: number;
  max: number;
}

/**
 * `scores` best first, as a ranking lists them: a score interval is then a contiguous run of
 * ranks, so a bin is a rank range and highlighting it in the list is a range check.
 */
export function plotLayout(scores: readonly number[]): PlotLayout {
  if (scores.length === 0) return { kind: 'marks', groups: [], min: 0, max: 0 };
  const max = scores[0]!;
  const min = scores[scores.length - 1]!;
  if (scores.length <= MARK_LIMIT) {
    return { kind: 'marks', groups: scores.map((score, rank) => ({ start: rank, end: rank + 1, lo: score, hi: score })), min, max };
  }
  const width = (max - min) / BIN_COUNT;
  const binOf = (score: number) => (width > 0 ? Math.min(BIN_COUNT - 1, Math.floor((score - min) / width)) : 0);
  const groups: PlotGroup[] = [];
  let start = 0;
  for (let rank = 1; rank <= scores.length; rank++) {
    const bin = binOf(scores[start]!);
    if (rank < scores.length && binOf(scores[rank]!) === bin) continue;
    groups.push({ start, end: rank, lo: min + bin * width, hi: width > 0 ? min + (bin + 1) * width : max });
    start = rank;
  }
  return { kind: 'bins', groups, min, max };
}

/** How many of a group's passages are within the top `k` shown. */
export function inTopK(group: RankRange, k: number): number {
  return Math.max(0, Math.min(group.end, k) - group.start);
}

export function overlaps(a: RankRange, b: RankRange | null): boolean {
  return b !== null && a.start < b.end && b.start < a.end;
}
