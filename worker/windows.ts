/**
 * Long documents scored by their best window (MaxP): a passage whose pair would be cut to the
 * model's maximum length is scored instead as overlapping windows of its text, cut at word
 * boundaries, each sized from token counts so that it fits beside the query; the passage takes
 * its best window's score. The windows are rows like any other, so batching is unchanged.
 */
import type { Passage, ScoredPassage } from './api';
import type { EncodedPair } from './families/types';

export interface Span {
  start: number;
  end: number;
}

/** One row to score: which passage it belongs to and, for a window, which part of the passage's text. */
export interface PassageRows {
  rows: EncodedPair[];
  owner: number[];
  windows: (Span | undefined)[];
}

type Encode = (passage: Passage) => EncodedPair;
const parts = (p: Passage) => (typeof p === 'string' ? { title: undefined, text: p } : p);

/** The words of `text` (runs of non-space), as character offsets. */
export function words(text: string): Span[] {
  return [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/**
 * Windows of whole words whose tokens sum to at most `budget`, each starting half a window after
 * the previous one, the last ending at the last word. A word longer than the budget is a window alone.
 */
export function planWindows(spans: readonly Span[], tokens: readonly number[], budget: number): Span[] {
  const windows: Span[] = [];
  let first = 0;
  while (first < spans.length) {
    let last = first;
    let sum = tokens[first]!;
    while (last + 1 < spans.length && sum + tokens[last + 1]! <= budget) sum += tokens[++last]!;
    windows.push({ start: spans[first]!.start, end: spans[last]!.end });
    if (last === spans.length - 1) break;
    first = Math.max(first + 1, first + Math.floor((last - first + 1) / 2));
  }
  return windows;
}

/**
 * Every passage as one row, or, in `maxp` mode, a passage its pair would cut as one row per window.
 * Word token counts come from `encode` itself (a word's ids beside an empty text's), and each window
 * is encoded and, should the sum have underestimated, shortened by a word until it fits uncut.
 */
export function passageRows(passages: readonly Passage[], encode: Encode, mode: 'truncate' | 'maxp'): PassageRows {
  const out: PassageRows = { rows: [], owner: [], windows: [] };
  const push = (row: EncodedPair, owner: number, window?: Span) => (out.rows.push(row), out.owner.push(owner), out.windows.push(window));
  const counts = new Map<string, number>();
  passages.forEach((passage, index) => {
    const whole = encode(passage);
    const { title, text } = parts(passage);
    const spans = mode === 'maxp' && whole.truncated ? words(text) : [];
    if (spans.length < 2) return push(whole, index);
    // What the query, title and special tokens leave of the window; a query that fills it is cut as before.
    const budget = whole.ids.length - encode({ title, text: '' }).ids.length;
    if (budget < 1) return push(whole, index);
    const tokens = spans.map(({ start, end }) => {
      const word = text.slice(start, end);
      if (!counts.has(word)) counts.set(word, encode({ text: word }).ids.length - encode({ text: '' }).ids.length);
      return counts.get(word)!;
    });
    for (const window of planWindows(spans, tokens, budget)) {
      let end = window.end;
      let row = encode({ title, text: text.slice(window.start, end) });
      while (row.truncated) {
        const shorter = spans.findLast((s) => s.end < end && s.start >= window.start);
        if (!shorter) break;
        end = shorter.end;
        row = encode({ title, text: text.slice(window.start, end) });
      }
      push(row, index, { start: window.start, end });
    }
  });
  return out;
}

/** Scores per passage from scores per row: only passages whose rows are all scored, each at its best row. */
export function foldRows(
  rows: PassageRows,
  scores: ReadonlyMap<number, number>,
): { scores: Map<number, number>; details: Map<number, Pick<ScoredPassage, 'truncated' | 'window'>> } {
  const best = new Map<number, number>();
  const pending = new Set<number>();
  const cut = new Set<number>();
  rows.owner.forEach((owner, row) => {
    if (rows.rows[row]!.truncated) cut.add(owner);
    const score = scores.get(row);
    if (score === undefined) return void pending.add(owner);
    const held = best.get(owner);
    if (held === undefined || score > scores.get(held)!) best.set(owner, row);
  });
  const folded = new Map<number, number>();
  const details = new Map<number, Pick<ScoredPassage, 'truncated' | 'window'>>();
  for (const [owner, row] of best) {
    if (pending.has(owner)) continue;
    folded.set(owner, scores.get(row)!);
    const window = rows.windows[row];
    if (window || cut.has(owner))
      details.set(owner, { ...(window ? { window } : {}), ...(cut.has(owner) ? { truncated: true as const } : {}) });
  }
  return { scores: folded, details };
}
