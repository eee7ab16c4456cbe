/**
 * DeAR's Llama 3 encoding (worker/families/dear-encoding.ts over the transformers.js tokenizer, as
 * llama.ts drives it) against Hugging Face's Rust tokenizers. The authors encode query and passage
 * separately, so the check is piecewise: the row must be BOS, Rust's ids for the templated query
 * cut to 32, BOS, then Rust's ids for the templated passage cut to what is left.
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import type { Tokenizer } from '@anush008/tokenizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOS, BOS_ID, EOS, EOS_ID, buildLlama3Tokenizer } from '../../scripts/fixtures/tokenize/llama3';
import { DEAR_QUERY_MAX_TOKENS, encodeDearPair } from '../../worker/families/dear-encoding';
import { loadBoth, rustText } from './oracle';
import { NASTY, dl19Pairs, hasDl19 } from './texts';

const MAX_LENGTHS = [512, 128, 48];
/** Enough merges for real multi-byte tokens while the table stays quick to learn. */
const MERGES = 400;

const query = (q: string) => `query: ${q}`;
/** DL19 passages have no title, so the template leaves its double space. */
const passage = (p: string) => `document:  ${p}`;

describe.skipIf(!hasDl19)('DeAR Llama 3 encoding vs Rust tokenizers', () => {
  let rust: Tokenizer;
  let js: PreTrainedTokenizer;
  let pairs: [string, string][];
  /**
   * Rust numbers added tokens right after the model vocabulary, whatever id tokenizer.json gives
   * them; the real Llama 3 vocabulary ends at 127999 so they land on 128000/128001, but the
   * miniature one is far shorter. Text that spells a special token out is where this shows.
   */
  let fromRust: (ids: number[]) => number[];
  let addedIds: { rust: number[]; expected: number[] };

  beforeAll(async () => {
    const nasty = Object.values(NASTY);
    const dl19 = dl19Pairs();
    pairs = [
      ...dl19.map(({ query: q, passage: p }): [string, string] => [query(q), passage(p)]),
      ...nasty.flatMap((a) => nasty.map((b): [string, string] => [query(a), passage(b)])),
    ];
    const llama = buildLlama3Tokenizer(
      dl19.filter((_, i) => i % 5 === 0).flatMap(({ query: q, passage: p }) => [q, p]),
      MERGES,
    );
    ({ rust, js } = await loadBoth('llama3', { tokenizer: llama.tokenizerJson, tokenizerConfig: llama.tokenizerConfig }));
    const realId = new Map([
      [rust.tokenToId(BOS)!, BOS_ID],
      [rust.tokenToId(EOS)!, EOS_ID],
    ]);
    addedIds = { rust: [...realId.keys()], expected: [llama.textVocabSize, llama.textVocabSize + 1] };
    fromRust = (ids) => ids.map((id) => realId.get(id) ?? id);
  });

  it('Rust numbers the added tokens straight after the miniature vocabulary, the only ids mapped back', () => {
    expect(addedIds.rust).toEqual(addedIds.expected);
  });

  it.each(MAX_LENGTHS)("builds every row from Rust's own encodings of query and passage at max length %i", async (maxLength) => {
    const text = { encode: (s: string) => js.encode(s, { add_special_tokens: false }) };
    const layout = { bosId: BOS_ID, queryMaxTokens: DEAR_QUERY_MAX_TOKENS, maxLength };
    const queries = (
      await rustText(
        rust,
        pairs.map(([q]) => q),
      )
    ).map(fromRust);
    const passages = (
      await rustText(
        rust,
        pairs.map(([, p]) => p),
      )
    ).map(fromRust);
    let truncated = 0;
    pairs.forEach(([q, p], i) => {
      const rq = queries[i]!.slice(0, DEAR_QUERY_MAX_TOKENS);
      const expected = [BOS_ID, ...rq, BOS_ID, ...passages[i]!.slice(0, maxLength - 2 - rq.length)];
      const row = encodeDearPair(text, q, p, layout);
      if (row.truncated) truncated++;
      expect({ q, p, ids: row.ids }).toEqual({ q, p, ids: expected });
    });
    if (maxLength <= 128) expect(truncated).toBeGreaterThan(pairs.length / 2);
    console.info(`[parity] llama3 (DeAR) @${maxLength}: ${pairs.length} rows identical (${truncated} truncated)`);
  });

  it("matches Rust's own pair template when nothing is cut", async () => {
    rust.disableTruncation();
    const text = { encode: (s: string) => js.encode(s, { add_special_tokens: false }) };
    const sample = pairs.filter((_, i) => i % 10 === 0);
    const expected = await Promise.all(sample.map(([q, p]) => rust.encode(q, p)));
    sample.forEach(([q, p], i) => {
      const row = encodeDearPair(text, q, p, { bosId: BOS_ID, queryMaxTokens: Infinity, maxLength: Infinity });
      expect(row.ids).toEqual(fromRust(expected[i]!.getIds()));
    });
  });
});
