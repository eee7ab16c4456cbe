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

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
