/**
 * The bench's units: a group (one model loaded one way: one fresh page in the browser, one session
 * natively), the measures run in it, and the rows they produce, browser and native alike.
 */
import type { Device, Dtype } from '../worker/api';
import { DEFAULT_MAX_ROWS, FIXED_BATCH_ROWS } from '../worker/batching';
import type { Preset } from '../worker/registry';
import { benchInput, type BenchInput } from './data';
import type { Batching } from './encode';

export interface Measure {
  batching: Batching;
  passages: number;
  /** RerankOptions.batchSize (most rows per batch); the engine's default when absent. */
  batchSize?: number;
  /** Runs of which the fastest is reported (the machine is shared; default 1). */
  repeat?: number;
  /** Browser only: no native counterpart. */
  browserOnly?: boolean;
}

export interface Group {
  label: string;
  model: string;
  family: Preset['family'];
  device: Device;
  dtype: Dtype;
  /** LoadOptions.wasmThreads; the engine's default (cores − 1, at most 4) when absent. */
  wasmThreads?: number;
  runs: Measure[];
  /** Run the same rows through onnxruntime-node. */
  native: boolean;
  /** CPU-profile the worker during this extra, unreported run. */
  profile?: Measure;
  /** Passages in the warm-up rerank (dynamic batching); enough to grow ONNX Runtime's memory to a full batch. */
  warm: number;
  /** Rows to replay through onnxruntime-web's WASM build inside Node (same ids, batches, threads). */
  wasmInNode?: Measure[];
}

/** How the peer (plain transformers.js, bench/peer/) calls the model: once over every passage, or on 8 at a time in input order. */
export type PeerCalls = 'one call' | 'chunks of 8';

export interface Row {
  model: string;
  /**
   * `wasm-node`: onnxruntime-web's WASM build inside Node, the browser's kernels without the browser.
   * `peer`: plain transformers.js in the same browser (bench/peer/).
   */
  runtime: 'browser' | 'native' | 'wasm-node' | 'peer';
  device: Device | 'cpu';
  dtype: Dtype;
  batching: Batching | PeerCalls;
  batchSize?: number;
  /** Most rows per batch in effect: batchSize, else the engine's default for the device and batching. */
  maxRows: number;
  threads: number;
  /** LoadOptions.wasmThreads of the browser row (or of the browser group a native row mirrors). */
  wasmThreadsOption?: number;
  passages: number;
  passagesPerSecond: number;
  firstResultMs: number;
  totalMs: number;
  /** Every repeat's total, fastest reported. */
  runsMs: number[];
  tokenizeMs: number;
  inferenceMs: number;
  batches?: number;
  partials?: number;
  /** Page + worker JS heap used (CDP Runtime.getHeapUsage, sampled every 100 ms), MB. */
  peakJsHeapMB?: number;
  peakWorkerJsHeapMB?: number;
  /** Worker ArrayBuffer backing stores (CDP backingStorageSize), MB. */
  peakWorkerBackingStoreMB?: number;
  heapSamples?: number;
  /** Peak resident memory of the page's renderer process during the run(s) (Linux VmHWM; page, worker, WASM memory, all), MB. */
  peakRendererRssMB?: number;
  /** vs the fp32 row of the same runtime/device/batching/passages. */
  maxAbsDeltaVsFp32?: number;
  meanAbsDeltaVsFp32?: number;
  /** Browser rows: vs the native row of the same dtype/batching/passages (checks both fed the same ids). */
  maxAbsDeltaVsNative?: number;
  /** Browser (or WASM-in-Node) passages/s ÷ native passages/s, same dtype/batching/passages/threads. */
  browserOverNative?: number;
  /** Not measured: scaled from a smaller run (see `estimatedFrom`). */
  estimated?: boolean;
  estimatedFrom?: string;
  loadAvg1: number;
  scores?: number[];
  /** The model's matmul work for the rows and widths actually run (padding included), GFLOP. */
  matmulGflop?: number;
  /** matmulGflop ÷ total time. */
  effectiveGflops?: number;
  /** effectiveGflops ÷ (the kernel microbenchmark's WASM GFLOP/s for the dtype × threads). */
  ofKernel?: number;
}

/** What the JSON holds besides the rows, filled in as groups run. */
export interface Extra {
  loads: unknown[];
  profiles: unknown[];
  failures: unknown[];
  /** Time to ready, engine and peer, cold and warm (peers.ts). */
  ready: Readiness[];
}

/** From page open until a rerank can start; phases in ms since page open (they overlap). */
export interface Readiness {
  who: 'engine' | 'peer';
  dtype: Dtype;
  cache: 'cold' | 'warm';
  readyMs: number;
  /** Every warm page's readyMs; the median is reported. */
  runsMs: number[];
  phases: Record<string, { startMs: number; endMs: number }>;
  threads: number;
}

export const describe = (m: Measure) => `${m.batching}${m.batchSize ? ` ≤${m.batchSize} rows` : ''} × ${m.passages}`;

/** Native rows replay the WASM plan, so they pass `wasm`. */
export function maxRows(m: Measure, device: Device): number {
  return m.batchSize ?? (m.batching === 'fixed' ? FIXED_BATCH_ROWS : DEFAULT_MAX_ROWS[device]);
}

/** The machine is shared, so of a measure's repeats the fastest is the one reported. */
export function fastest<T extends { totalMs: number }>(results: T[]): T {
  return results.reduce((a, b) => (b.totalMs < a.totalMs ? b : a));
}

/** Query 2's hits: other passages than the measured ones, enough to grow ONNX Runtime's memory to a full batch. */
export function warmInput(g: Group): BenchInput {
  const warm = benchInput(200);
  return { query: warm.query, passages: warm.passages.slice(100, 100 + g.warm) };
}
