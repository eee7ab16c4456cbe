/**
 * bench-llama: a random-weight LlamaForSequenceClassification laid out like scripts/export-dear's
 * DeAR export (config `reranker` block with last-token pooling, Llama 3 tokenizer layout, fp32 and
 * q4 graphs), built with the Llama fixture's graph and tokenizer builders (read-only use), at a
 * size where the matrix products dominate: 4 layers, hidden 512, 8 query / 2 key-value heads of
 * 64, MLP 1536 (≈ 12.6 M weights in the layers, ≈ 25 MFLOP per token, like MiniLM-L6), and a
 * byte-level BPE with 2000 merges learned from the DL19 texts (templated as DeAR sees them;
 * learning them takes 1–2 minutes, once: the folder is stamped with a hash of its sources).
 * Weights are plain Gaussians (not snapped to the q4 grid as the test fixtures' are).
 */
import { join } from 'node:path';
import { llamaConfig } from '../scripts/fixtures/families/llama';
import { buildLlamaGraph } from '../scripts/fixtures/families/llama-graph';
import type { LlamaDims, LlamaWeights } from '../scripts/fixtures/families/llama-weights';
import { randomNorm, type Linear } from '../scripts/fixtures/layers';
import { Rng } from '../scripts/fixtures/rng';
import { buildLlama3Tokenizer } from '../scripts/fixtures/tokenize/llama3';
import { modelFileName } from '../worker/registry';
import { loadDl19 } from './data';
import { TEST_MODELS_DIR, folderIsCurrent, folderSizes, sourceHash, writeModelFolder, type GeneratedFolder } from './models';

export const LLAMA_MODEL = 'bench-llama';
const MERGES = 2000;

const GENERATOR_SOURCES = [
  'bench/llama-model.ts',
  'bench/data.ts',
  'scripts/fixtures/families/llama.ts',
  'scripts/fixtures/families/llama-graph.ts',
  'scripts/fixtures/families/llama-weights.ts',
  'scripts/fixtures/onnx/graph.ts',
  'scripts/fixtures/quant.ts',
  'scripts/fixtures/layers.ts',
  'scripts/fixtures/rng.ts',
  'scripts/fixtures/tokenize/bpe.ts',
  'scripts/fixtures/tokenize/llama3.ts',
];

export async function ensureLlamaModel(): Promise<GeneratedFolder> {
  const started = performance.now();
  const stamp = sourceHash(GENERATOR_SOURCES, 'llama-v1');
  let generated = false;
  let notes: Record<string, unknown> = {};
  if (!folderIsCurrent(LLAMA_MODEL, stamp)) {
    // DeAR's templates (worker/registry.ts): "query: …" and, with no title, "document:  …".
    const corpus = loadDl19().flatMap((q) => [`query: ${q.query}`, ...q.hits.map((h) => `document:  ${h.content}`)]);
    const tokenizer = buildLlama3Tokenizer(corpus, MERGES);
    const dims: LlamaDims = {
      textVocab: tokenizer.textVocabSize,
      hidden: 512,
      layers: 4,
      heads: 8,
      kvHeads: 2,
      headDim: 64,
      intermediate: 1536,
      rmsNormEps: 1e-5,
      ropeTheta: 500000,
      ropeScaling: { factor: 32, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 8192, rope_type: 'llama3' },
    };
    const rng = new Rng(0x11a3_2025).fork(LLAMA_MODEL);
    const H = dims.hidden;
    const dense = (label: string, K: number, N: number, std = 1 / Math.sqrt(K)): Linear => ({
      W: rng.fork(label).weights(K * N, std),
      b: null,
      K,
      N,
    });
    const rms = (label: string) => randomNorm(rng.fork(label), H).gamma;
    const weights: LlamaWeights = {
      dims,
      embedTokens: rng.fork('embed').weights((dims.textVocab + 2) * H, 1),
      layers: Array.from({ length: dims.layers }, (_, i) => ({
        inputNorm: rms(`${i}.input_layernorm`),
        q: dense(`${i}.q_proj`, H, dims.heads * dims.headDim),
        k: dense(`${i}.k_proj`, H, dims.kvHeads * dims.headDim),
        v: dense(`${i}.v_proj`, H, dims.kvHeads * dims.headDim),
        o: dense(`${i}.o_proj`, dims.heads * dims.headDim, H),
        postAttentionNorm: rms(`${i}.post_attention_layernorm`),
        gate: dense(`${i}.gate_proj`, H, dims.intermediate),
        up: dense(`${i}.up_proj`, H, dims.intermediate),
        down: dense(`${i}.down_proj`, dims.intermediate, H),
      })),
      norm: rms('norm'),
      score: dense('score', H, 1, 4 / Math.sqrt(H)),
    };
    const pooling = { mode: 'last_token' as const };
    const config = llamaConfig(dims, pooling, null) as object;
    writeModelFolder(LLAMA_MODEL, stamp, {
      'config.json': config,
      'tokenizer.json': tokenizer.tokenizerJson as object,
      'tokenizer_config.json': tokenizer.tokenizerConfig as object,
      [modelFileName('fp32')]: buildLlamaGraph(weights, 'fp32', pooling).toBytes().model,
      [modelFileName('q4')]: buildLlamaGraph(weights, 'q4', pooling).toBytes().model,
    });
    generated = true;
    notes = { textVocab: dims.textVocab, merges: MERGES, dims };
  }
  return {
    name: LLAMA_MODEL,
    dir: join(TEST_MODELS_DIR, LLAMA_MODEL),
    files: folderSizes(LLAMA_MODEL),
    generated,
    ms: performance.now() - started,
    notes,
  };
}
