import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import type { Device, Dtype, LoadProgress, ModelInfo } from '../worker/api';
import { isErrorOf } from '../worker/errors';
import { libraryReranker, modelOrigins } from './create-reranker';
import type { PartialDocuments, RankedDocuments, RerankDocument } from './documents';
import type { LoadCallOptions, RerankCallOptions, Reranker, RerankerOptions } from './reranker';

export type ModelStatus = 'idle' | 'loading' | 'ready' | 'failed';

/** Which call a ranking came from, and the documents its indices refer to. */
export interface Ranked {
  call: number;
  passages: readonly RerankDocument[];
}

export interface RerankerState {
  status: ModelStatus;
  progress: LoadProgress | null;
  info: ModelInfo | null;
  busy: boolean;
  /** The running rerank's scores so far. */
  partial: (PartialDocuments & Ranked) | null;
  /** The latest finished rerank. */
  result: (RankedDocuments & Ranked) | null;
  error: string | null;
}

export interface UseRerankerOptions {
  /** Loaded on mount and again whenever it, `device` or `dtype` change; leave it out to call `load` yourself. */
  model?: string;
  device?: Device;
  dtype?: Dtype;
  /** As in `createReranker`: WASM threads, read once, when ONNX Runtime starts (at `prewarm`, else the first load). */
  wasmThreads?: number;
  /**
   * Start ONNX Runtime as the component mounts, before (or while) the model downloads; read
   * once, when the worker starts. Never changes scores. Default false.
   */
  prewarm?: boolean;
  /** As in `createReranker`: by default the origin of `model`, which your code named. */
  allowedOrigins?: string[];
  /** As in `createReranker`. */
  assetsBaseUrl?: string;
  /** As in `createReranker`: a pair-score cache of up to `maxEntries` scores; read once, when the worker starts. Off by default. */
  cache?: RerankerOptions['cache'];
  /** Makes the reranker; by default the library's own worker. The app passes one that starts its bundled worker. */
  create?: (onCrash: (message: string) => void) => Reranker;
}

const initial: RerankerState = { status: 'idle', progress: null, info: null, busy: false, partial: null, result: null, error: null };

/** Cancelled and superseded calls are silent; a crash is reported once, through `onCrash`. */
const isQuiet = (error: unknown) => isErrorOf(error, 'CancelledError', 'WorkerCrashedError');
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A reranker for the life of the component, with its model status and progress and the
 * latest rerank only. Every returned function keeps its identity across renders, so it can
 * sit in an effect's dependencies.
 */
export function useReranker({
  model,
  device,
  dtype,
  wasmThreads,
  prewarm,
  allowedOrigins,
  assetsBaseUrl,
  cache,
  create,
}: UseRerankerOptions = {}) {
  const reranker = useRef<Reranker | null>(null);
  const latest = useRef(0);
  const loadAbort = useRef<AbortController | null>(null);
  const [state, setState] = useState<RerankerState>(initial);
  const patch = useCallback((p: Partial<RerankerState>) => setState((s) => ({ ...s, ...p })), []);
  // The factory is read once, when the worker starts: a new closure each render must not restart it.
  const factory = useRef(create);
  const runtime = useRef({ ...(prewarm ? { prewarm } : {}), ...(wasmThreads ? { wasmThreads } : {}), ...(cache ? { cache } : {}) });

  useEffect(() => {
    const onCrash = (message: string) => patch({ error: message, busy: false });
    const instance = factory.current
      ? factory.current(onCrash)
      : libraryReranker({ onCrash, ...runtime.current, ...(assetsBaseUrl ? { assetsBaseUrl } : {}) });
    reranker.current = instance;
    return () => {
      instance.dispose();
      reranker.current = null;
    };
  }, [patch, assetsBaseUrl]);

  const load = useCallback(
    async (name: string, options: Omit<LoadCallOptions, 'onProgress'> = {}): Promise<ModelInfo | null> => {
      if (!reranker.current) return null;
      patch({ status: 'loading', progress: null, error: null });
      const abort = new AbortController();
      loadAbort.current = abort;
      try {
        const info = await reranker.current.load(name, { ...options, signal: abort.signal, onProgress: (progress) => patch({ progress }) });
        patch({ status: 'ready', info });
        return info;
      } catch (error) {
        // A load cut short leaves whatever model the worker had, or none.
        if (isQuiet(error)) {
          setState((s) => ({ ...s, status: s.info ? 'ready' : 'idle' }));
          return null;
        }
        // A failed load leaves the worker's previous model in place, so keep showing it as ready.
        setState((s) => ({ ...s, status: s.info ? 'ready' : 'failed', error: messageOf(error) }));
        return null;
      }
    },
    [patch],
  );

  const rerank = useCallback(
    async <D extends RerankDocument>(
      query: string,
      passages: readonly D[],
      { onPartial, ...options }: RerankCallOptions<D> = {},
    ): Promise<RankedDocuments<D> | null> => {
      if (!reranker.current) return null;
      const id = ++latest.current;
      patch({ busy: true, error: null, partial: null });
      // Results are transitions: React renders them in interruptible slices, so typing never waits on a long list.
      const showPartial = (partial: PartialDocuments<D>) => {
        onPartial?.(partial);
        if (id === latest.current) startTransition(() => patch({ partial: { ...partial, call: id, passages } }));
      };
      try {
        const result = await reranker.current.rerank(query, passages, { ...options, onPartial: showPartial });
        // A call superseded while its result was already on its way returns nothing, like a cancelled one.
        if (id !== latest.current) return null;
        startTransition(() => patch({ result: { ...result, call: id, passages }, busy: false, partial: null }));
        return result;
      } catch (error) {
        if (id === latest.current) patch({ busy: false, ...(isQuiet(error) ? {} : { error: messageOf(error) }) });
        return null;
      }
    },
    [patch],
  );

  const cancel = useCallback(() => reranker.current?.cancel(), []);
  /** Stops the running load's download; the model loaded before, if any, stays. */
  const cancelLoad = useCallback(() => loadAbort.current?.abort(), []);
  const showError = useCallback((error: string | null) => patch({ error }), [patch]);

  const allowed = allowedOrigins?.join(' ');
  useEffect(() => {
    if (!model) return;
    void load(model, {
      ...(device ? { device } : {}),
      ...(dtype ? { dtype } : {}),
      ...(wasmThreads ? { wasmThreads } : {}),
      allowedOrigins: allowed === undefined ? modelOrigins(model) : allowed.split(' ').filter(Boolean),
    });
  }, [load, model, device, dtype, wasmThreads, allowed]);

  return { ...state, load, rerank, cancel, cancelLoad, showError };
}
