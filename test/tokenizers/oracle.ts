/**
 * The two tokenizers under comparison, built from one tokenizer.json written to a temp folder:
 * Hugging Face's Rust tokenizers (the oracle) and transformers.js, loaded through
 * `AutoTokenizer.from_pretrained` exactly as the worker loads a model's tokenizer.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Tokenizer, type TruncationStrategy } from '@anush008/tokenizers';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import type { Json } from '../../scripts/fixtures/families/types';

export interface TokenizerFolder {
  tokenizer: Json;
  tokenizerConfig: Json;
}

export interface LoadedPair {
  rust: Tokenizer;
  js: PreTrainedTokenizer;
}

export async function loadBoth(name: string, files: TokenizerFolder): Promise<LoadedPair> {
  const root = mkdtempSync(path.join(tmpdir(), 'tok-parity-'));
  const dir = path.join(root, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(files.tokenizer));
  writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify(files.tokenizerConfig));
  env.localModelPath = `${root}/`;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  const js = await AutoTokenizer.from_pretrained(name);
  return { rust: Tokenizer.fromFile(path.join(dir, 'tokenizer.json')), js };
}

export interface RustPair {
  ids: number[];
  typeIds: number[];
}

/** The Rust encoding of each pair, truncated longest-first to `maxLength` (specials included), as Python's `tokenizer(q, p, truncation=True)`. */
export async function rustPairs(rust: Tokenizer, pairs: readonly [string, string][], maxLength: number): Promise<RustPair[]> {
  // The package declares the strategies as an ambient const enum, which isolatedModules cannot read; the runtime value is this string.
  rust.setTruncation(maxLength, { strategy: 'LongestFirst' as TruncationStrategy });
  const encodings = await Promise.all(pairs.map(([a, b]) => rust.encode(a, b)));
  return encodings.map((e) => ({ ids: e.getIds(), typeIds: e.getTypeIds() }));
}

/** Rust's ids for one text alone, no special tokens, no truncation. */
export async function rustText(rust: Tokenizer, texts: readonly string[]): Promise<number[][]> {
  rust.disableTruncation();
  const encodings = await rust.encodeBatch([...texts], { addSpecialTokens: false });
  return encodings.map((e) => e.getIds());
}
