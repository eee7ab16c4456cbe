import { CancelledError } from './errors';

/** One load's turn: the signal its requests carry, and why it must stop, if it must. */
export interface LoadTurn {
  signal: AbortSignal;
  /** A `CancelledError` once the load was cancelled or a newer one was asked for, else null. */
  stopped: () => Error | null;
  /** Called when the load has settled, so that a later `cancel()` cannot abort requests made after it. */
  end: () => void;
}

/**
 * Which loads are still wanted. Each load takes a number; a newer one supersedes it, and
 * `cancel()` stops the running one (aborting its requests) and every one queued behind it.
 */
export class LoadTurns {
  private latest = 0;
  private cancelledUpTo = 0;
  private running: AbortController | null = null;

  /** Taken when the load is asked for, before it waits in the queue. */
  take(): number {
    return ++this.latest;
  }

  /** Called when the load's turn comes: from now on `cancel()` aborts its requests. */
  start(turn: number, reference: string): LoadTurn {
    const abort = new AbortController();
    this.running = abort;
    return {
      signal: abort.signal,
      stopped: () => {
        if (turn <= this.cancelledUpTo) return new CancelledError(`Loading "${reference}" was cancelled.`);
        return turn !== this.latest ? new CancelledError(`Loading "${reference}" was superseded by a newer load.`) : null;
      },
      end: () => {
        if (this.running === abort) this.running = null;
      },
    };
  }

  cancel(): void {
    this.cancelledUpTo = this.latest;
    this.running?.abort();
  }
}
