import { describe, expect, it } from 'vitest';
import type { Passage } from '../../worker/api';
import type { EncodedPair } from '../../worker/families/types';
import { foldRows, passageRows, planWindows, words } from '../../worker/windows';

/** A stand-in tokenizer: a word of n characters is ceil(n / 4) tokens; a 3-token query and 3 special tokens; cut at `max`. */
function encoder(max: number) {
  const tokens = (text: string) => words(text).reduce((sum, w) => sum + Math.ceil((w.end - w.start) / 4), 0);
  return (p: Passage): EncodedPair => {
    const { title = '', text } = typeof p === 'string' ? { text: p } : p;
    const length = 6 + tokens(title) + tokens(text);
    return { ids: Array.from({ length: Math.min(length, max) }, () => 1), truncated: length > max };
  };
}
const text = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');

describe('planWindows', () => {
  it('covers every word with windows within the budget, half a window apart, cut at word boundaries', () => {
    const spans = words('aa bb cc dd ee ff gg');
    const windows = planWindows(spans, [1, 1, 1, 1, 1, 1, 1], 4);
    expect(windows.map((w) => 'aa bb cc dd ee ff gg'.slice(w.start, w.end))).toEqual(['aa bb cc dd', 'cc dd ee ff', 'ee ff gg']);
  });

  it('gives a word longer than the budget a window of its own and moves on', () => {
    expect(planWindows(words('a b c'), [1, 9, 1], 2)).toEqual([
      { start: 0, end: 1 },
      { start: 2, end: 3 },
      { start: 4, end: 5 },
    ]);
  });
});

describe('passageRows', () => {
  it('keeps a passage that fits, and one that does not, as one row when truncating', () => {
    const rows = passageRows(['short text', text], encoder(20), 'truncate');
    expect(rows.owner).toEqual([0, 1]);
    expect(rows.rows[1]!.truncated).toBe(true);
    expect(rows.windows).toEqual([undefined, undefined]);
  });

  it('cuts a long passage into overlapping windows that each fit uncut beside the query and title', () => {
    const encode = encoder(20);
    const passage = { title: 'a title', text };
    const rows = passageRows(['short text', passage], encode, 'maxp');
    expect(rows.owner[0]).toBe(0);
    const windows = rows.windows.filter((w) => w !== undefined);
    expect(windows.length).toBeGreaterThan(2);
    expect(rows.rows.every((r) => !r.truncated)).toBe(true);
    expect(windows[0]!.start).toBe(0);
    expect(windows.at(-1)!.end).toBe(text.length);
    for (const [i, w] of windows.entries()) {
      expect(text[w.start - 1] ?? ' ').toBe(' ');
      expect(text[w.end] ?? ' ').toBe(' ');
      expect(encode({ title: 'a title', text: text.slice(w.start, w.end) }).truncated).toBe(false);
      if (i > 0) expect(w.start).toBeLessThan(windows[i - 1]!.end);
    }
  });

  it('shortens a window whose word counts underestimated its tokens until it fits', () => {
    // Words alone count 1 token each here, but together they cost 2 each: the sum is wrong by half.
    const encode = (p: Passage): EncodedPair => {
      const t = typeof p === 'string' ? p : p.text;
      const n = words(t).length;
      const length = 4 + (n === 1 ? 1 : 2 * n);
      return { ids: Array.from({ length: Math.min(length, 12) }, () => 1), truncated: length > 12 };
    };
    const rows = passageRows([text], encode, 'maxp');
    expect(rows.rows.every((r) => !r.truncated)).toBe(true);
    expect(new Set(rows.owner)).toEqual(new Set([0]));
  });
});

describe('foldRows', () => {
  const rows = passageRows(['short', text], encoder(20), 'maxp');
  const windowRows = rows.owner.flatMap((o, r) => (o === 1 ? [r] : []));

  it('gives a passage its best window, and names it', () => {
    const scores = new Map(rows.owner.map((_, r) => [r, r === windowRows[1] ? 5 : -1]));
    const folded = foldRows(rows, scores);
    expect(folded.scores).toEqual(
      new Map([
        [0, -1],
        [1, 5],
      ]),
    );
    expect(folded.details.get(1)).toEqual({ window: rows.windows[windowRows[1]!] });
    expect(folded.details.has(0)).toBe(false);
  });

  it('leaves out a passage until all its windows are scored', () => {
    const scores = new Map([
      [0, 1],
      [windowRows[0]!, 2],
    ]);
    expect([...foldRows(rows, scores).scores.keys()]).toEqual([0]);
  });
});
