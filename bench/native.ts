/**
 * The CPU ceiling: the same ONNX file, the same token ids (bench/encode.ts replays the engine's
 * tokenization) and the same batch plan, run by onnxruntime-node natively with the browser's
 * thread count. The padding mirrors the families' `score()`: a batch is as wide as its longest
 * row, or maxLength under `fixed` (the bench's Llama pools at the last real token).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import type { Dtype } from '../worker/api';
import type { EncodedPair } from '../worker/families/types';
import { batchPlan } from '../worker/batching';
import { familyOfConfig } from '../worker/families';
import { modelFileName } from '../worker/registry';
import type { Batching, NodeEncoder } from './encode';

/** onnxruntime-node, or onnxruntime-web's WASM build run inside Node (the browser's kernels without the browser). */
export type NodeRuntime = 'native' | 'wasm';
type Ort = typeof ortNode;

export interface NativeModel {
  ort: Ort;
  session: ortNode.InferenceSession;
  padId: number;
  inputNames: readonly string[];
}

export async function openNative(dir: string, dtype: Dtype, threads: number, runtime: NodeRuntime = 'native'): Promise<NativeModel> {
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as {
    model_type: string;
    reranker?: { pad_id: number };
    pad_token_id?: number;
  };
  const file = join(dir, modelFileName(dtype));
  let ort: Ort;
  let session: ortNode.InferenceSession;
  if (runtime === 'native') {
    ort = ortNode;
    session = await ortNode.InferenceSession.create(file, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
  } else {
    // Read once, when onnxruntime-web starts its WASM module.
    ortWeb.env.wasm.numThreads = threads;
    ort = ortWeb as unknown as Ort;
    session = (await ortWeb.InferenceSession.create(readFileSync(file), {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
    })) as unknown as ortNode.InferenceSession;
  }
  const padId = familyOfConfig(config) === 'llama-seq-cls' ? config.reranker!.pad_id : (config.pad_token_id ?? 0);
  return { ort, session, padId, inputNames: session.inputNames };
}

function int64(ort: Ort, rows: number[][], width: number, pad: number): ortNode.Tensor {
  const data = new BigInt64Array(rows.length * width).fill(BigInt(pad));
  rows.forEach((row, r) => row.forEach((v, c) => (data[r * width + c] = BigInt(v))));
  return new ort.Tensor('int64', data, [rows.length, width]);
}

export async function scoreNative(m: NativeModel, rows: EncodedPair[], padTo: number): Promise<Float32Array> {
  const width = Math.max(padTo, ...rows.map((r) => r.ids.length));
  const ids = rows.map((r) => r.ids);
  const feeds: Record<string, ortNode.Tensor> = {
    input_ids: int64(m.ort, ids, width, m.padId),
    attention_mask: int64(
      m.ort,
      ids.map((r) => r.map(() => 1)),
      width,
      0,
    ),
  };
  if (m.inputNames.includes('token_type_ids'))
    feeds.token_type_ids = int64(
      m.ort,
      rows.map((r) => r.typeIds ?? r.ids.map(() => 0)),
      width,
      0,
    );
  if (m.inputNames.includes('position_ids')) {
    const positions = Array.from({ length: width }, (_, i) => i);
    feeds.position_ids = int64(
      m.ort,
      ids.map(() => positions),
      width,
      0,
    );
  }
  const out = await m.session.run(feeds);
  return Float32Array.from(out.logits!.data as Float32Array);
}

export interface NativeRun {
  totalMs: number;
  tokenizeMs: number;
  inferenceMs: number;
  firstBatchMs: number;
  passagesPerSecond: number;
  batches: number;
  paddedTokens: number;
  realTokens: number;
  scores: number[];
}

export async function runNative(
  m: NativeModel,
  encoder: NodeEncoder,
  query: string,
  passages: string[],
  batching: Batching,
  batchSize?: number,
): Promise<NativeRun> {
  const started = performance.now();
  const pairs = encoder.encode(query, passages);
  const tokenized = performance.now();
  const { batches: plan, padTo } = batchPlan(
    pairs.map((p) => p.ids.length),
    'wasm',
    encoder.preset.maxLength,
    { batching, batchSize },
  );
  const scores = Array.from({ length: pairs.length }, () => NaN);
  let firstBatchMs = NaN;
  let paddedTokens = 0;
  for (const batch of plan) {
    const rows = batch.map((i) => pairs[i]!);
    paddedTokens += rows.length * Math.max(padTo, ...rows.map((r) => r.ids.length));
    const logits = await scoreNative(m, rows, padTo);
    batch.forEach((index, row) => (scores[index] = logits[row]!));
    if (Number.isNaN(firstBatchMs)) firstBatchMs = performance.now() - started;
  }
  const finished = performance.now();
  return {
    totalMs: finished - started,
    tokenizeMs: tokenized - started,
    inferenceMs: finished - tokenized,
    firstBatchMs,
    passagesPerSecond: pairs.length / ((finished - started) / 1000),
    batches: plan.length,
    paddedTokens,
    realTokens: pairs.reduce((s, p) => s + p.ids.length, 0),
    scores,
  };
}
