/**
 * The pairs the check scores and their float64 reference logits (scripts/fixtures/reference/llama.ts,
 * the pass the tiny Llama fixtures are checked against), per embedding and depth. The reference
 * reads only the embedding rows of the tokens used and a dequantized copy of each layer (≈ 400 MB
 * per layer in float32); it takes minutes at this width, so its result is kept beside the models,
 * under the models' stamp.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_MODELS_DIR } from '../models';
import { dearInputIds, dearPassage, dearQuery } from '../../scripts/fixtures/families/llama';
import type { LlamaWeights } from '../../scripts/fixtures/families/llama-weights';
import { effectiveLinear, type Linear } from '../../scripts/fixtures/layers';
import { llamaLogitsPerDepth } from '../../scripts/fixtures/reference/llama';
import { buildLlama3Tokenizer, type Llama3Tokenizer } from '../../scripts/fixtures/tokenize/llama3';
import { dearDims, dearWeights, type Embedding } from './model';

/** Merges learned from the scored query's 100 DL19 passages: close to word-level there, as Llama 3's tokenizer is. */
const MERGES = 1500;

export interface Dl19List {
  query: string;
  passages: string[];
}

export function dearScaleTokenizer(list: Dl19List): Llama3Tokenizer {
  return buildLlama3Tokenizer([dearQuery(list.query), ...list.passages.map(dearPassage)], MERGES);
}

export interface ReferenceCase {
  passage: string;
  inputIds: number[];
  /** logits[embedding][depth - 1] */
  logits: Record<Embedding, number[]>;
}

const CACHE = join(TEST_MODELS_DIR, 'dear-scale-reference.json');

/** A copy of `w` whose layers hold the dequantized weights the q4 graph computes with, made once. */
function materialized(w: LlamaWeights): LlamaWeights {
  const fix = (l: Linear): Linear => {
    const { W, b, K, N } = effectiveLinear({ W: l.W, b: l.b, K: l.K, N: l.N }, 'q4');
    return { W, b, K, N };
  };
  return {
    ...w,
    layers: w.layers.map((layer) => ({
      ...layer,
      q: fix(layer.q),
      k: fix(layer.k),
      v: fix(layer.v),
      o: fix(layer.o),
      gate: fix(layer.gate),
      up: fix(layer.up),
      down: fix(layer.down),
    })),
    score: fix(w.score),
  };
}

/**
 * The `count` shortest of the list's first ten passages, in list order: typical DL19 passages
 * (76–90 tokens against the list's mean of 99) that keep the float64 reference to minutes.
 */
export function scoredPairs(tokenizer: Llama3Tokenizer, list: Dl19List, count: number): { passage: string; inputIds: number[] }[] {
  const pairs = list.passages.slice(0, 10).map((passage, index) => ({
    index,
    passage,
    inputIds: dearInputIds(tokenizer.encoder, dearQuery(list.query), dearPassage(passage)),
  }));
  const kept = [...pairs].sort((a, b) => a.inputIds.length - b.inputIds.length || a.index - b.index).slice(0, count);
  return pairs.filter((p) => kept.includes(p)).map(({ passage, inputIds }) => ({ passage, inputIds }));
}

/** Token count of every pair of the list, as the engine builds them. */
export function pairLengths(tokenizer: Llama3Tokenizer, list: Dl19List): number[] {
  return list.passages.map((p) => dearInputIds(tokenizer.encoder, dearQuery(list.query), dearPassage(p)).length);
}

export function referenceCases(
  tokenizer: Llama3Tokenizer,
  pairs: { passage: string; inputIds: number[] }[],
  depth: number,
  stamp: string,
  log: (m: string) => void,
): ReferenceCase[] {
  const key = `${stamp}:${depth}:${pairs.map((p) => p.inputIds.join(',')).join(';')}`;
  if (existsSync(CACHE)) {
    const cached = JSON.parse(readFileSync(CACHE, 'utf8')) as { key: string; cases: ReferenceCase[] };
    if (cached.key === key) return cached.cases;
  }
  log(`reference: float64 forward passes of ${pairs.length} pairs × ${depth} layers × 2 embeddings (minutes; cached afterwards)`);
  const started = performance.now();
  const cases: ReferenceCase[] = pairs.map((p) => ({ ...p, logits: { f16: [], q4: [] } }));
  const base = materialized(dearWeights(dearDims(depth, tokenizer.textVocabSize), 'q4'));
  for (const embedding of ['f16', 'q4'] as const) {
    // Only the embedding differs between the two; the layers are shared.
    const w = { ...base, embedRow: dearWeights(base.dims, embedding).embedRow };
    for (const c of cases) c.logits[embedding] = llamaLogitsPerDepth(w, c.inputIds, 'fp32');
  }
  log(`reference: done in ${Math.round((performance.now() - started) / 1000)} s`);
  writeFileSync(CACHE, JSON.stringify({ key, cases }, null, 1) + '\n');
  return cases;
}
