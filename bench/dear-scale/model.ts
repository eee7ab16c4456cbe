/**
 * DeAR at real width, few layers: random-weight LlamaForSequenceClassification folders with
 * Llama-3.2-3B's config.json widths (vocab 128256, hidden 3072, 24 query / 8 key-value heads of
 * 128, MLP 8192, RMSNorm eps 1e-5, RoPE theta 500000 with Llama 3 scaling), the `reranker` block
 * and external-data chunks scripts/export-dear writes, and 1 or 2 layers, so a load and a score
 * meet the real embedding (128256 × 3072) and real per-layer cost. Written to test-models/
 * (git-ignored, served at /models/test/<name>/), stamped with a hash of these sources.
 *
 * Two embeddings, both q4 graphs (MatMulNBits block 32, as quantize.py makes them):
 * - `f16`: the table stored in float16 and cast back (quantize.py's q4: 788 MB).
 * - `q4`: the table in 4 bits per row, blocks of 32, GatherBlockQuantized (com.microsoft; 246 MB):
 *   what `quantize.py --embedding-4bit` makes, and the one that fits SwiftShader's 1 GiB buffers.
 *
 * Memory: each weight matrix is made from its own seed, quantized and written to disk before the
 * next; embedding rows come from a seed per row, so the reference derives only the rows it reads.
 */
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { folderIsCurrent, sourceHash, writeModelFolder } from '../models';
import { llamaConfig } from '../../scripts/fixtures/families/llama';
import { buildLlamaGraph, type EmbeddingGraph } from '../../scripts/fixtures/families/llama-graph';
import type { LlamaDims, LlamaLayer, LlamaWeights } from '../../scripts/fixtures/families/llama-weights';
import type { Linear } from '../../scripts/fixtures/layers';
import { GraphBuilder } from '../../scripts/fixtures/onnx/graph';
import { ExternalDataFiles } from '../../scripts/fixtures/onnx/external-data';
import { Q4_BLOCK, float16Bits, float16Value, quantizeQ4 } from '../../scripts/fixtures/quant';
import { Rng } from '../../scripts/fixtures/rng';
import type { Llama3Tokenizer } from '../../scripts/fixtures/tokenize/llama3';
import { modelFileName } from '../../worker/registry';

/** Llama 3's vocabulary: the table has this many rows whatever the generated tokenizer uses. */
export const VOCAB = 128256;
export const EMBEDDINGS = ['f16', 'q4'] as const;
export type Embedding = (typeof EMBEDDINGS)[number];
export const DEPTHS = [1, 2] as const;
/** The layers of Llama-3.2-3B, the depth the check extrapolates to. */
export const REAL_LAYERS = 28;

const GENERATOR_SOURCES = [
  'bench/dear-scale/model.ts',
  'bench/models.ts',
  'scripts/fixtures/families/llama.ts',
  'scripts/fixtures/families/llama-graph.ts',
  'scripts/fixtures/families/llama-weights.ts',
  'scripts/fixtures/onnx/graph.ts',
  'scripts/fixtures/onnx/external-data.ts',
  'scripts/fixtures/quant.ts',
  'scripts/fixtures/layers.ts',
  'scripts/fixtures/rng.ts',
  'scripts/fixtures/tokenize/bpe.ts',
  'scripts/fixtures/tokenize/llama3.ts',
];

export const folderName = (embedding: Embedding, layers: number) => `dear-scale-${layers}l-emb${embedding}`;

export function dearDims(layers: number, textVocab: number): LlamaDims {
  return {
    textVocab,
    hidden: 3072,
    layers,
    heads: 24,
    kvHeads: 8,
    headDim: 128,
    intermediate: 8192,
    rmsNormEps: 1e-5,
    ropeTheta: 500000,
    ropeScaling: { factor: 32, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 8192, rope_type: 'llama3' },
  };
}

const SEED = 0xdea2_3b00;
const rootRng = () => new Rng(SEED).fork('dear-scale');

/** Embedding row `id` in float32, from its own seed: unit variance, as RMSNorm follows. */
export function embeddingRowF32(id: number, hidden: number): Float32Array {
  return rootRng().fork('embed').fork(String(id)).weights(hidden, 1);
}

/** The row as the `embedding` graph stores it, dequantized: what the reference must read. */
export function storedEmbeddingRow(id: number, hidden: number, embedding: Embedding): Float32Array {
  const row = embeddingRowF32(id, hidden);
  if (embedding === 'q4') return quantizeQ4(row, hidden, 1).dequantized;
  return row.map((x) => float16Value(float16Bits(x)));
}

/**
 * A Linear whose weights are made from their seed each time they are read, never kept: the graph
 * reads each once (then quantizes and writes it), and the reference keeps its own dequantized copy.
 */
function seededLinear(label: string, K: number, N: number, std = 1 / Math.sqrt(K)): Linear {
  return {
    get W() {
      return rootRng()
        .fork(label)
        .weights(K * N, std);
    },
    b: null,
    K,
    N,
  };
}

/** Layers 0..n-1 are the same in every folder, so a 2-layer model is the 1-layer one plus a layer. */
export function dearWeights(dims: LlamaDims, embedding: Embedding): LlamaWeights {
  const { hidden: H, heads, kvHeads, headDim, intermediate: I } = dims;
  const rms = (label: string) => rootRng().fork(label).weights(H, 0.1, 1);
  const layers: LlamaLayer[] = Array.from({ length: dims.layers }, (_, i) => ({
    inputNorm: rms(`${i}.input_layernorm`),
    q: seededLinear(`${i}.q_proj`, H, heads * headDim),
    k: seededLinear(`${i}.k_proj`, H, kvHeads * headDim),
    v: seededLinear(`${i}.v_proj`, H, kvHeads * headDim),
    o: seededLinear(`${i}.o_proj`, heads * headDim, H),
    postAttentionNorm: rms(`${i}.post_attention_layernorm`),
    gate: seededLinear(`${i}.gate_proj`, H, I),
    up: seededLinear(`${i}.up_proj`, H, I),
    down: seededLinear(`${i}.down_proj`, I, H),
  }));
  return {
    dims,
    embedTokens: new Float32Array(0),
    embedRow: (id) => storedEmbeddingRow(id, H, embedding),
    layers,
    norm: rms('norm'),
    score: seededLinear('score', H, 1, 4 / Math.sqrt(H)),
  };
}

const ROWS_PER_PIECE = 512;

/** The table's bytes in pieces of ROWS_PER_PIECE rows, each row made by `encode`. */
function* tablePieces(hidden: number, bytesPerRow: number, encode: (row: Float32Array, id: number, out: Uint8Array) => void) {
  for (let start = 0; start < VOCAB; start += ROWS_PER_PIECE) {
    const rows = Math.min(ROWS_PER_PIECE, VOCAB - start);
    const piece = new Uint8Array(rows * bytesPerRow);
    for (let r = 0; r < rows; r++) {
      encode(embeddingRowF32(start + r, hidden), start + r, piece.subarray(r * bytesPerRow, (r + 1) * bytesPerRow));
    }
    yield piece;
  }
}

/** quantize.py's q4 embedding: a float16 table, the gathered rows cast back to float32. */
function float16Embedding(hidden: number): EmbeddingGraph {
  return (g, ids) => {
    const bytes = VOCAB * hidden * 2;
    const table = g.streamedConstant(
      'embed_tokens_float16',
      'float16',
      [VOCAB, hidden],
      bytes,
      tablePieces(hidden, hidden * 2, (row, _, out) => {
        const halves = new Uint16Array(out.buffer, out.byteOffset, hidden);
        for (let i = 0; i < hidden; i++) halves[i] = float16Bits(row[i]!);
      }),
    );
    return g.op('Cast', [g.op('Gather', [table, ids], { axis: 0 })], { to: 1 });
  };
}

/**
 * GatherBlockQuantized over a uint8 table [vocab, hidden/2]: per row, blocks of 32 along hidden,
 * scale max|w|/7, zero point 8 (the op's default for uint8), two values per byte low nibble first;
 * MatMulNBits' layout for one column, so quantizeQ4(row, hidden, 1) makes it.
 */
function blockQuantizedEmbedding(hidden: number): EmbeddingGraph {
  return (g, ids) => {
    const blocks = hidden / Q4_BLOCK;
    const scales = new Float32Array(VOCAB * blocks);
    const data = g.streamedConstant(
      'embed_tokens_q4',
      'uint8',
      [VOCAB, hidden / 2],
      (VOCAB * hidden) / 2,
      tablePieces(hidden, hidden / 2, (row, id, out) => {
        const q = quantizeQ4(row, hidden, 1);
        out.set(q.B);
        scales.set(q.scales, id * blocks);
      }),
    );
    // Filled while the table was written, so added after it.
    const scaleName = g.constant('embed_tokens_scales', scales, [VOCAB, blocks]);
    return g.op(
      'GatherBlockQuantized',
      [data, ids, scaleName],
      { bits: { i: 4 }, block_size: { i: Q4_BLOCK }, gather_axis: { i: 0 }, quantize_axis: { i: 1 } },
      'com.microsoft',
    );
  };
}

/** Writes one folder (config, tokenizer, onnx/model_q4.onnx and its side files) unless its stamp is current. */
export function ensureDearScaleFolder(tokenizer: Llama3Tokenizer, embedding: Embedding, layers: number, stamp: string): boolean {
  const name = folderName(embedding, layers);
  if (folderIsCurrent(name, stamp)) return false;
  const dims = dearDims(layers, tokenizer.textVocabSize);
  const path = modelFileName('q4');
  const file = basename(path);
  const pooling = { mode: 'last_token' as const };
  writeModelFolder(name, stamp, {}, (staging) => {
    const external = new ExternalDataFiles(join(staging, 'onnx'), file);
    const g = new GraphBuilder('llama_for_sequence_classification', { external });
    const embed = embedding === 'q4' ? blockQuantizedEmbedding(dims.hidden) : float16Embedding(dims.hidden);
    buildLlamaGraph(dearWeights(dims, embedding), 'q4', pooling, { embed, graph: g });
    const chunks = external.close();
    writeFileSync(join(staging, path), g.toBytes().model);
    const config = llamaConfig(dims, pooling, { [file]: chunks });
    writeFileSync(join(staging, 'config.json'), JSON.stringify(config, null, 2) + '\n');
    writeFileSync(join(staging, 'tokenizer.json'), JSON.stringify(tokenizer.tokenizerJson) + '\n');
    writeFileSync(join(staging, 'tokenizer_config.json'), JSON.stringify(tokenizer.tokenizerConfig, null, 2) + '\n');
  });
  return true;
}

export const dearScaleStamp = (extra: string) => sourceHash(GENERATOR_SOURCES, `dear-scale-v1:${extra}`);
