import { WorkerUnresponsiveError } from '../worker/errors';

/**
 * How long the reranks running when Cancel was pressed may take to stop before their worker is
 * taken to be stuck. The engine stops between batches; a worker whose thread is held (a
 * catastrophic regex in a model's tokenizer.json, a kernel that never returns) never gets there,
 * and only replacing it gives control back. One second leaves the page time to show that within 2 s.
 */
export const CANCEL_DEADLINE_MS = 1000;

/** The reranks the worker is running, so that a cancel can tell whether they stopped in time. */
export class RunningReranks {
  private readonly running = new Set<Promise<unknown>>();

  /** Notes `rerank` until it settles; returns it. */
  track<T>(rerank: Promise<T>): Promise<T> {
    this.running.add(rerank);
    const settled = () => this.running.delete(rerank);
    rerank.then(settled, settled);
    return rerank;
  }

  /**
   * Runs `onStuck` unless every rerank running now settles within `ms`. Reranks started after
   * this call are not waited for: they are not what was cancelled.
   */
  expectStopWithin(ms: number, onStuck: () => void): void {
    if (this.running.size === 0) return;
    let stopped = false;
    const timer = setTimeout(() => {
      if (!stopped) onStuck();
    }, ms);
    void Promise.allSettled(this.running).then(() => {
      stopped = true;
      clearTimeout(timer);
    });
  }
}

/** What a cancelled rerank rejects with when its worker had to be replaced. */
export function stuckWorkerError(deadlineMs: number, reloading: boolean): Error {
  return new WorkerUnresponsiveError(
    `The rerank did not stop within ${deadlineMs / 1000} s of Cancel: something held the reranker's thread ` +
      `(a tokenizer rule or a kernel that never returns), so its worker was replaced${reloading ? ' and the model is reloading' : ''}.`,
  );
}
