import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { LoadOptions, LoadProgress, ModelInfo, PartialResult, Passage, RerankerApi, RerankOptions, RerankResult } from './api';

function crashError(message: string): Error {
  const error = new Error(message);
  error.name = 'WorkerCrashedError';
  return error;
}

interface LoadCall {
  model: string;
  options: LoadOptions;
}

const nameOf = (error: unknown) => (error as { name?: string } | null)?.name ?? '';

/**
 * The page's side of the worker: typed calls that always settle. If the worker dies, every
 * pending call rejects, a fresh worker starts and the last model is loaded again. If the
 * runtime inside it breaks (a corrupt model, a lost GPU), the worker is replaced the same
 * way, and a WebGPU failure is retried once on WASM.
 */
export class RerankerClient {
  private worker!: Worker;
  private api!: Remote<RerankerApi>;
  private died!: Promise<never>;
  private kill!: (error: Error) => void;
  private lastGood: LoadCall | null = null;
  private restoring: Promise<void> | null = null;
  private disposed = false;

  constructor(
    /** Starts the worker: the app's bundler and the library build each know where theirs is. */
    private readonly createWorker: () => Worker,
    /** Told once per crash, after the replacement worker has reloaded the model. */
    private readonly onCrash: (message: string) => void = () => undefined,
  ) {
    this.start();
  }

  async load(model: string, options: LoadOptions = {}, onProgress?: (p: LoadProgress) => void): Promise<ModelInfo> {
    await this.restoring;
    const progress = onProgress && proxy(onProgress);
    try {
      const info = await this.call((api) => api.load(model, options, progress));
      this.lastGood = { model, options };
      return info;
    } catch (error) {
      if (nameOf(error) === 'WebGpuFailedError') {
        const onWasm = { model, options: { ...options, device: 'wasm' as const, fallbackReason: (error as Error).message } };
        await this.replaceWorker(null);
        const info = await this.call((api) => api.load(onWasm.model, onWasm.options, progress));
        this.lastGood = onWasm;
        return info;
      }
      await this.replaceIfBroken();
      throw error;
    }
  }

  async rerank(
    query: string,
    passages: Passage[],
    options: RerankOptions = {},
    onPartial?: (p: PartialResult) => void,
    signal?: AbortSignal,
  ): Promise<RerankResult> {
    if (signal?.aborted) throw abortError();
    await this.restoring;
    const onAbort = () => this.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    const partial = onPartial && proxy(onPartial);
    const run = () => this.call((api) => api.rerank(query, passages, options, partial));
    try {
      return await run();
    } catch (error) {
      if (nameOf(error) === 'WebGpuFailedError' && this.lastGood) {
        this.lastGood = {
          model: this.lastGood.model,
          options: { ...this.lastGood.options, device: 'wasm', fallbackReason: (error as Error).message },
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

  cancel(): void {
    void this.api.cancel();
  }

  async info(): Promise<ModelInfo | null> {
    await this.restoring;
    return this.call((api) => api.info());
  }

  /** Fault injection for tests: destroys the worker's WebGPU device mid-session. */
  loseGpuDevice(): Promise<boolean> {
    return this.call((api) => api.loseGpuDevice());
  }

  /** Ends the worker as a crash would; tests use it to prove recovery. */
  crash(reason = 'The reranker worker stopped unexpectedly.'): void {
    this.fail(reason);
  }

  dispose(): void {
    this.disposed = true;
    this.api[releaseProxy]();
    this.fail('The reranker was disposed.');
  }

  private start(): void {
    const worker = this.createWorker();
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
      this.kill(crashError(message));
      return;
    }
    void this.replaceWorker(this.lastGood, message).finally(() => this.onCrash(message));
  }

  private async replaceIfBroken(): Promise<void> {
    const broken = await this.call((api) => api.runtimeBroken()).catch(() => true);
    if (broken) await this.replaceWorker(this.lastGood);
  }

  /** A fresh worker, with `restore` loaded in it before any other call goes through. */
  private replaceWorker(restore: LoadCall | null, reason = 'The reranker worker was replaced.'): Promise<void> {
    this.worker.terminate();
    this.kill(crashError(reason));
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
    return Promise.race([fn(this.api), this.died]);
  }
}

function abortError(): Error {
  const error = new Error('The rerank was aborted.');
  error.name = 'AbortError';
  return error;
}
