import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import type {
  LoadOptions,
  LoadProgress,
  ModelInfo,
  PartialResult,
  Passage,
  RerankOptions,
  RerankResult,
} from '../worker/api';
import { RerankerClient } from '../worker/client';
import { startRerankerWorker } from '../worker/start-worker';
import { exposeForTests } from './test-hooks';

export type ModelStatus = 'idle' | 'loading' | 'ready' | 'failed';

/** Which call a ranking came from, and the passages its indices refer to. */
export interface Ranked {
  call: number;
  passages: readonly Passage[];
}

export interface RerankerState {
  status: ModelStatus;
  progress: LoadProgress | null;
  info: ModelInfo | null;
  busy: boolean;
  partial: (PartialResult & Ranked) | null;
  result: (RerankResult & Ranked) | null;
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

/** Cancelled and superseded calls are silent; a crash is reported once, by the client's `onCrash`. */
const isCancel = (error: unknown) =>
  ['CancelledError', 'WorkerCrashedError'].includes((error as { name?: string } | null)?.name ?? '');
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Owns the worker for a component tree: model status and progress, and the latest rerank only. */
export function useReranker() {
  const api = useRef<RerankerClient | null>(null);
  const latest = useRef(0);
  const [state, setState] = useState<RerankerState>(initial);
  const patch = useCallback((p: Partial<RerankerState>) => setState((s) => ({ ...s, ...p })), []);

  useEffect(() => {
    const client = new RerankerClient(startRerankerWorker, (message) =>
      patch({ error: `${message} It was restarted and the model reloaded; run the rerank again.`, busy: false }),
    );
    api.current = client;
    exposeForTests(client);
    return () => {
      client.dispose();
      api.current = null;
    };
  }, [patch]);

  const load = useCallback(
    async (model: string, options: LoadOptions = {}): Promise<ModelInfo | null> => {
      if (!api.current) return null;
      patch({ status: 'loading', progress: null, error: null });
      try {
        const info = await api.current.load(model, options, (p: LoadProgress) => patch({ progress: p }));
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
      // Results are transitions: React renders them in interruptible slices, so typing never waits on a long list.
      const onPartial = (partial: PartialResult) => {
        if (id === latest.current) startTransition(() => patch({ partial: { ...partial, call: id, passages } }));
      };
      try {
        const result = await api.current.rerank(query, passages, options, onPartial);
        // A call superseded while its result was already on its way returns nothing, like a cancelled one.
        if (id !== latest.current) return null;
        startTransition(() => patch({ result: { ...result, call: id, passages }, busy: false, partial: null }));
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
