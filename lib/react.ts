import { useEffect, useRef, useState } from 'react';
import type { LoadProgress, ModelInfo, Passage, RerankResult } from '../worker/api';
import { createReranker, type CreateRerankerOptions, type Reranker, type RerankCallOptions } from './create-reranker';

export interface UseRerankerState {
  status: 'loading' | 'ready' | 'failed';
  progress: LoadProgress | null;
  info: ModelInfo | null;
  error: string | null;
  result: RerankResult | null;
  rerank: (query: string, passages: Passage[], options?: RerankCallOptions) => Promise<RerankResult | null>;
}

/** A reranker for the life of the component, reloaded when model, device or dtype change. */
export function useReranker(options: CreateRerankerOptions): UseRerankerState {
  const { model, device, dtype, assetsBaseUrl } = options;
  const allowed = options.allowedOrigins?.join(' ');
  const reranker = useRef<Reranker | null>(null);
  const latest = useRef(0);
  const [state, setState] = useState<Omit<UseRerankerState, 'rerank'>>({
    status: 'loading',
    progress: null,
    info: null,
    error: null,
    result: null,
  });

  useEffect(() => {
    setState((s) => ({ ...s, status: 'loading', progress: null, error: null }));
    const instance = createReranker({
      model,
      ...(device ? { device } : {}),
      ...(dtype ? { dtype } : {}),
      ...(assetsBaseUrl ? { assetsBaseUrl } : {}),
      ...(allowed !== undefined ? { allowedOrigins: allowed.split(' ').filter(Boolean) } : {}),
      onProgress: (progress) => setState((s) => ({ ...s, progress })),
    });
    reranker.current = instance;
    instance.ready.then(
      (info) => reranker.current === instance && setState((s) => ({ ...s, status: 'ready', info })),
      (error: Error) => reranker.current === instance && setState((s) => ({ ...s, status: 'failed', error: error.message })),
    );
    return () => {
      reranker.current = null;
      instance.dispose();
    };
  }, [model, device, dtype, assetsBaseUrl, allowed]);

  async function rerank(query: string, passages: Passage[], callOptions?: RerankCallOptions) {
    const instance = reranker.current;
    if (!instance) return null;
    const id = ++latest.current;
    try {
      const result = await instance.rerank(query, passages, callOptions);
      if (id === latest.current) setState((s) => ({ ...s, result, error: null }));
      return result;
    } catch (error) {
      const name = (error as Error).name;
      if (id === latest.current && name !== 'CancelledError') setState((s) => ({ ...s, error: (error as Error).message }));
      return null;
    }
  }

  return { ...state, rerank };
}
