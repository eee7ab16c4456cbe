import { useCallback, useEffect, useRef, useState } from 'react';
import type { LoadOptions, ModelInfo } from '../../worker/api';
import { DEFAULT_PRESET_ID } from '../../worker/registry';
import { useOriginGate } from '../origin-gate';
import { readUrlState } from '../url-state';
import type { useReranker } from '../use-reranker';

type Reranker = ReturnType<typeof useReranker>;

const urlState = readUrlState(window.location.search);
const loadOptions: LoadOptions = {
  ...(urlState.device ? { device: urlState.device } : {}),
  ...(urlState.dtype ? { dtype: urlState.dtype } : {}),
};

/**
 * The model choice the main page makes (`?model=`, `?device=`, `?dtype=`, else the default
 * preset), under the same origin policy, for pages that rerank on demand. `ensureLoaded` joins a load already under way
 * (the one `?model=` starts on open) instead of being refused while it runs.
 */
export function useModelChoice(reranker: Reranker) {
  const [model, setModel] = useState(urlState.model ?? DEFAULT_PRESET_ID);
  const pending = useRef<{ model: string; info: Promise<ModelInfo | null> } | null>(null);
  const { load } = reranker;
  const { gate, ...origin } = useOriginGate();

  const loadModel = useCallback(
    (name: string) => {
      const info = gate(name, (allowedOrigins) => load(name, { ...loadOptions, allowedOrigins }));
      pending.current = { model: name, info };
      return info;
    },
    [load, gate],
  );

  useEffect(() => {
    // Only a model named in the URL loads by itself; a preset waits for a click, as on the main page.
    if (urlState.model) void loadModel(urlState.model);
  }, [loadModel]);

  /** The loaded model's info, or null when loading failed (the hook shows why). */
  const ensureLoaded = useCallback(async (): Promise<ModelInfo | null> => {
    const last = pending.current;
    const info = last?.model === model ? await last.info : null;
    return info ?? loadModel(model);
  }, [model, loadModel]);

  const panel = {
    model,
    onModelChange: setModel,
    onLoad: () => void loadModel(model),
    status: reranker.status,
    progress: reranker.progress,
    info: reranker.info,
  };
  return { model, ensureLoaded, panel, origin };
}
