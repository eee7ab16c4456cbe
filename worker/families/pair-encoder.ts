/**
 * A cross-encoder's (query, passage) → model input, from a loaded transformers.js tokenizer:
 * each text tokenized alone, truncated longest-first, then framed by the tokenizer's own
 * pair template. Kept apart from model loading so it can be checked against the Rust tokenizers.
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import type { EncodedPair } from './types';
import { assemblePair, learnPairLayout, truncateLongestFirst, type PostProcessorLike } from './pair-layout';

export type PairEncoder = (query: string, passage: string) => EncodedPair;

/**
 * A text's ids without special tokens. Lone surrogates become U+FFFD first: that is what the
 * text turns into on any UTF-8 round trip (and all Hugging Face's Rust tokenizers can ever see),
 * whereas transformers.js would otherwise keep each one as a character of its own.
 */
export function textEncoder(tokenizer: PreTrainedTokenizer): (text: string) => number[] {
  return (text) => tokenizer.encode(text.replace(/\p{Cs}/gu, '\uFFFD'), { add_special_tokens: false });
}

export function pairEncoder(tokenizer: PreTrainedTokenizer, maxLength: number): PairEncoder {
  const inner = (tokenizer as unknown as { _tokenizer: { post_processor: PostProcessorLike | null } })._tokenizer;
  if (!inner.post_processor) throw new Error('The tokenizer has no post-processor, so it cannot encode text pairs.');
  const layout = learnPairLayout(inner.post_processor, (tokens) => tokenizer.convert_tokens_to_ids(tokens));
  const encode = textEncoder(tokenizer);

  return (query, passage) => {
    const a = encode(query);
    const b = encode(passage);
    const [na, nb] = truncateLongestFirst(a.length, b.length, maxLength - layout.specialCount);
    const { ids, typeIds } = assemblePair(layout, a.slice(0, na), b.slice(0, nb));
    return { ids, typeIds, truncated: na < a.length || nb < b.length };
  };
}
