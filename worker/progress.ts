import type { LoadProgress } from './api';

/** Epoch milliseconds, so the page can set a worker's times against its own clock. */
export const epochNow = () => performance.timeOrigin + performance.now();

interface RawProgress {
  status?: string;
  file?: string;
  loaded?: number;
  total?: number;
}

/** Folds transformers.js's per-file events into one running picture of every file and the total. */
export class ProgressTracker {
  /** A null total is a size the server hides: it stays unknown until the file is done, never guessed. */
  private readonly files = new Map<string, { loaded: number; total: number | null; done: boolean }>();
  private lastDone: number | null = null;
  private note: string | undefined;

  constructor(private readonly emit: (progress: LoadProgress) => void) {}

  /**
   * Files known before they are requested, with their sizes: transformers.js starts all of a
   * graph's external-data chunks at once but sizes each only when its response arrives, so
   * without this the total would grow chunk by chunk and "done" could come before the last one started.
   * `note` is what the preflight could not check, shown with every report.
   */
  expect(files: readonly { file: string; size: number | null }[], note?: string): void {
    this.note = note;
    for (const { file, size } of files)
      if (size !== 0 && !this.files.has(file)) this.files.set(file, { loaded: 0, total: size, done: false });
  }

  readonly onRaw = (raw: unknown): void => {
    const { status, file, loaded, total } = (raw ?? {}) as RawProgress;
    if (!file) return;
    const entry = this.files.get(file) ?? { loaded: 0, total: 0, done: false };
    if (status === 'progress' && typeof loaded === 'number') {
      entry.loaded = loaded;
      // transformers.js makes up a total (the bytes so far) when it knows none.
      if (entry.total !== null) entry.total = typeof total === 'number' && total > 0 ? total : Math.max(entry.total, loaded);
    } else if (status === 'done') {
      entry.total = Math.max(entry.total ?? 0, entry.loaded);
      entry.loaded = entry.total;
      entry.done = true;
      this.lastDone = epochNow();
    } else if (status !== 'initiate' && status !== 'download') {
      return;
    }
    this.files.set(file, entry);
    this.report(this.graphArrived() ? 'compile' : 'download');
  };

  /** When the latest file finished arriving (epoch ms), if any has. */
  lastFileAt(): number | null {
    return this.lastDone;
  }

  /** Once every file has arrived and one of them is a graph, ONNX Runtime is creating the session. */
  private graphArrived(): boolean {
    const files = [...this.files];
    return files.some(([name]) => name.endsWith('.onnx')) && files.every(([, f]) => f.done);
  }

  report(phase: LoadProgress['phase']): void {
    const files = [...this.files].map(([file, { loaded, total }]) => ({ file, loaded, total }));
    const loaded = files.reduce((sum, f) => sum + f.loaded, 0);
    const total = files.some((f) => f.total === null) ? null : files.reduce((sum, f) => sum + f.total!, 0);
    this.emit({ phase, files, loaded, total, ...(this.note ? { note: this.note } : {}) });
  }
}
