/**
 * Benchmark models, generated on the fly into test-models/bench-* (git-ignored, served by the
 * dev/preview servers at /models/test/<name>/) and never committed:
 *
 * - bench-bert-minilm: a random-weight BertForSequenceClassification of ms-marco-MiniLM-L-6 shape
 *   (6 layers, hidden 384, 12 heads, intermediate 1536, 512 positions) with a WordPiece
 *   vocabulary made of every word of the DL19 queries and passages plus every character seen
 *   (bare and ##-prefixed), so DL19 tokenizes without [UNK]. fp32 (model.onnx), q8
 *   (model_quantized.onnx, dynamic MatMulInteger — see scripts/fixtures/onnx/quantize-q8.ts) and q4
 *   (model_q4.onnx, MatMulNBits, the fixtures' own q4 graph).
 * - bench-llama (when the Llama fixture modules exist): see llama-model.ts in this folder.
 *
 * Weights are plain Gaussians (not snapped to the q4 grid as the test fixtures' are), so the
 * q8/q4 score differences are those of honest quantization of a random model.
 * Regeneration is skipped when the folder's stamp matches a hash of the generator sources.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bertGraph } from '../scripts/fixtures/bert/graph';
import { bertConfig } from '../scripts/fixtures/families/bert';
import { randomBertWeights, type BertDims, type LinearFactory } from '../scripts/fixtures/bert/weights';
import { Rng } from '../scripts/fixtures/rng';
import { bertTokenizerJson } from '../scripts/fixtures/tokenize/bert-json';
import { SPECIAL_TOKENS } from '../scripts/fixtures/tokenize/vocab';
import { normalize, preTokenize } from '../scripts/fixtures/tokenize/wordpiece';
import { modelFileName } from '../worker/registry';
import { REPO_ROOT, allTexts } from './data';
import { quantizeDynamicQ8 } from '../scripts/fixtures/onnx/quantize-q8';

export const TEST_MODELS_DIR = resolve(REPO_ROOT, 'test-models');
export const BERT_MODEL = 'bench-bert-minilm';
const MAX_LENGTH = 512;
/** BERT's own vocabulary size: the cap, should DL19 ever have more distinct words. */
const MAX_VOCAB = 30522;

/** Files whose content decides the generated models. */
const GENERATOR_SOURCES = [
  'bench/models.ts',
  'scripts/fixtures/onnx/quantize-q8.ts',
  'bench/data.ts',
  'scripts/fixtures/bert/graph.ts',
  'scripts/fixtures/onnx/graph.ts',
  'scripts/fixtures/quant.ts',
  'scripts/fixtures/layers.ts',
  'scripts/fixtures/rng.ts',
  'scripts/fixtures/tokenize/bert-json.ts',
  'scripts/fixtures/tokenize/vocab.ts',
  'scripts/fixtures/tokenize/wordpiece.ts',
];

export function sourceHash(files: readonly string[], extra = ''): string {
  // Folders are written under the engine's graph file names: renaming one must regenerate them.
  const hash = createHash('sha256')
    .update(extra)
    .update((['fp32', 'q8', 'q4'] as const).map(modelFileName).join('\0'));
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(REPO_ROOT, file)))
      .update('\0');
  return hash.digest('hex');
}

/** Specials, every character seen (bare and as ##continuation), then DL19 words by frequency. */
export function dl19WordPieceVocab(texts: readonly string[]): string[] {
  const freq = new Map<string, number>();
  const chars = new Set<string>();
  for (let cp = 33; cp <= 126; cp++) {
    const c = String.fromCharCode(cp);
    if (c < 'A' || c > 'Z') chars.add(c);
  }
  for (const text of texts) {
    for (const word of preTokenize(normalize(text))) {
      freq.set(word, (freq.get(word) ?? 0) + 1);
      for (const c of word) chars.add(c);
    }
  }
  const sortedChars = [...chars].sort();
  const words = [...freq.entries()]
    .filter(([w]) => w.length <= 100)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([w]) => w);
  const vocab = [...new Set([...SPECIAL_TOKENS, ...sortedChars, ...sortedChars.map((c) => `##${c}`), ...words])];
  return vocab.slice(0, MAX_VOCAB);
}

/** Plain Gaussian weights, not snapped to the q4 grid as the fixtures' are, so quantization error is honest. */
const gaussianLinear: LinearFactory = (rng, K, N, std) => ({ W: rng.weights(K * N, std), b: rng.weights(N, 0.02), K, N });

export interface GeneratedFolder {
  name: string;
  dir: string;
  files: Record<string, number>;
  generated: boolean;
  ms: number;
  notes: Record<string, unknown>;
}

/**
 * Writes `files` (path → bytes or JSON) to test-models/<name> through a staging folder, with a
 * stamp; `writeLarge` first writes what is too large to hold in memory straight into the staging folder.
 */
export function writeModelFolder(
  name: string,
  stamp: string,
  files: Record<string, Uint8Array | object>,
  writeLarge?: (stagingDir: string) => void,
): void {
  const staging = join(TEST_MODELS_DIR, `.staging-${name}-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'onnx'), { recursive: true });
  writeLarge?.(staging);
  for (const [path, content] of Object.entries(files)) {
    writeFileSync(join(staging, path), content instanceof Uint8Array ? content : JSON.stringify(content, null, 2) + '\n');
  }
  writeFileSync(join(staging, '.stamp'), stamp + '\n');
  const target = join(TEST_MODELS_DIR, name);
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
}

export function folderIsCurrent(name: string, stamp: string): boolean {
  const file = join(TEST_MODELS_DIR, name, '.stamp');
  return existsSync(file) && readFileSync(file, 'utf8').trim() === stamp;
}

export function folderSizes(name: string): Record<string, number> {
  const dir = join(TEST_MODELS_DIR, name);
  const out: Record<string, number> = {};
  for (const sub of ['', 'onnx']) {
    for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
      if (e.isFile() && !e.name.startsWith('.')) out[join(sub, e.name)] = statSync(join(dir, sub, e.name)).size;
    }
  }
  return out;
}

export function ensureBertModel(): GeneratedFolder {
  const started = performance.now();
  const stamp = sourceHash(GENERATOR_SOURCES, 'bert-v1');
  const dir = join(TEST_MODELS_DIR, BERT_MODEL);
  let generated = false;
  let notes: Record<string, unknown> = {};
  if (!folderIsCurrent(BERT_MODEL, stamp)) {
    const vocab = dl19WordPieceVocab(allTexts());
    const dims: BertDims = {
      vocabSize: vocab.length,
      hidden: 384,
      layers: 6,
      heads: 12,
      intermediate: 1536,
      maxPositions: MAX_LENGTH,
      typeVocabSize: 2,
      layerNormEps: 1e-12,
    };
    const weights = randomBertWeights(new Rng(0xbe_4c_2025).fork('bench-bert-minilm'), dims, gaussianLinear);
    const fp32 = bertGraph(weights, 'fp32');
    const q8 = quantizeDynamicQ8(fp32);
    const { tokenizer, tokenizerConfig } = bertTokenizerJson(vocab, MAX_LENGTH);
    writeModelFolder(BERT_MODEL, stamp, {
      'config.json': bertConfig(dims) as object,
      'tokenizer.json': tokenizer as object,
      'tokenizer_config.json': tokenizerConfig as object,
      [modelFileName('fp32')]: fp32,
      [modelFileName('q8')]: q8.model,
      [modelFileName('q4')]: bertGraph(weights, 'q4'),
    });
    generated = true;
    notes = { vocabSize: vocab.length, q8: q8.stats };
  }
  return { name: BERT_MODEL, dir, files: folderSizes(BERT_MODEL), generated, ms: performance.now() - started, notes };
}
