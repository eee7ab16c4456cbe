/**
 * Error kinds. Errors cross comlink as structured clones, which keep `name` but not the class,
 * so callers branch with `isErrorOf`, never on `instanceof` or by comparing names themselves.
 */
export type ErrorKind =
  | 'InputError'
  | 'CancelledError'
  | 'ModelLoadError'
  | 'RuntimeStartError'
  | 'ModelTooLargeError'
  | 'WebGpuFailedError'
  | 'UntrustedOriginError'
  | 'WorkerCrashedError'
  | 'WorkerUnresponsiveError';

/** Declared, not inferred: the inferred class type drags @types/node's statics of `Error` into the published .d.ts. */
type NamedError = new (message: string, options?: ErrorOptions) => Error;

function named(name: ErrorKind): NamedError {
  return class extends Error {
    constructor(message: string, options?: ErrorOptions) {
      super(message, options);
      this.name = name;
    }
  };
}

/** The caller's input cannot be scored; the message says why in plain words. */
export const InputError = named('InputError');
/** A rerank was stopped by `cancel()` or superseded by a newer call; a load was cancelled (its `signal`) or superseded. */
export const CancelledError = named('CancelledError');
/** A model could not be fetched or opened; the message names the file. */
export const ModelLoadError = named('ModelLoadError');
/**
 * ONNX Runtime did not start in this worker: its WASM failed to compile, did not match this
 * build, or the start missed its deadline (a blocked thread worker). The message says which; the
 * worker is replaced, so loading again retries from scratch.
 */
export const RuntimeStartError = named('RuntimeStartError');
/**
 * The preflight found that this browser cannot hold the model (GPU buffer limit, WebAssembly's
 * 4 GiB, free storage) on any device it may use: thrown before the weights are requested.
 */
export const ModelTooLargeError = named('ModelTooLargeError');
/**
 * WebGPU failed (session creation, or a run: a lost device, say) and WASM should take
 * over. transformers.js chains every session creation and run on one promise, so after a
 * failure that worker's runtime is unusable: the page side restarts the worker on WASM.
 */
export const WebGpuFailedError = named('WebGpuFailedError');
/** A model would download from an origin that is neither this site nor the hub, and the user has not approved it. */
export const UntrustedOriginError = named('UntrustedOriginError');
/** The worker died or was replaced while the call was pending (made on the page side). */
export const WorkerCrashedError = named('WorkerCrashedError');
/**
 * A cancelled rerank did not stop in time because the worker's thread was held, so the worker was
 * replaced and the model reloaded (made on the page side); the message says so in a sentence.
 */
export const WorkerUnresponsiveError = named('WorkerUnresponsiveError');

/** Whether `error` is one of `kinds`, whichever side of the worker boundary it was made on. */
export function isErrorOf(error: unknown, ...kinds: ErrorKind[]): error is Error {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && (kinds as string[]).includes(name);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A failure a family pinned on one of the model's files (a tokenizer.json that does not parse, say).
 * Worker-internal: the load ends in a `ModelLoadError` that names the file (load-failure.ts).
 */
export class FileError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(errorMessage(cause), { cause });
    this.name = 'FileError';
  }
}

/** Runs `work`, blaming `file` for whatever goes wrong in it. */
export async function blame<T>(file: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof FileError ? error : new FileError(file, error);
  }
}
