import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type {
  LoadOptions,
  LoadProgress,
  ModelInfo,
  PartialResult,
  Passage,
  RerankerApi,
  RerankOptions,
  RerankResult,
  RuntimeFiles,
  RuntimeOptions,
} from '../worker/api';
import { CancelledError, WorkerCrashedError, isErrorOf } from '../worker/errors';
import { toPassages, withDocuments, type PartialDocuments, type RankedDocuments, type RerankDocument } from './documents';
import { defaultWasmThreads } from '../worker/threads';
import { CANCEL_DEADLINE_MS, RunningReranks, stuckWorkerError } from './cancel-deadline';
import { startNoting } from './noted-worker';
import { PairScoreCache, type PairScoreCacheOptions } from './pair-score-cache';

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

export interface LoadCallOptions extends Omit<LoadOptions, 'runtimeFiles' | 'fallbackReason'> {
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

/** A rerank as the worker sees it: passages in, rows without the caller's documents out. */
export interface PassageRerankOptions extends Omit<RerankCallOptions, 'onPartial'> {
  onPartial?: (partial: PartialResult) => void;
}

interface LoadCall {
  model: string;
  options: LoadOptions;
}

/** A worker that fails before it ever answered is not restarted more often than this in a row. */
const MAX_FAILED_STARTS = 3;
/** The wait before restarting such a worker, doubled each time: a missing script must not be requested hundreds of times a second. */
const FIRST_RESTART_DELAY_MS = 250;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The page's one reranker object: typed calls to the worker that always settle. If the
 * worker dies, every pending call rejects (`WorkerCrashedError`), a fresh worker starts and
 * the last model is loaded again. If the runtime inside it breaks (a corrupt model, a lost
 * GPU), the worker is replaced the same way, and a WebGPU failure is retried once on WASM.
 */
export class Reranker {
  private worker!: Worker;
  private api!: Remote<RerankerApi>;
  /**
   * The pending calls' rejections, for a crash or a dispose to settle them all. Racing each call
   * against one promise that lives as long as the worker would add a reaction to it per call,
   * kept until the worker dies (heap snapshots: two closures more per call, forever).
   */
  private readonly pending = new Set<(error: Error) => void>();
  /** Set when the current worker has ended, until the next one starts: calls then reject with it. */
  private dead: Error | null = null;
  private lastGood: LoadCall | null = null;
  /** The current worker's script, named in the error if it cannot be loaded. */
  private workerUrl = '';
  /** Whether the current worker has answered a call: one that fails before that failed to start. */
  private answered = false;
  private failedStarts = 0;
  /** Set once the worker failed to start too often; every call then rejects with it. */
  private gaveUp: Error | null = null;
  private restoring: Promise<void> | null = null;
  /** The latest load, settled: a rerank called while it runs waits for it rather than finding no model. */
  private loading: Promise<unknown> = Promise.resolve();
  private disposed = false;
  private readonly reranks = new RunningReranks();
  private readonly pairScores: PairScoreCache | null;

  constructor(private readonly options: RerankerOptions) {
    this.pairScores = options.cache ? new PairScoreCache(options.cache) : null;
    this.start();
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
    const { runtimeFiles: _fromCall, ...call } = rest as LoadOptions;
    const { runtimeFiles, ...runtime } = this.runtimeOptions();
    const options: LoadOptions = { ...runtime, ...call, ...(runtimeFiles ? { runtimeFiles } : {}) };
    const cancelled = () => new CancelledError(`Loading "${model}" was cancelled.`);
    if (signal?.aborted) throw cancelled();
    await this.restoring;
    if (signal?.aborted) throw cancelled();
    const progress = onProgress && proxy(onProgress);
    const onAbort = () => void this.api.cancelLoad();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const info = await this.call((api) => api.load(model, options, progress));
      this.lastGood = { model, options };
      return info;
    } catch (error) {
      if (isErrorOf(error, 'WebGpuFailedError') && !signal?.aborted) {
        const onWasm = { model, options: { ...options, device: 'wasm' as const, fallbackReason: error.message } };
        await this.replaceWorker(null);
        const info = await this.call((api) => api.load(onWasm.model, onWasm.options, progress));
        this.lastGood = onWasm;
        return info;
      }
      // The runtime starts once per worker: the retry needs a fresh one, which waits for it rather than
      // prewarming at once (before whatever blocked the start, a server's headers say, is fixed).
      if (isErrorOf(error, 'RuntimeStartError')) await this.replaceWorker(this.lastGood, undefined, 0, false);
      // A crash has already brought a fresh worker; only other failures may have broken this one.
      else if (!isErrorOf(error, 'WorkerCrashedError', 'WorkerUnresponsiveError')) await this.replaceIfBroken();
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
    await this.restoring;
    const onAbort = () => this.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    const partial = onPartial && proxy(onPartial);
    const run = () => this.reranks.track(this.call((api) => api.rerank(query, passages, options, partial)));
    try {
      return await run();
    } catch (error) {
      if (isErrorOf(error, 'WebGpuFailedError') && this.lastGood) {
        this.lastGood = {
          model: this.lastGood.model,
          options: { ...this.lastGood.options, device: 'wasm', fallbackReason: error.message },
        };
        await this.replaceWorker(this.lastGood);
        return await run();
      }
      // A crash has already brought a fresh worker; only other failures may have broken this one.
      if (!isErrorOf(error, 'WorkerCrashedError', 'WorkerUnresponsiveError')) await this.replaceIfBroken();
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Stops the running rerank between batches; its promise rejects with a `CancelledError`. If it
   * has not stopped within the cancel deadline, the worker is replaced and it rejects with a
   * `WorkerUnresponsiveError` instead.
   */
  cancel(): void {
    if (this.disposed) return;
    this.call((api) => api.cancel()).catch(() => undefined);
    this.reranks.expectStopWithin(this.options.cancelDeadlineMs ?? CANCEL_DEADLINE_MS, () => this.replaceStuck());
  }

  async info(): Promise<ModelInfo | null> {
    await this.restoring;
    return this.call((api) => api.info());
  }

  /** Stops the worker and frees the model; pending calls reject. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.api[releaseProxy]();
    this.fail('The reranker was disposed.');
  }

  /** Fault injection for tests: destroys the worker's WebGPU device mid-session. */
  loseGpuDevice(): Promise<boolean> {
    return this.call((api) => api.loseGpuDevice());
  }

  /** Fault injection for tests: ends the worker as a crash would. */
  crash(reason = 'The reranker worker stopped unexpectedly.'): void {
    this.fail(reason);
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

  private start(prewarm = this.options.prewarm): void {
    const { worker, url } = startNoting(this.options.startWorker);
    this.workerUrl = url;
    this.worker = worker;
    this.answered = false;
    this.api = wrap<RerankerApi>(worker);
    this.dead = null;
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      if (worker === this.worker) this.fail(`The reranker worker failed: ${event.message || 'unknown error'}.`);
    });
    // A runtime that cannot start fails the load that needs it, with the message that says why.
    if (prewarm) this.call((api) => api.prewarm(this.runtimeOptions())).catch(() => undefined);
  }

  private fail(message: string): void {
    if (this.disposed || this.gaveUp) {
      this.worker.terminate();
      this.kill(new WorkerCrashedError(message));
      return;
    }
    if (!this.answered && ++this.failedStarts >= MAX_FAILED_STARTS) {
      this.worker.terminate();
      void this.giveUp();
      return;
    }
    const delay = this.answered ? 0 : FIRST_RESTART_DELAY_MS * 2 ** (this.failedStarts - 1);
    const restored = this.lastGood ? 'It was restarted and the model reloaded; run the rerank again.' : 'It was restarted.';
    void this.replaceWorker(this.lastGood, message, delay).finally(() => this.options.onCrash?.(`${message} ${restored}`));
  }

  /** Ends the restarts: every call from now on rejects with one sentence that names the script and, when it can be had, its HTTP status. */
  private async giveUp(): Promise<void> {
    const url = this.workerUrl;
    const status = url
      ? await fetch(url, { method: 'HEAD', cache: 'no-store' }).then(
          (r) => (r.ok ? '' : ` (HTTP ${r.status})`),
          () => ' (unreachable)',
        )
      : '';
    const error = new WorkerCrashedError(
      `The reranker worker could not start${url ? ` from ${url}${status}` : ''}: it failed ${this.failedStarts} times before answering. ` +
        'Check that its script is served and that the Content-Security-Policy allows it.',
    );
    this.gaveUp = error;
    this.kill(error);
    this.options.onCrash?.(error.message);
  }

  private replaceStuck(): void {
    const error = stuckWorkerError(this.options.cancelDeadlineMs ?? CANCEL_DEADLINE_MS, this.lastGood !== null);
    void this.replaceWorker(this.lastGood, error);
  }

  private async replaceIfBroken(): Promise<void> {
    const broken = await this.call((api) => api.runtimeBroken()).catch(() => true);
    if (broken) await this.replaceWorker(this.lastGood);
  }

  /** A fresh worker, with `restore` loaded in it before any other call goes through. */
  private replaceWorker(
    restore: LoadCall | null,
    reason: string | Error = 'The reranker worker was replaced.',
    delayMs = 0,
    prewarm = this.options.prewarm,
  ): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.worker.terminate();
    this.kill(typeof reason === 'string' ? new WorkerCrashedError(reason) : reason);
    const startAndRestore = () => {
      if (this.disposed || this.gaveUp) return Promise.resolve();
      this.start(prewarm);
      return restore
        ? this.call((api) => api.load(restore.model, restore.options)).then((info) => this.pairScores?.useModel(info))
        : Promise.resolve();
    };
    // Without a wait the new worker is in place at once, before any caller's catch asks the old one anything.
    const restoring = (delayMs ? sleep(delayMs).then(startAndRestore) : startAndRestore())
      .catch(() => undefined)
      .finally(() => {
        if (this.restoring === restoring) this.restoring = null;
      });
    this.restoring = restoring;
    return restoring;
  }

  private call<T>(fn: (api: Remote<RerankerApi>) => Promise<T>): Promise<T> {
    if (this.disposed) return Promise.reject(new WorkerCrashedError('The reranker was disposed.'));
    if (this.gaveUp) return Promise.reject(this.gaveUp);
    if (this.dead) return Promise.reject(this.dead);
    const worker = this.worker;
    const answer = fn(this.api);
    // Any answer, a rejection included, shows the worker started.
    void answer.then(
      () => this.markAnswered(worker),
      () => this.markAnswered(worker),
    );
    return new Promise<T>((resolve, reject) => {
      this.pending.add(reject);
      void answer.then(resolve, reject).finally(() => this.pending.delete(reject));
    });
  }

  private kill(error: Error): void {
    this.dead = error;
    const rejections = [...this.pending];
    this.pending.clear();
    for (const reject of rejections) reject(error);
  }

  private markAnswered(worker: Worker): void {
    if (worker !== this.worker) return;
    this.answered = true;
    this.failedStarts = 0;
  }
}
