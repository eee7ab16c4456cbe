import type { ModelInfo } from '../worker/api';
import { Reranker, type LoadCallOptions, type RerankerOptions } from './reranker';
import { untrustedModelOrigin } from '../worker/model-origin';
import { runtimeFiles } from './runtime-files';

/**
 * The worker is built separately (vite.lib-worker.config.ts) to `reranker.worker.js` beside
 * this file; the literal URL lets a host's bundler pick it up as a worker entry.
 */
function startLibraryWorker(): Worker {
  // The ignore comment stops this library's own build from bundling the worker; vite.lib.config.ts removes it from the output.
  return new Worker(new URL(/* @vite-ignore */ './reranker.worker.js', import.meta.url), { type: 'module', name: 'reranker' });
}

export interface CreateRerankerOptions extends LoadCallOptions {
  /** A preset id, a hub id (`owner/name`) or the URL of a model folder in Hugging Face layout; loaded at once. */
  model: string;
  /**
   * The folder that serves `ort-wasm-simd-threaded.asyncify.{mjs,wasm}`. Leave it out when
   * your bundler handles `new URL(…, import.meta.url)` (Vite does); set it when you copy
   * this package's `dist-lib/ort/` files to your own static folder.
   */
  assetsBaseUrl?: string;
  /**
   * Origins besides this site and the Hugging Face hub that models may download from. By
   * default the origin of `model` itself, since your code named it; if `model` comes from a
   * URL parameter or user input, ask the user first (see `untrustedModelOrigin`) and pass
   * only what they approved. The worker refuses every other origin.
   */
  allowedOrigins?: string[];
  /** Told when the worker crashed and was restarted with the model reloaded. */
  onCrash?: (message: string) => void;
  /** Keep up to `maxEntries` pair scores for repeated pairs; off by default (see docs/library.md, "Pair-score cache"). */
  cache?: RerankerOptions['cache'];
}

/** A reranker whose model is loading or loaded. */
export type LoadingReranker = Reranker & {
  /** Settles when `model` is loaded (or failed to load). Reranks wait for it by themselves. */
  ready: Promise<ModelInfo>;
};

/** What a model named by the caller's code may download from: its own origin, when that is not trusted anyway. */
export function modelOrigins(model: string): string[] {
  const origin = untrustedModelOrigin(model, globalThis.location.origin);
  return origin ? [origin] : [];
}

/** A reranker on the library's own worker and ONNX Runtime files, with no model yet. */
export function libraryReranker({
  assetsBaseUrl,
  ...options
}: Pick<CreateRerankerOptions, 'assetsBaseUrl'> & Pick<RerankerOptions, 'onCrash' | 'prewarm' | 'wasmThreads' | 'cache'> = {}): Reranker {
  return new Reranker({ startWorker: startLibraryWorker, runtimeFiles: runtimeFiles(assetsBaseUrl), ...options });
}

/** The library's reranker, with `model` loading at once. */
export function createReranker({ model, assetsBaseUrl, onCrash, allowedOrigins, cache, ...load }: CreateRerankerOptions): LoadingReranker {
  const reranker = libraryReranker({
    ...(assetsBaseUrl ? { assetsBaseUrl } : {}),
    ...(onCrash ? { onCrash } : {}),
    ...(cache ? { cache } : {}),
  });
  const ready = reranker.load(model, { ...load, allowedOrigins: allowedOrigins ?? modelOrigins(model) });
  // A rejected `ready` that nobody awaits must not surface as an unhandled rejection; the load's error is the caller's to read.
  ready.catch(() => undefined);
  return Object.assign(reranker, { ready });
}
