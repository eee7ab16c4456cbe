import { proxy, releaseProxy } from 'comlink';
import type {
  LoadOptions,
  LoadProgress,
  ModelInfo,
  PartialResult,
  Passage,
  RerankOptions,
  RerankResult,
  RuntimeFiles,
  RuntimeOptions,
  WorkerLoadOptions,
} from '../worker/api';
import { CancelledError, isErrorOf } from '../worker/errors';
import { toPassages, withDocuments, type PartialDocuments, type RankedDocuments, type RerankDocument } from './documents';
import { defaultWasmThreads } from '../worker/runtime/threads';
import { CANCEL_DEADLINE_MS, RunningReranks, stuckWorkerError } from './cancel-deadline';
import { PairScoreCache, type PairScoreCacheOptions, type PassageRerankOptions } from './pair-score-cache';
import { WorkerSupervisor, type LoadCall } from './worker-supervisor';

export interface RerankerOptions {
  /** Starts the worker: the app's bundler and the library build each know where theirs is. */
  startWorker: () => Worker;
  /** Where ONNX Runtime's files are, for every load; the worker's own default when left out. */
  runtimeFiles?: RuntimeFiles;
  /** WASM threads for every load (a load's own `wasmThreads` wins); the worker's default, one per core (at most 4), when left out. */
  wasmThreads?: number;
  /**
   * Start ONNX Runtime in the worker at once (fetch and compile its WASM, start its threads)
   * rather than when the first load has downloaded its graph: a page that loads its model a
   * little later, or whose model comes from the browser's cache, is ready that much sooner.
   * It never changes scores. Default false.
   */
  prewarm?: boolean;
  /** Told once per crash, after the replacement worker has reloaded the model, in a sentence to show the user. */
  onCrash?: (message: string) => void;
  /**
   * How long a cancelled rerank may take to stop before the worker is taken to be stuck: it is then
   * replaced, the model reloaded, and the rerank rejects with a `WorkerUnresponsiveError`. Default 1000.
   */
  cancelDeadlineMs?: number;
  /**
   * Keep up to `maxEntries` pair scores and answer repeated (query, passage) pairs from them, for
   * as long as the same model is loaded. Scoring is then batch-independent (`independentRows`),
   * so a cached score equals a fresh one. Off by default.
   */
  cache?: PairScoreCacheOptions;
}

export interface LoadCallOptions extends Omit<LoadOptions, 'runtimeFiles'> {
  onProgress?: (progress: LoadProgress) => void;
  /**
   * Aborting cancels the load, before it started or while it downloads: its requests stop and its
   * promise rejects with a `CancelledError`; the model loaded before stays.
   */
  signal?: AbortSignal;
}

export interface RerankCallOptions<D extends RerankDocument = RerankDocument> extends RerankOptions {
  /** Every score known so far, ranked: after the first batch, then at most every 100 ms, and after the last. */
  onPartial?: (partial: PartialDocuments<D>) => void;
  /** Aborting cancels the rerank like `cancel()`: its promise rejects with a `CancelledError`, whether it had started or not. */
  signal?: AbortSignal;
}

/**
 * The page's one reranker object: typed calls to the worker that always settle. If the
 * worker dies, every pending call rejects (`WorkerCrashedError`), a fresh worker starts and
 * the last model is loaded again. If the runtime inside it breaks (a corrupt model, a lost
 * GPU), the worker is replaced the same way, and a WebGPU failure is retried once on WASM.
 */
export class Reranker {
  private readonly worker: WorkerSupervisor;
  /** The latest load, settled: a rerank called while it runs waits for it rather than finding no model. */
  private loading: Promise<unknown> = Promise.resolve();
  private readonly reranks = new RunningReranks();
  private readonly pairScores: PairScoreCache | null;

  constructor(private readonly options: RerankerOptions) {
    const { startWorker, onCrash, prewarm } = options;
    const pairScores = options.cache ? new PairScoreCache(options.cache) : null;
    this.pairScores = pairScores;
    this.worker = new WorkerSupervisor({
      startWorker,
      ...(pairScores ? { onRestored: (info) => pairScores.useModel(info) } : {}),
      ...(onCrash ? { onCrash } : {}),
      ...(prewarm ? { prewarm: (api) => api.prewarm(this.runtimeOptions()) } : {}),
    });
  }

  load(model: string, options: LoadCallOptions = {}): Promise<ModelInfo> {
    const loading = this.loadNow(model, options).then((info) => (this.pairScores?.useModel(info), info));
    this.loading = loading.catch(() => undefined);
    return loading;
  }

  /** Forgets every cached pair score (see the `cache` option). */
  clearCache(): void {
    this.pairScores?.clear();
  }

  private async loadNow(model: string, { onProgress, signal, ...rest }: LoadCallOptions): Promise<ModelInfo> {
    // Where ONNX Runtime comes from is the constructor's to say: a call's `runtimeFiles` (a type
    // cast, plain JavaScript, a script that reached the client) must not point the worker elsewhere.
    const { runtimeFiles: _fromCall, ...call } = rest as WorkerLoadOptions;
    const { runtimeFiles, ...runtime } = this.runtimeOptions();
    const options: WorkerLoadOptions = { ...runtime, ...call, ...(runtimeFiles ? { runtimeFiles } : {}) };
    const cancelled = () => new CancelledError(`Loading "${model}" was cancelled.`);
    if (signal?.aborted) throw cancelled();
    await this.worker.restored();
    if (signal?.aborted) throw cancelled();
    const progress = onProgress && proxy(onProgress);
    const onAbort = () => void this.worker.call((api) => api.cancelLoad()).catch(() => undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    const loadIn = async (load: LoadCall) => {
      const info = await this.worker.call((api) => api.load(load.model, load.options, progress));
      this.worker.restore = load;
      return info;
    };
    try {
      return await loadIn({ model, options });
    } catch (error) {
      if (isErrorOf(error, 'WebGpuFailedError') && !signal?.aborted) {
        return await loadIn(await this.fallBackToWasm({ model, options }, error, false));
      }
      // The runtime starts once per worker: the retry needs a fresh one, which waits for it rather than
      // prewarming at once (before whatever blocked the start, a server's headers say, is fixed).
      if (isErrorOf(error, 'RuntimeStartError')) await this.worker.replace(this.worker.restore, undefined, 0, false);
      // A crash has already brought a fresh worker; only other failures may have broken this one.
      else if (!isErrorOf(error, 'WorkerCrashedError', 'WorkerUnresponsiveError')) await this.worker.replaceIfBroken();
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Each row of the ranking has `document`, the caller's own item: `row.document === documents[row.index]`.
   * With the `cache` option, pairs scored before are answered from it and only the others reach the worker.
   */
  async rerank<D extends RerankDocument>(
    query: string,
    documents: readonly D[],
    { onPartial, ...options }: RerankCallOptions<D> = {},
  ): Promise<RankedDocuments<D>> {
    const passages = toPassages(documents);
    const plain: PassageRerankOptions = {
      ...options,
      ...(onPartial ? { onPartial: (p: PartialResult) => onPartial(withDocuments(p, documents)) } : {}),
    };
    return withDocuments(
      await (this.pairScores ? this.rerankCached(query, passages, plain) : this.rerankNow(query, passages, plain)),
      documents,
    );
  }

  private async rerankCached(query: string, passages: Passage[], options: PassageRerankOptions): Promise<RerankResult> {
    // Checked here too: a call the cache answers whole never reaches the check in rerankNow.
    if (options.signal?.aborted) throw new CancelledError('The rerank was cancelled before it started.');
    await this.loading;
    // A call answered from the cache alone never reaches the worker, yet it supersedes the running one all the same.
    this.cancel();
    return this.pairScores!.rerank(query, passages, options, (q, p, o) => this.rerankNow(q, p, o));
  }

  private async rerankNow(
    query: string,
    passages: Passage[],
    { onPartial, signal, ...options }: PassageRerankOptions = {},
  ): Promise<RerankResult> {
    if (signal?.aborted) throw new CancelledError('The rerank was cancelled before it started.');
    await this.loading;
    await this.worker.restored();
    // An abort while this call waited for a load or a restore would otherwise go unheard: its listener comes only now.
    if (signal?.aborted) throw new CancelledError('The rerank was cancelled before it started.');
    const onAbort = () => this.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    const partial = onPartial && proxy(onPartial);
    const run = () => this.reranks.track(this.worker.call((api) => api.rerank(query, passages, options, partial)));
    try {
      return await run();
    } catch (error) {
      const current = this.worker.restore;
      if (isErrorOf(error, 'WebGpuFailedError') && current) {
        await this.fallBackToWasm(current, error, true);
        return await run();
      }
      // A crash has already brought a fresh worker; only other failures may have broken this one.
      if (!isErrorOf(error, 'WorkerCrashedError', 'WorkerUnresponsiveError')) await this.worker.replaceIfBroken();
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * The one WebGPU → WASM fallback: the engine names the failure (`WebGpuFailedError`), and since
   * transformers.js refuses every session after one failed, the worker is replaced and `load` is
   * sent again on WASM with the engine's sentence as its reason. Returns that WASM load; `restore`
   * loads it in the fresh worker before any call goes through (a rerank's retry), else the caller does.
   */
  private async fallBackToWasm(load: LoadCall, error: Error, restore: boolean): Promise<LoadCall> {
    const onWasm: LoadCall = { model: load.model, options: { ...load.options, device: 'wasm', fallbackReason: error.message } };
    // Set first: a crash while the fresh worker starts restores the WASM load, not the failed one.
    if (restore) this.worker.restore = onWasm;
    await this.worker.replace(restore ? onWasm : null);
    return onWasm;
  }

  /**
   * Stops the running rerank between batches; its promise rejects with a `CancelledError`. If it
   * has not stopped within the cancel deadline, the worker is replaced and it rejects with a
   * `WorkerUnresponsiveError` instead.
   */
  cancel(): void {
    if (this.worker.isDisposed) return;
    this.worker.call((api) => api.cancel()).catch(() => undefined);
    this.reranks.expectStopWithin(this.deadlineMs(), () => {
      const restore = this.worker.restore;
      void this.worker.replace(restore, stuckWorkerError(this.deadlineMs(), restore !== null));
    });
  }

  async info(): Promise<ModelInfo | null> {
    await this.worker.restored();
    return this.worker.call((api) => api.info());
  }

  /** Stops the worker and frees the model; pending calls reject. */
  dispose(): void {
    this.worker.dispose((api) => api[releaseProxy]());
  }

  /** Fault injection for tests: destroys the worker's WebGPU device mid-session. */
  loseGpuDevice(): Promise<boolean> {
    return this.worker.call((api) => api.loseGpuDevice());
  }

  /** Fault injection for tests: ends the worker as a crash would. */
  crash(reason = 'The reranker worker stopped unexpectedly.'): void {
    this.worker.fail(reason);
  }

  private deadlineMs(): number {
    return this.options.cancelDeadlineMs ?? CANCEL_DEADLINE_MS;
  }

  /**
   * What the worker's ONNX Runtime is started with, by `prewarm` or a load. The default thread
   * count is the page's: a page's cores are the worker's, and a test can emulate the page's.
   */
  private runtimeOptions(): RuntimeOptions {
    const { runtimeFiles } = this.options;
    const wasmThreads =
      this.options.wasmThreads ?? defaultWasmThreads(globalThis.navigator?.hardwareConcurrency ?? 1, globalThis.crossOriginIsolated);
    return { ...(runtimeFiles ? { runtimeFiles } : {}), wasmThreads };
  }
}
