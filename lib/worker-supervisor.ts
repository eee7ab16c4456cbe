import { wrap, type Remote } from 'comlink';
import type { ModelInfo, RerankerApi, WorkerLoadOptions } from '../worker/api';
import { WorkerCrashedError } from '../worker/errors';
import { startNoting } from './noted-worker';

/** A load to repeat in every fresh worker, so that a restart leaves the same model in place. */
export interface LoadCall {
  model: string;
  options: WorkerLoadOptions;
}

export interface SupervisorOptions {
  /** Starts the worker: the app's bundler and the library build each know where theirs is. */
  startWorker: () => Worker;
  /** Told once per crash, after the replacement worker has reloaded the model, in a sentence to show the user. */
  onCrash?: (message: string) => void;
  /** Asks a fresh worker to start ONNX Runtime at once; left out, the runtime starts with the first load. */
  prewarm?: (api: Remote<RerankerApi>) => Promise<unknown>;
  /** Told what a replacement worker loaded when it restored the last good load. */
  onRestored?: (info: ModelInfo) => void;
}

/** A worker that fails before it ever answered is not restarted more often than this in a row. */
const MAX_FAILED_STARTS = 3;
/** The wait before restarting such a worker, doubled each time: a missing script must not be requested hundreds of times a second. */
const FIRST_RESTART_DELAY_MS = 250;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Keeps one reranker worker alive for the page: starts it, restarts it when it dies (with growing
 * waits while it never answers, giving up after three such starts), replaces it on demand, and
 * settles every pending call when it goes: calls never hang on a dead worker.
 */
export class WorkerSupervisor {
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
  /** The current worker's script, named in the error if it cannot be loaded. */
  private workerUrl = '';
  /** Whether the current worker has answered a call: one that fails before that failed to start. */
  private answered = false;
  private failedStarts = 0;
  /** Set once the worker failed to start too often; every call then rejects with it. */
  private gaveUp: Error | null = null;
  private disposed = false;
  /** The replacement under way: calls made meanwhile wait for it (`restored`). */
  private restoring: Promise<void> | null = null;
  /** The last load that succeeded, loaded again in every replacement worker. */
  restore: LoadCall | null = null;

  constructor(private readonly options: SupervisorOptions) {
    this.start(true);
  }

  /** Settles once a replacement under way has its model loaded (or failed to). */
  restored(): Promise<void> {
    return this.restoring ?? Promise.resolve();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** The api's answer to `fn`, or the error that ended its worker first. */
  call<T>(fn: (api: Remote<RerankerApi>) => Promise<T>): Promise<T> {
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

  /**
   * A fresh worker, with `restore` loaded in it before any other call goes through. Pending calls
   * reject with `reason`. `prewarm` false leaves the runtime's start to the restore's load.
   */
  replace(
    restore: LoadCall | null,
    reason: string | Error = 'The reranker worker was replaced.',
    delayMs = 0,
    prewarm = true,
  ): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.worker.terminate();
    this.kill(typeof reason === 'string' ? new WorkerCrashedError(reason) : reason);
    const startAndRestore = () => {
      if (this.disposed || this.gaveUp) return Promise.resolve();
      this.start(prewarm);
      return restore
        ? this.call((api) => api.load(restore.model, restore.options)).then((info) => this.options.onRestored?.(info))
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

  /** Replaces the worker if its runtime reports itself broken (or cannot answer). */
  async replaceIfBroken(): Promise<void> {
    const broken = await this.call((api) => api.runtimeBroken()).catch(() => true);
    if (broken) await this.replace(this.restore);
  }

  /** Ends the worker as a crash does: pending calls reject with `message`, and a fresh worker reloads the model. */
  fail(message: string): void {
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
    const restored = this.restore ? 'It was restarted and the model reloaded; run the rerank again.' : 'It was restarted.';
    void this.replace(this.restore, message, delay).finally(() => this.options.onCrash?.(`${message} ${restored}`));
  }

  /** Stops the worker for good; pending and later calls reject. */
  dispose(release: (api: Remote<RerankerApi>) => void): void {
    if (this.disposed) return;
    this.disposed = true;
    release(this.api);
    this.fail('The reranker was disposed.');
  }

  private start(prewarm: boolean): void {
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
    const warm = this.options.prewarm;
    if (prewarm && warm) this.call(warm).catch(() => undefined);
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
