import { useCallback, useEffect, useRef, useState } from 'react';
import type { useReranker } from '../lib/react';
import type { LoadOptions, ModelInfo } from '../worker/api';
import { DEFAULT_PRESET_ID } from '../lib';
import { folderProblem, type PickedFolder } from './local-folder';
import { useOriginGate } from './origin-gate';
import { usePersistedState } from './use-persisted-state';
import { readUrlState } from './url-params';

type PageReranker = ReturnType<typeof useReranker>;

const urlState = readUrlState(window.location.search);
const loadOptions: LoadOptions = {
  ...(urlState.device ? { device: urlState.device } : {}),
  ...(urlState.dtype ? { dtype: urlState.dtype } : {}),
};
/** The picker's value for a folder from disk; such a model is never stored, since its files cannot be. */
const LOCAL_PREFIX = 'local:';

/**
 * Every page's model choice: `?model=` (loaded on open), else the last model chosen, else the
 * default preset; `?device=` and `?dtype=`; folders from disk; and the origin policy, which
 * asks before any other site is contacted. `ensureLoaded` joins a load already under way (the
 * one `?model=` starts on open) instead of being refused while it runs.
 */
export function useModelChoice(reranker: PageReranker) {
  const [storedModel, setStoredModel] = usePersistedState('reranker.model', DEFAULT_PRESET_ID);
  const [model, setModel] = useState(urlState.model ?? storedModel);
  const [folder, setFolder] = useState<PickedFolder | null>(null);
  /** The reference of the model in the worker. */
  const loaded = useRef<string | null>(null);
  const pending = useRef<{ ref: string; info: Promise<ModelInfo | null> } | null>(null);
  const { gate, ...origin } = useOriginGate();
  const { load, showError, status, info } = reranker;

  const loadModel = useCallback(
    (ref: string, picked: PickedFolder | null) => {
      const settle = async (loading: Promise<ModelInfo | null>) => {
        const result = await loading;
        if (result) {
          loaded.current = ref;
          if (!picked) setStoredModel(ref);
        }
        // A failed load leaves the previous model in the worker; point the picker back at it so the next rerank uses it.
        else if (loaded.current) setModel(loaded.current);
        return result;
      };
      const info = picked
        ? settle(load(picked.name, { ...loadOptions, files: picked.files }))
        : gate(ref, (allowedOrigins) => settle(load(ref, { ...loadOptions, allowedOrigins })));
      pending.current = { ref, info };
      return info;
    },
    [load, gate, setStoredModel],
  );

  useEffect(() => {
    // Only a model named in the URL loads by itself; a preset waits for a click.
    if (urlState.model) void loadModel(urlState.model, null);
  }, [loadModel]);

  const pickedFor = (ref: string) => (ref.startsWith(LOCAL_PREFIX) ? folder : null);

  /** The loaded model's info, or null when loading failed or waits for the user (the page shows which). */
  async function ensureLoaded(): Promise<ModelInfo | null> {
    if (status === 'ready' && loaded.current === model) return info;
    const last = pending.current;
    const joined = last?.ref === model ? await last.info : null;
    return joined ?? loadModel(model, pickedFor(model));
  }

  function chooseModel(ref: string) {
    setModel(ref);
    if (!ref.startsWith(LOCAL_PREFIX)) setStoredModel(ref);
  }

  function useFolder(picked: PickedFolder) {
    const problem = folderProblem(picked);
    if (problem) return showError(problem);
    setFolder(picked);
    const ref = `${LOCAL_PREFIX}${picked.name}`;
    setModel(ref);
    // The folder is in hand now; load at once rather than keep the files waiting for a click.
    void loadModel(ref, picked);
  }

  const panel = {
    model,
    onModelChange: chooseModel,
    onLoad: () => void loadModel(model, pickedFor(model)),
    onCancelLoad: reranker.cancelLoad,
    onFolder: useFolder,
    status,
    progress: reranker.progress,
    info,
  };
  return { model, ensureLoaded, panel, origin };
}
