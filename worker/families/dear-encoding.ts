/**
 * How DeAR (and the Llama sequence-classification family) turns a templated query and
 * passage into one row of token ids, and how wide a batch of rows must be padded.
 * Pure functions over a minimal tokenizer, so they are unit-testable without transformers.js.
 */
import type { EncodedPair } from './types';

/** Encodes text without special tokens. */
export interface TextTokenizer {
  encode(text: string): number[];
}

/**
 * The authors' code (DeAR-Reranking data.py) encodes the query with `add_special_tokens=False,
 * max_length=32`, so 32 counts query tokens only; the BOS in front of it comes on top.
 */
export const DEAR_QUERY_MAX_TOKENS = 32;

export interface PairLayoutOptions {
  bosId: number;
  queryMaxTokens: number;
  /** Longest row, both BOS tokens included. */
  maxLength: number;
}

/**
 * `<|begin_of_text|> query <|begin_of_text|> passage`: Llama 3's pair template, with no
 * separator and no EOS. The query is cut to `queryMaxTokens`, then the passage gives up
 * whatever no longer fits in `maxLength`.
 */
export function encodeDearPair(
  tokenizer: TextTokenizer,
  query: string,
  passage: string,
  { bosId, queryMaxTokens, maxLength }: PairLayoutOptions,
): EncodedPair {
  const q = tokenizer.encode(query);
  const p = tokenizer.encode(passage);
  const keptQuery = q.slice(0, queryMaxTokens);
  const room = maxLength - 2 - keptQuery.length;
  if (room < 0) throw new Error(`maxLength ${maxLength} leaves no room for a ${queryMaxTokens}-token query.`);
  const keptPassage = p.slice(0, room);
  return {
    ids: [bosId, ...keptQuery, bosId, ...keptPassage],
    truncated: keptQuery.length < q.length || keptPassage.length < p.length,
  };
}

/**
 * Where the graph reads the score.
 * `last_token`: at the last real token (sum(attention_mask) - 1), so padding never changes a score.
 * `pad_to_max_length`: at the last position of a row padded to max_length, as the released
 * model was trained (its config's pad_token_id is not the padding id), so rows must be that wide.
 */
export type PaddingMode = 'last_token' | 'pad_to_max_length';

/** Width of a right-padded batch: the longest row or `padTo`, or exactly maxLength when the mode demands it. */
export function batchWidth(lengths: readonly number[], mode: PaddingMode, maxLength: number, padTo = 0): number {
  const longest = Math.max(...lengths);
  if (longest > maxLength) throw new Error(`A row of ${longest} tokens exceeds maxLength ${maxLength}.`);
  if (mode === 'last_token') return Math.max(longest, padTo);
  // Any other width would move the position the score is read at.
  if (padTo > maxLength) throw new Error(`This model must be padded to exactly ${maxLength} tokens, not ${padTo}.`);
  return maxLength;
}
