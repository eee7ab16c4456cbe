import type { Device, Dtype, LoadProgress, ModelInfo, PartialResult, Passage, RerankResult } from '../worker/api';
import { RerankerClient } from '../worker/client';
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

export interface CreateRerankerOptions {
  /** A preset id, a hub id (`owner/name`) or the URL of a model folder in Hugging Face layout. */
  model: string;
  device?: Device;
  dtype?: Dtype;
  onProgress?: (progress: LoadProgress) => void;
  /**
   * The folder that serves `ort-wasm-simd-threaded.asyncify.{mjs,wasm}`. Leave it out when
   * your bundler handles `new URL(…, import.meta.url)` (Vite does); set it when you copy
   * `node_modules/onnxruntime-web/dist/` files to your own static folder.
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
}

export interface RerankCallOptions {
  topK?: number;
  batchSize?: number;
  onPartial?: (partial: PartialResult) => void;
  signal?: AbortSignal;
}

export interface Reranker {
  /** Settles when the model is loaded (or failed to load). */
  ready: Promise<ModelInfo>;
  rerank(query: string, passages: Passage[], options?: RerankCallOptions): Promise<RerankResult>;
  info(): Promise<ModelInfo | null>;
  /** Stops the worker and frees the model. */
  dispose(): void;
}

function ownOrigin(model: string): string[] {
  const origin = untrustedModelOrigin(model, globalThis.location.origin);
  return origin ? [origin] : [];
}

/** Starts a worker, loads the model in it, and reranks there. */
export function createReranker(options: CreateRerankerOptions): Reranker {
  const client = new RerankerClient(startLibraryWorker, options.onCrash);
  const ready = client.load(
    options.model,
    {
      ...(options.device ? { device: options.device } : {}),
      ...(options.dtype ? { dtype: options.dtype } : {}),
      runtimeFiles: runtimeFiles(options.assetsBaseUrl),
      allowedOrigins: options.allowedOrigins ?? ownOrigin(options.model),
    },
    options.onProgress,
  );
  // A rejected `ready` that nobody awaits must not surface as an unhandled rejection; rerank re-throws it.
  ready.catch(() => undefined);
  return {
    ready,
    async rerank(query, passages, { onPartial, signal, ...rest } = {}) {
      await ready;
      return client.rerank(query, passages, rest, onPartial, signal);
    },
    info: () => client.info(),
    dispose: () => client.dispose(),
  };
}
