import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { LoadOptions, LoadProgress, ModelInfo, PartialResult, Passage, RerankerApi, RerankOptions, RerankResult } from './api';

function crashError(message: string): Error {
  const error = new Error(message);
  error.name = 'WorkerCrashedError';
  return error;
}

/**
 * The page's side of the worker: typed calls that always settle. If the worker dies,
 * every pending call rejects, a fresh worker starts, and the last model is loaded again.
 */
export class RerankerClient {
  private worker!: Worker;
  private api!: Remote<RerankerApi>;
  private died!: Promise<never>;
  private kill!: (error: Error) => void;
  private lastLoad: { model: string; options: LoadOptions } | null = null;
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
    this.lastLoad = { model, options };
    await this.restoring;
    return this.call((api) => api.load(model, options, onProgress && proxy(onProgress)));
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
    try {
      return await this.call((api) => api.rerank(query, passages, options, onPartial && proxy(onPartial)));
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
    this.worker.terminate();
    this.kill(crashError(message));
    if (this.disposed) return;
    this.start();
    const last = this.lastLoad;
    this.restoring = (last ? this.api.load(last.model, last.options).then(() => undefined) : Promise.resolve())
      .catch(() => undefined)
      .finally(() => {
        this.restoring = null;
        this.onCrash(message);
      });
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
