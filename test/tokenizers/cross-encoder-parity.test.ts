/**
 * The cross-encoder's pair encoding (worker/families/pair-encoder.ts over transformers.js) against
 * Hugging Face's Rust tokenizers, id for id, for each tokenizer kind the presets use: WordPiece
 * (ms-marco MiniLM, jina-reranker-v1), XLM-RoBERTa Unigram (bge-reranker-base) and DeBERTa-v3
 * Unigram (mxbai-rerank). Texts where transformers.js itself tokenizes differently from Rust are
 * listed by name below with the reason; every other text, and every pair built from them, must match.
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tokenizer } from '@anush008/tokenizers';
import { bertTokenizerJson } from '../../scripts/fixtures/tokenize/bert-json';
import { unigramTokenizerFiles } from '../../scripts/fixtures/tokenize/unigram';
import { buildVocab } from '../../scripts/fixtures/tokenize/vocab';
import { pairEncoder, textEncoder } from '../../worker/families/pair-encoder';
import { loadBoth, rustPairs, rustText, type TokenizerFolder } from './oracle';
import { NASTY, dl19Corpus, dl19Pairs, hasDl19 } from './texts';

const MAX_LENGTHS = [512, 128, 48, 16];
const METASPACE = '\u2581';

type Kind = 'wordpiece' | 'xlm-roberta' | 'deberta-v3';

/**
 * Nasty texts on which transformers.js 4.3 (@huggingface/tokenizers 0.2) differs from Rust:
 * - precompiledZwj: Precompiled.ts ignores the charsmap and hard-codes NFKC plus a list of
 *   characters turned into spaces, which includes U+200D (ZWJ); nmt_nfkc keeps ZWJ, so Rust
 *   sees "👩‍👩‍👧‍👦" as one word (one fused <unk>) and transformers.js as four.
 * - precompiledComposition: the same hard-coded NFKC composes "Z + U+0351 + U+0323" into "Ẓ" + U+0351;
 *   the charsmap only rewrites the sequences it lists, so Rust keeps "Z" and reorders the marks.
 * - stripBom: Strip.ts uses String#trim, which removes U+FEFF; Rust strips char::is_whitespace,
 *   which does not, so the charsmap later turns the BOM into a final "▁" only in Rust.
 */
const KNOWN_TEXT_DIFFERENCES: Record<Kind, Partial<Record<keyof typeof NASTY, string>>> = {
  wordpiece: {},
  'xlm-roberta': { emojiZwj: 'precompiledZwj', combining: 'precompiledComposition' },
  'deberta-v3': { emojiZwj: 'precompiledZwj', combining: 'precompiledComposition', controls: 'stripBom' },
};

/**
 * Metaspace.ts ignores `split: true` and runs one Unigram lattice over the whole text instead of
 * one per word. The best segmentation is the same, except when a word has several that use the
 * same pieces in another order ("0"+"00" vs "00"+"0"): their scores are equal, and which one wins
 * depends on float rounding of sums that start from a different total in each implementation.
 * Returns true only for that: same word boundaries, same text, each word the same multiset of pieces.
 */
function isPermutationTie(engine: number[], rust: number[], piece: (id: number) => string): boolean {
  if (engine.length !== rust.length) return false;
  const words = (ids: number[]) => {
    const out: number[][] = [];
    for (const id of ids) {
      if (piece(id).startsWith(METASPACE) || out.length === 0) out.push([id]);
      else out[out.length - 1]!.push(id);
    }
    return out;
  };
  const we = words(engine);
  const wr = words(rust);
  const sameText = (a: number[], b: number[]) => a.map(piece).join('') === b.map(piece).join('');
  const sorted = (w: number[]) => [...w].sort((x, y) => x - y).join(',');
  return we.length === wr.length && we.every((w, i) => sameText(w, wr[i]!) && sorted(w) === sorted(wr[i]!));
}

function files(kind: Kind, corpus: string[]): TokenizerFolder {
  return kind === 'wordpiece' ? bertTokenizerJson(buildVocab(corpus), 512) : unigramTokenizerFiles(kind, corpus, 512);
}

const nastyEntries = Object.entries(NASTY) as [keyof typeof NASTY, string][];

describe.skipIf(!hasDl19).each<Kind>(['wordpiece', 'xlm-roberta', 'deberta-v3'])('%s pair encoding vs Rust tokenizers', (kind) => {
  let rust: Tokenizer;
  let js: PreTrainedTokenizer;
  let pairs: [string, string][];
  /** Texts whose engine ids differ from Rust's, with the reason. */
  const textDiffs = new Map<string, string>();

  beforeAll(async () => {
    const corpus = dl19Corpus();
    ({ rust, js } = await loadBoth(kind, files(kind, corpus)));
    const nasty = nastyEntries.map(([, t]) => t);
    const dl19 = dl19Pairs();
    pairs = [
      ...dl19.map(({ query, passage }): [string, string] => [query, passage]),
      ...nasty.flatMap((a) => nasty.map((b): [string, string] => [a, b])),
      // Nasty passages behind real queries, and nasty queries before real passages.
      ...nasty.flatMap(
        (t, i) =>
          [
            [dl19[i]!.query, t],
            [t, dl19[i]!.passage],
          ] as [string, string][],
      ),
    ];
  });

  it('tokenizes every text as Rust does, except the named transformers.js differences', async () => {
    const texts = [...new Set(pairs.flat())];
    const engine = textEncoder(js);
    const expected = await rustText(rust, texts);
    const piece = (id: number) => rust.idToToken(id) ?? '';
    const known = KNOWN_TEXT_DIFFERENCES[kind];
    texts.forEach((text, i) => {
      const ids = engine(text);
      if (JSON.stringify(ids) === JSON.stringify(expected[i])) return;
      const name = nastyEntries.find(([, t]) => t === text)?.[0];
      const reason =
        (name && known[name]) || (kind !== 'wordpiece' && isPermutationTie(ids, expected[i]!, piece) ? 'permutationTie' : undefined);
      // An unexplained difference fails here with the text and both encodings.
      expect({ text, engine: ids, rust: expected[i], reason }).toEqual({
        text,
        engine: ids,
        rust: expected[i],
        reason: expect.any(String),
      });
      textDiffs.set(text, reason!);
    });
    // Each listed difference still occurs, so the list cannot outlive a transformers.js fix.
    for (const name of Object.keys(known) as (keyof typeof NASTY)[]) {
      expect(textDiffs.has(NASTY[name]!), `${kind}: ${name} now matches Rust; drop it from the list`).toBe(true);
    }
    console.info(
      `[parity] ${kind}: ${texts.length} texts, ${texts.length - textDiffs.size} identical, known differences: ${JSON.stringify(Object.fromEntries([...new Set(textDiffs.values())].map((r) => [r, [...textDiffs.values()].filter((x) => x === r).length])))}`,
    );
  });

  it.each(MAX_LENGTHS)('encodes pairs as Rust does at max length %i (ids, type ids, longest-first truncation)', async (maxLength) => {
    const comparable = pairs.filter(([a, b]) => !textDiffs.has(a) && !textDiffs.has(b));
    expect(comparable.length).toBeGreaterThan(pairs.length * 0.9);
    const encode = pairEncoder(js, maxLength);
    const expected = await rustPairs(rust, comparable, maxLength);
    let truncated = 0;
    comparable.forEach(([a, b], i) => {
      const got = encode(a, b);
      if (got.truncated) truncated++;
      expect(got.ids.length).toBeLessThanOrEqual(maxLength);
      expect({ a, b, ids: got.ids, typeIds: got.typeIds }).toEqual({ a, b, ...expected[i]! });
    });
    // The short lengths must actually exercise truncation on both sides.
    if (maxLength <= 48) expect(truncated).toBeGreaterThan(comparable.length / 2);
    console.info(`[parity] ${kind} @${maxLength}: ${comparable.length} pairs identical (${truncated} truncated)`);
  });
});
