import { proxy, releaseProxy, type Remote } from 'comlink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  LoadOptions,
  LoadProgress,
  ModelInfo,
  PartialResult,
  Passage,
  RerankerApi,
  RerankOptions,
  RerankResult,
} from '../worker/api';
import { startRerankerWorker } from '../worker/client';

export type ModelStatus = 'idle' | 'loading' | 'ready' | 'failed';

export interface RerankerState {
  status: ModelStatus;
  progress: LoadProgress | null;
  info: ModelInfo | null;
  busy: boolean;
  partial: PartialResult | null;
  result: RerankResult | null;
  error: string | null;
}

const initial: RerankerState = {
  status: 'idle',
  progress: null,
  info: null,
  busy: false,
  partial: null,
  result: null,
  error: null,
};

const isCancel = (error: unknown) => (error as { name?: string } | null)?.name === 'CancelledError';
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Owns the worker for a component tree: model status and progress, and the latest rerank only. */
export function useReranker() {
  const api = useRef<Remote<RerankerApi> | null>(null);
  const latest = useRef(0);
  const [state, setState] = useState<RerankerState>(initial);
  const patch = useCallback((p: Partial<RerankerState>) => setState((s) => ({ ...s, ...p })), []);

  useEffect(() => {
    const { api: remote, worker } = startRerankerWorker();
    api.current = remote;
    return () => {
      remote[releaseProxy]();
      worker.terminate();
      api.current = null;
    };
  }, []);

  const load = useCallback(
    async (model: string, options: LoadOptions = {}): Promise<ModelInfo | null> => {
      if (!api.current) return null;
      patch({ status: 'loading', progress: null, error: null });
      try {
        const info = await api.current.load(model, options, proxy((p: LoadProgress) => patch({ progress: p })));
        patch({ status: 'ready', info });
        return info;
      } catch (error) {
        if (isCancel(error)) return null;
        // A failed load leaves the worker's previous model in place, so keep showing it as ready.
        setState((s) => ({ ...s, status: s.info ? 'ready' : 'failed', error: messageOf(error) }));
        return null;
      }
    },
    [patch],
  );

  const rerank = useCallback(
    async (query: string, passages: Passage[], options: RerankOptions = {}) => {
      if (!api.current) return null;
      const id = ++latest.current;
      patch({ busy: true, error: null, partial: null });
      const onPartial = proxy((partial: PartialResult) => {
        if (id === latest.current) patch({ partial });
      });
      try {
        const result = await api.current.rerank(query, passages, options, onPartial);
        if (id === latest.current) patch({ result, busy: false, partial: null });
        return result;
      } catch (error) {
        if (id === latest.current) patch({ busy: false, ...(isCancel(error) ? {} : { error: messageOf(error) }) });
        return null;
      }
    },
    [patch],
  );

  const cancel = useCallback(() => void api.current?.cancel(), []);
  const showError = useCallback((error: string | null) => patch({ error }), [patch]);

  return { ...state, load, rerank, cancel, showError };
}
