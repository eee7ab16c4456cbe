import { describe, expect, it } from 'vitest';
import { BIN_COUNT, MARK_LIMIT, inTopK, overlaps, plotLayout } from '../../web/score-plot';

const descending = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i)).sort((a, b) => b - a);

describe('score plot layout', () => {
  it('gives each passage its own mark up to the limit', () => {
    const layout = plotLayout([3, 1.5, 1.5, -2]);
    expect(layout.kind).toBe('marks');
    expect(layout.groups).toEqual([
      { start: 0, end: 1, lo: 3, hi: 3 },
      { start: 1, end: 2, lo: 1.5, hi: 1.5 },
      { start: 2, end: 3, lo: 1.5, hi: 1.5 },
      { start: 3, end: 4, lo: -2, hi: -2 },
    ]);
    expect([layout.min, layout.max]).toEqual([-2, 3]);
    expect(plotLayout(descending(MARK_LIMIT, Math.sin)).groups).toHaveLength(MARK_LIMIT);
  });

  it('bins 10,000 scores into at most BIN_COUNT contiguous rank ranges whose intervals hold their scores', () => {
    // Skewed like model logits: most passages low, a few high.
    const scores = descending(10_000, (i) => -4 + (10 * ((i * 7919) % 10_000) ** 3) / 1e12);
    const { kind, groups, min, max } = plotLayout(scores);
    expect(kind).toBe('bins');
    expect(groups.length).toBeLessThanOrEqual(BIN_COUNT);
    expect(groups[0]!.start).toBe(0);
    expect(groups.at(-1)!.end).toBe(10_000);
    groups.forEach((g, i) => {
      if (i > 0) expect(g.start).toBe(groups[i - 1]!.end);
      const outside = scores.slice(g.start, g.end).filter((s) => s < g.lo - 1e-9 || s > g.hi + 1e-9);
      expect(outside, `bin ${i}`).toEqual([]);
    });
    expect([min, max]).toEqual([scores.at(-1), scores[0]]);
    // The highest score falls in the last bin, not one past it.
    expect(groups[0]!.hi).toBeCloseTo(max, 9);
  });

  it('puts equal scores in one bin', () => {
    const { kind, groups } = plotLayout(Array.from({ length: MARK_LIMIT + 1 }, () => 0.5));
    expect(kind).toBe('bins');
    expect(groups).toEqual([{ start: 0, end: MARK_LIMIT + 1, lo: 0.5, hi: 0.5 }]);
  });

  it('counts a group’s passages in the top k and finds overlapping ranges', () => {
    expect(inTopK({ start: 5, end: 10 }, 7)).toBe(2);
    expect(inTopK({ start: 5, end: 10 }, 3)).toBe(0);
    expect(inTopK({ start: 5, end: 10 }, 100)).toBe(5);
    expect(overlaps({ start: 5, end: 10 }, { start: 9, end: 10 })).toBe(true);
    expect(overlaps({ start: 5, end: 10 }, { start: 10, end: 11 })).toBe(false);
    expect(overlaps({ start: 5, end: 10 }, null)).toBe(false);
  });

  it('draws nothing for an empty ranking', () => {
    expect(plotLayout([]).groups).toEqual([]);
  });
});
