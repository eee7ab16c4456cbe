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
} from '../worker/api';
import { AbortError, WorkerCrashedError, isErrorOf } from '../worker/errors';

export interface RerankerOptions {
  /** Starts the worker: the app's bundler and the library build each know where theirs is. */
  startWorker: () => Worker;
  /** Where ONNX Runtime's files are, for every load; the worker's own default when left out. */
  runtimeFiles?: RuntimeFiles;
  /** Told once per crash, after the replacement worker has reloaded the model. */
  onCrash?: (message: string) => void;
}

export interface LoadCallOptions extends Omit<LoadOptions, 'runtimeFiles' | 'fallbackReason'> {
  onProgress?: (progress: LoadProgress) => void;
}

export interface RerankCallOptions extends RerankOptions {
  /** Every score known so far, ranked: after the first batch, then at most every 100 ms, and after the last. */
  onPartial?: (partial: PartialResult) => void;
  /** Aborting cancels the rerank like `cancel()`. */
  signal?: AbortSignal;
}

interface LoadCall {
  model: string;
  options: LoadOptions;
}

/**
 * The page's one reranker object: typed calls to the worker that always settle. If the
 * worker dies, every pending call rejects (`WorkerCrashedError`), a fresh worker starts and
 * the last model is loaded again. If the runtime inside it breaks (a corrupt model, a lost
 * GPU), the worker is replaced the same way, and a WebGPU failure is retried once on WASM.
 */
export class Reranker {
  private worker!: Worker;
  private api!: Remote<RerankerApi>;
  private died!: Promise<never>;
  private kill!: (error: Error) => void;
  private lastGood: LoadCall | null = null;
  private restoring: Promise<void> | null = null;
  /** The latest load, settled: a rerank called while it runs waits for it rather than finding no model. */
  private loading: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(private readonly options: RerankerOptions) {
    this.start();
  }

  load(model: string, options: LoadCallOptions = {}): Promise<ModelInfo> {
    const loading = this.loadNow(model, options);
    this.loading = loading.catch(() => undefined);
    return loading;
  }

  private async loadNow(model: string, { onProgress, ...rest }: LoadCallOptions): Promise<ModelInfo> {
    const options: LoadOptions = { ...rest, ...(this.options.runtimeFiles ? { runtimeFiles: this.options.runtimeFiles } : {}) };
    await this.restoring;
    const progress = onProgress && proxy(onProgress);
    try {
      const info = await this.call((api) => api.load(model, options, progress));
      this.lastGood = { model, options };
      return info;
    } catch (error) {
      if (isErrorOf(error, 'WebGpuFailedError')) {
        const onWasm = { model, options: { ...options, device: 'wasm' as const, fallbackReason: error.message } };
        await this.replaceWorker(null);
        const info = await this.call((api) => api.load(onWasm.model, onWasm.options, progress));
        this.lastGood = onWasm;
        return info;
      }
      await this.replaceIfBroken();
      throw error;
    }
  }

  async rerank(query: string, passages: Passage[], { onPartial, signal, ...options }: RerankCallOptions = {}): Promise<RerankResult> {
    if (signal?.aborted) throw new AbortError('The rerank was aborted.');
    await this.loading;
    await this.restoring;
    const onAbort = () => this.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    const partial = onPartial && proxy(onPartial);
    const run = () => this.call((api) => api.rerank(query, passages, options, partial));
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
      await this.replaceIfBroken();
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Stops the running rerank between batches; its promise rejects with a `CancelledError`. */
  cancel(): void {
    if (!this.disposed) void this.api.cancel();
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

  private start(): void {
    const worker = this.options.startWorker();
    this.worker = worker;
    this.api = wrap<RerankerApi>(worker);
    this.died = new Promise<never>((_, reject) => (this.kill = reject));
    this.died.catch(() => undefined);
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      if (worker === this.worker) this.fail(`The reranker worker failed: ${event.message || 'unknown error'}.`);
    });
  }

  private fail(message: string): void {
    if (this.disposed) {
      this.worker.terminate();
      this.kill(new WorkerCrashedError(message));
      return;
    }
    void this.replaceWorker(this.lastGood, message).finally(() => this.options.onCrash?.(message));
  }

  private async replaceIfBroken(): Promise<void> {
    const broken = await this.call((api) => api.runtimeBroken()).catch(() => true);
    if (broken) await this.replaceWorker(this.lastGood);
  }

  /** A fresh worker, with `restore` loaded in it before any other call goes through. */
  private replaceWorker(restore: LoadCall | null, reason = 'The reranker worker was replaced.'): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.worker.terminate();
    this.kill(new WorkerCrashedError(reason));
    this.start();
    const restoring = (restore ? this.api.load(restore.model, restore.options).then(() => undefined) : Promise.resolve())
      .catch(() => undefined)
      .finally(() => {
        if (this.restoring === restoring) this.restoring = null;
      });
    this.restoring = restoring;
    return restoring;
  }

  private call<T>(fn: (api: Remote<RerankerApi>) => Promise<T>): Promise<T> {
    if (this.disposed) return Promise.reject(new WorkerCrashedError('The reranker was disposed.'));
    return Promise.race([fn(this.api), this.died]);
  }
}
