/**
 * Where a tokenizer puts its special tokens around a text pair, learned once from its
 * own post-processor, so that pairs can be truncated the Hugging Face way (longest
 * first, keeping every special token) and then assembled without re-tokenizing.
 * transformers.js's own truncation just cuts the end, which drops the final separator.
 */
export interface PairLayout {
  prefix: number[];
  middle: number[];
  suffix: number[];
  /** Segment id of each part, in order prefix, A, middle, B, suffix. */
  typeIds: [number, number, number, number, number];
  specialCount: number;
}

export interface PostProcessorLike {
  (
    tokensA: string[],
    tokensB: string[],
    options: { add_special_tokens: boolean },
  ): {
    tokens: string[];
    token_type_ids?: number[];
  };
  /** The post_processor block of tokenizer.json. */
  config?: { type?: string };
}

const A = '\u0000pair-a\u0000';
const B = '\u0000pair-b\u0000';

export function learnPairLayout(postProcess: PostProcessorLike, toIds: (tokens: string[]) => number[]): PairLayout {
  const { tokens, token_type_ids } = postProcess([A], [B], { add_special_tokens: true });
  const a = tokens.indexOf(A);
  const b = tokens.indexOf(B);
  if (a < 0 || b < a) throw new Error('The tokenizer does not encode text pairs as "specials, A, specials, B, specials".');
  // transformers.js's RobertaProcessing gives the second text segment id 1, but Hugging Face's Rust
  // RobertaProcessing (what Python and the models' training used) keeps 0 throughout: RoBERTa and
  // XLM-R have a single token type, so a 1 would index past their token-type embedding.
  const singleType = postProcess.config?.type === 'RobertaProcessing';
  const types = (!singleType && token_type_ids) || tokens.map(() => 0);
  const typeAt = (i: number, fallback: number) => types[i] ?? fallback;
  const prefix = toIds(tokens.slice(0, a));
  const middle = toIds(tokens.slice(a + 1, b));
  const suffix = toIds(tokens.slice(b + 1));
  return {
    prefix,
    middle,
    suffix,
    typeIds: [typeAt(0, 0), typeAt(a, 0), typeAt(a + 1, typeAt(b, 0)), typeAt(b, 0), typeAt(b + 1, typeAt(b, 0))],
    specialCount: prefix.length + middle.length + suffix.length,
  };
}

/**
 * Hugging Face tokenizers' `longest_first` for pairs: the shorter text keeps everything
 * it can and the longer gives way; when both are too long they split the room, the
 * shorter text getting the smaller half.
 */
export function truncateLongestFirst(a: number, b: number, room: number): [number, number] {
  if (a + b <= room) return [a, b];
  const swap = a > b;
  let [short, long] = swap ? [b, a] : [a, b];
  long = short > room ? short : Math.max(short, room - short);
  if (short + long > room) {
    short = Math.floor(room / 2);
    long = short + (room % 2);
  }
  return swap ? [long, short] : [short, long];
}

export function assemblePair(layout: PairLayout, idsA: number[], idsB: number[]): { ids: number[]; typeIds: number[] } {
  const parts = [layout.prefix, idsA, layout.middle, idsB, layout.suffix];
  const ids = parts.flat();
  const typeIds = parts.flatMap((part, i) => part.map(() => layout.typeIds[i]!));
  return { ids, typeIds };
}
