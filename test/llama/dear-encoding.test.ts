/**
 * DeAR pair construction on the miniature Llama 3 tokenizer, read by transformers.js as the worker
 * reads it, plus the length arithmetic on a tokenizer whose ids are the words themselves.
 */
import { PreTrainedTokenizer } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { fixtureTokenizer } from '../../scripts/fixtures/families/llama';
import { BOS_ID, EOS_ID } from '../../scripts/fixtures/tokenize/llama3';
import { DEAR_QUERY_MAX_TOKENS, batchWidth, encodeDearPair } from '../../worker/families/dear-encoding';

const MAX_LENGTH = 228;
const layout = { bosId: BOS_ID, queryMaxTokens: DEAR_QUERY_MAX_TOKENS, maxLength: MAX_LENGTH };

const { tokenizerJson, tokenizerConfig } = fixtureTokenizer();
const hf = new PreTrainedTokenizer(tokenizerJson, tokenizerConfig);
const text = { encode: (s: string) => hf.encode(s, { add_special_tokens: false }) };
/** "Ġ": the byte-level token of one space; Llama 3 gives it the same id. */
const SPACE = 220;

/** Ids are the numbers written in the text: "3 4 5" → [3, 4, 5]. */
const numbers = { encode: (s: string) => (s ? s.split(' ').map(Number) : []) };
const count = (n: number, from = 0) => Array.from({ length: n }, (_, i) => String(from + i)).join(' ');

describe('encodeDearPair on the Llama 3 tokenizer', () => {
  const query = 'query: When did Thomas Edison invent the light bulb?';
  const passage = 'document:  Thomas Edison invented the light bulb in 1879';

  it('is BOS, query, BOS, passage with no separator and no EOS', () => {
    const q = text.encode(query);
    const p = text.encode(passage);
    const pair = encodeDearPair(text, query, passage, layout);
    expect(pair).toEqual({ ids: [BOS_ID, ...q, BOS_ID, ...p], truncated: false });
    expect(pair.ids.filter((id) => id === BOS_ID)).toHaveLength(2);
    expect(pair.ids).not.toContain(EOS_ID);
  });

  it("matches the tokenizer's own pair template", () => {
    const pair = encodeDearPair(text, query, passage, layout);
    expect(hf.encode(query, { text_pair: passage })).toEqual(pair.ids);
  });

  it('keeps the empty-title double space as a token of its own', () => {
    // "document:  Thomas" pre-tokenizes as "document", ":", " ", " Thomas".
    expect(text.encode('document:  Thomas')).toEqual([...text.encode('document:'), SPACE, ...text.encode(' Thomas')]);
    expect(text.encode('document:  Thomas')).not.toEqual(text.encode('document: Thomas'));
  });

  it('cuts a long query to 32 tokens even when the passage is short', () => {
    const longQuery = `query: ${'Which of the many inventors of the electric light bulb made the first lamp that could glow for hours? '.repeat(2)}`;
    const q = text.encode(longQuery);
    expect(q.length).toBeGreaterThan(DEAR_QUERY_MAX_TOKENS);
    const pair = encodeDearPair(text, longQuery, 'document:  Menlo Park', layout);
    expect(pair.ids.indexOf(BOS_ID, 1)).toBe(1 + DEAR_QUERY_MAX_TOKENS);
    expect(pair.ids.slice(1, 1 + DEAR_QUERY_MAX_TOKENS)).toEqual(q.slice(0, DEAR_QUERY_MAX_TOKENS));
    expect(pair.ids.slice(2 + DEAR_QUERY_MAX_TOKENS)).toEqual(text.encode('document:  Menlo Park'));
    expect(pair.truncated).toBe(true);
  });

  it('cuts a long passage so the pair is exactly 228 tokens', () => {
    const longPassage = `document:  ${'The carbon filament glowed for hours in the glass bulb. '.repeat(40)}`;
    const q = text.encode(query);
    const pair = encodeDearPair(text, query, longPassage, layout);
    expect(pair.ids).toHaveLength(MAX_LENGTH);
    expect(pair.ids.slice(q.length + 2)).toEqual(text.encode(longPassage).slice(0, MAX_LENGTH - 2 - q.length));
    expect(pair.truncated).toBe(true);
  });
});

describe('encodeDearPair length arithmetic', () => {
  const small = { bosId: 900, queryMaxTokens: 3, maxLength: 10 };

  it('keeps a query of exactly queryMaxTokens whole', () => {
    expect(encodeDearPair(numbers, count(3), count(2, 50), small)).toEqual({ ids: [900, 0, 1, 2, 900, 50, 51], truncated: false });
  });

  it('gives the passage all the room the query leaves', () => {
    expect(encodeDearPair(numbers, count(1), count(7, 50), small)).toEqual({
      ids: [900, 0, 900, 50, 51, 52, 53, 54, 55, 56],
      truncated: false,
    });
    expect(encodeDearPair(numbers, count(1), count(8, 50), small)).toEqual({
      ids: [900, 0, 900, 50, 51, 52, 53, 54, 55, 56],
      truncated: true,
    });
  });

  it('cuts the query first, then the passage', () => {
    expect(encodeDearPair(numbers, count(5), count(9, 50), small)).toEqual({
      ids: [900, 0, 1, 2, 900, 50, 51, 52, 53, 54],
      truncated: true,
    });
  });

  it('refuses a maxLength with no room for the query', () => {
    expect(() => encodeDearPair(numbers, count(3), '', { ...small, maxLength: 4 })).toThrow(/no room/);
  });
});

describe('batchWidth', () => {
  it('pads to the longest row, or further on request, when the graph reads the last real token', () => {
    expect(batchWidth([5, 17, 9], 'last_token', MAX_LENGTH)).toBe(17);
    expect(batchWidth([5, 17, 9], 'last_token', MAX_LENGTH, 64)).toBe(64);
    expect(batchWidth([5, 17, 9], 'last_token', MAX_LENGTH, 512)).toBe(512);
  });

  it('pads to exactly maxLength when the score is read at the last padding position', () => {
    expect(batchWidth([5, 17, 9], 'pad_to_max_length', MAX_LENGTH)).toBe(MAX_LENGTH);
    expect(batchWidth([5, 17, 9], 'pad_to_max_length', MAX_LENGTH, 64)).toBe(MAX_LENGTH);
    expect(() => batchWidth([5], 'pad_to_max_length', MAX_LENGTH, 512)).toThrow(/exactly 228/);
  });

  it('refuses a row longer than maxLength', () => {
    expect(() => batchWidth([229], 'last_token', MAX_LENGTH)).toThrow(/exceeds/);
  });
});
