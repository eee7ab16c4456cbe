/**
 * The one typed contract between the page and the worker. Everything that crosses
 * it is plain structured-clone data, except callbacks wrapped in `comlink.proxy`.
 */

export type Device = 'webgpu' | 'wasm';
export type Dtype = 'fp32' | 'fp16' | 'q8' | 'q4' | 'q4f16';

/** A passage is either bare text or a titled document. */
export type Passage = string | { title?: string; text: string };

export interface LoadOptions {
  /** Force a device; otherwise WebGPU is probed and WASM is the fallback. */
  device?: Device;
  /** Force a dtype; otherwise the preset's dtype for the chosen device is used. */
  dtype?: Dtype;
  /**
   * Absolute URLs of ONNX Runtime's `ort-wasm-simd-threaded.asyncify.{mjs,wasm}`, for hosts that
   * serve them elsewhere than the app's `ort/` folder. Only the first load's value takes effect.
   */
  runtimeFiles?: RuntimeFiles;
  /**
   * A model folder the user picked from disk: every file with its path inside the folder
   * (`config.json`, `onnx/model_q4.onnx`, …). The model is then loaded from these alone.
   */
  files?: LocalFile[];
  /**
   * WASM threads. Default: one per core, at most 4 (measured, bench/README.md "Threads");
   * 1 when the page is not cross-origin isolated. Only the value in effect when ONNX Runtime
   * starts counts: that of the first `prewarm` or load.
   */
  wasmThreads?: number;
  /**
   * Origins besides this site and the Hugging Face hub that this load may download from.
   * Pass one only when the user chose it (the app asks first) or your own code named the model:
   * the worker refuses every other origin, whatever the reference looks like.
   */
  allowedOrigins?: string[];
}

/** A load as the page's client sends it to the worker: a caller's options, and what only the client knows. */
export interface WorkerLoadOptions extends LoadOptions {
  /** Why this load is on WASM although WebGPU was wanted; set by the client when it falls back. */
  fallbackReason?: string;
}

export interface LocalFile {
  path: string;
  file: Blob;
}

export interface RuntimeFiles {
  mjs: string;
  wasm: string;
}

/** What ONNX Runtime needs before it starts: read once, by `prewarm` or the first load, whichever comes first. */
export type RuntimeOptions = Pick<LoadOptions, 'runtimeFiles' | 'wasmThreads'>;

/** A stretch of a load, in epoch milliseconds (`performance.timeOrigin + performance.now()`), comparable across page and worker. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Where a load's time went. The spans overlap: ONNX Runtime compiles while the files arrive.
 * `runtime` is this worker's one start of ONNX Runtime (fetching and compiling its WASM, starting
 * its threads), which may have begun before the load (`prewarm`) or ended in an earlier one.
 */
export interface LoadTiming {
  runtime: Span;
  /** From the load's start until its last file arrived (from the network or the browser's cache). */
  files: Span;
  /** From the last file until the model's session was created. */
  session: Span;
  /**
   * The first run, on one pair. On WebGPU the load waits for it: it proves the device works, and
   * a failure falls back to WASM before any rerank. On WASM it runs just after the load resolves
   * (a rerank that comes sooner waits for it), so the load's answer lacks it and `info()` has it once done.
   */
  warmup?: Span;
  /** When the load resolved: from then on a rerank can start. */
  ready: number;
}

export interface FileProgress {
  file: string;
  loaded: number;
  /** Null while the server hides the file's size (its one-byte probe exposed no Content-Range); known once the file is done. */
  total: number | null;
}

export interface LoadProgress {
  /** `download`: bytes are arriving; `compile`: the session is being created; `warmup`: the first run (WebGPU only: on WASM it follows the load). */
  phase: 'download' | 'compile' | 'warmup';
  files: FileProgress[];
  loaded: number;
  /** Null while any file's size is unknown. */
  total: number | null;
  /** What the preflight could not check before the download (a size the server hides). */
  note?: string;
}

export interface RerankOptions {
  /** Return only the best `topK` passages (all when omitted). */
  topK?: number;
  /**
   * Maximum rows per batch, every batch. Without it the engine picks per device and starts
   * with a 2-row batch so the first result comes quickly.
   */
  batchSize?: number;
  /**
   * `dynamic` (default): sort pairs by length and batch under a token budget.
   * `fixed`: input order, `batchSize` rows (default 64), every row padded to the model's
   * maximum length — the naive way, kept so benchmarks can measure what sorting buys.
   */
  batching?: 'dynamic' | 'fixed';
  /**
   * Scores that cannot move with their batchmates. q8 graphs quantize each activation with one
   * scale over the whole padded batch, so there every row is then scored alone (a batch of 1);
   * other dtypes' scores already stand alone and batch as usual. The page's pair-score cache sets it,
   * so that a cached score equals a fresh one. Default false.
   */
  independentRows?: boolean;
  /**
   * A passage whose pair is longer than the model's maximum length: `truncate` (default) cuts it
   * (longest-first); `maxp` scores it in overlapping windows of whole words, each sized in tokens to
   * fit beside the query, and gives it its best window's score, naming that window in the row.
   */
  longDocuments?: 'truncate' | 'maxp';
}

export interface ScoredPassage {
  /** Position of the passage in the caller's input. */
  index: number;
  /** Raw model output (logit). */
  score: number;
  /** The preset's activation applied to `score` (sigmoid for the bundled rerankers). */
  probability: number;
  /** Set when the pair was cut to the model's maximum length. */
  truncated?: true;
  /** With `longDocuments: 'maxp'`, the window that gave the score: character offsets into the passage's text (`end` exclusive). */
  window?: { start: number; end: number };
}

export interface PartialResult {
  scored: number;
  total: number;
  ranking: ScoredPassage[];
}

export interface RerankResult {
  ranking: ScoredPassage[];
  /** Passages whose pair was cut to the model's maximum length. */
  truncated: number;
  /** Passages answered from the page's pair-score cache rather than scored (when the cache is on). */
  cached?: number;
  timing: { totalMs: number; tokenizeMs: number; inferenceMs: number; passagesPerSecond: number };
}

export interface ModelInfo {
  /** Preset id, or the URL the model came from. */
  model: string;
  /** Where the files are fetched from (hub id or base URL). */
  source: string;
  family: string;
  device: Device;
  dtype: Dtype;
  /** The graph file the weights came from (`onnx/model_quantized.onnx`), which the dtype decides. */
  file: string;
  maxLength: number;
  /** Why the engine is not on WebGPU, when it is not. */
  fallbackReason?: string;
  /** WASM threads in use (1 when the page is not cross-origin isolated). */
  threads: number;
  /** Set when the browser refused to store some of the files (storage full): the sentence to show. */
  notStored?: string;
  /** Where the load's time went. */
  loadTiming: LoadTiming;
  /** Adapter details when WebGPU was probed. */
  adapter?: {
    vendor: string;
    architecture: string;
    shaderF16: boolean;
    maxBufferSize: number;
    maxStorageBufferBindingSize: number;
  };
}

/**
 * The object `reranker.worker.ts` exposes through comlink. Callbacks are separate
 * arguments because comlink only proxies top-level arguments (wrap them in `comlink.proxy`).
 */
export interface RerankerApi {
  /** `onProgress` gets download and loading progress. */
  load(model: string, options?: WorkerLoadOptions, onProgress?: (event: LoadProgress) => void): Promise<ModelInfo>;
  /** `onPartial` gets every score known so far, ranked: after the first batch, then at most every 250 ms, and after the last. */
  rerank(query: string, passages: Passage[], options?: RerankOptions, onPartial?: (partial: PartialResult) => void): Promise<RerankResult>;
  /** Stops the running rerank between batches; its promise rejects with a `CancelledError`. */
  cancel(): void;
  /**
   * Stops the running load (and any queued behind it): its downloads are aborted and its promise
   * rejects with a `CancelledError`. Files that finished downloading stay in the Cache API, so a
   * retry resumes; a file cut short is never stored.
   */
  cancelLoad(): void;
  /**
   * Starts ONNX Runtime (fetches and compiles its WASM, starts its threads) before any model is
   * asked for, so a load later has only its files to wait for. Resolves once it has started.
   */
  prewarm(options?: RuntimeOptions): Promise<void>;
  info(): ModelInfo | null;
  /** Fault injection for tests: destroys the WebGPU device the runtime uses. Resolves false when there is none. */
  loseGpuDevice(): Promise<boolean>;
  /**
   * True once a session creation or run has failed in this worker: transformers.js then
   * refuses every later one, so the worker must be replaced.
   */
  runtimeBroken(): boolean;
}
