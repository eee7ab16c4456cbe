/**
 * The native side of a group: the rows its browser page measured, replayed through
 * onnxruntime-node (and onnxruntime-web's WASM build in Node) with the page's thread count.
 */
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { log } from './config';
import { benchInput } from './data';
import { nodeEncoder, type NodeEncoder } from './encode';
import { TEST_MODELS_DIR } from './models';
import { openNative, runNative, type NodeRuntime } from './native';
import { describe, fastest, maxRows, warmInput, type Group, type Measure, type Row } from './rows';

const encoders = new Map<string, NodeEncoder>();

async function encoderFor(g: Group): Promise<NodeEncoder> {
  let encoder = encoders.get(g.model);
  if (!encoder) {
    // The models' max_position_embeddings, which the engine caps the preset's maxLength with.
    encoder = await nodeEncoder(g.model, g.family, g.family === 'cross-encoder' ? 512 : 131072);
    encoders.set(g.model, encoder);
  }
  return encoder;
}

async function replay(g: Group, threads: number, encoder: NodeEncoder, rows: Row[], runtime: NodeRuntime, runs: Measure[]): Promise<void> {
  const model = await openNative(join(TEST_MODELS_DIR, g.model), g.dtype, threads, runtime);
  try {
    const warm = warmInput(g);
    await runNative(model, encoder, warm.query, warm.passages, 'dynamic');
    for (const m of runs.filter((x) => !x.browserOnly)) {
      const input = benchInput(m.passages);
      const load1 = loadavg()[0]!;
      const results = [];
      for (let i = 0; i < (m.repeat ?? 1); i++)
        results.push(await runNative(model, encoder, input.query, input.passages, m.batching, m.batchSize));
      const r = fastest(results);
      rows.push({
        model: g.model,
        runtime: runtime === 'native' ? 'native' : 'wasm-node',
        device: 'cpu',
        dtype: g.dtype,
        batching: m.batching,
        ...(m.batchSize ? { batchSize: m.batchSize } : {}),
        maxRows: maxRows(m, 'wasm'),
        threads,
        ...(g.wasmThreads ? { wasmThreadsOption: g.wasmThreads } : {}),
        passages: m.passages,
        passagesPerSecond: r.passagesPerSecond,
        firstResultMs: r.firstBatchMs,
        totalMs: r.totalMs,
        runsMs: results.map((x) => Math.round(x.totalMs)),
        tokenizeMs: r.tokenizeMs,
        inferenceMs: r.inferenceMs,
        batches: r.batches,
        loadAvg1: load1,
        scores: r.scores,
      });
      log(
        `  ${runtime === 'native' ? 'native' : 'WASM in Node'} ${g.dtype} ${describe(m)} (${threads} threads): ${results.map((x) => Math.round(x.totalMs)).join(' / ')} ms ` +
          `(${r.passagesPerSecond.toFixed(1)} passages/s; ${r.batches} batches, ${r.paddedTokens} padded / ${r.realTokens} real tokens)`,
      );
    }
  } finally {
    await model.session.release();
  }
}

/** `threads` is the browser page's `info().threads`, so both sides run on as many threads. */
export async function runNativeGroup(g: Group, threads: number, rows: Row[]): Promise<void> {
  const encoder = await encoderFor(g);
  await replay(g, threads, encoder, rows, 'native', g.runs);
  // onnxruntime-web keeps its first thread count for the life of the process: one thread only.
  if (g.wasmInNode && threads === 1) await replay(g, threads, encoder, rows, 'wasm', g.wasmInNode);
}
