/** Error names survive comlink's structured clone, so callers branch on `name`, not on `instanceof`. */
function named(name: string) {
  return class extends Error {
    constructor(message: string, options?: ErrorOptions) {
      super(message, options);
      this.name = name;
    }
  };
}

/** The caller's input cannot be scored; the message says why in plain words. */
export const InputError = named('InputError');
/** A rerank was stopped by `cancel()` or superseded by a newer call. */
export const CancelledError = named('CancelledError');
/** A model could not be fetched or opened; the message names the file. */
export const ModelLoadError = named('ModelLoadError');
/**
 * WebGPU failed (session creation, or a run: a lost device, say) and WASM should take
 * over. transformers.js chains every session creation and run on one promise, so after a
 * failure that worker's runtime is unusable: the client restarts the worker on WASM.
 */
export const WebGpuFailedError = named('WebGpuFailedError');

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
/** A model would download from an origin that is neither this site nor the hub, and the user has not approved it. */
export const UntrustedOriginError = named('UntrustedOriginError');
