import { useEffect, useMemo, useRef, useState } from 'react';
import { DEFAULT_PRESET_ID } from '../worker/registry';
import { InfoBar } from './components/InfoBar';
import { ModelPanel } from './components/ModelPanel';
import { Results } from './components/Results';
import { importLimitProblem, parsePassageFile, parsePassageLines, passagesToLines } from './passages';
import { CachePanel } from './components/CachePanel';
import { ErrorAlert } from './components/ErrorAlert';
import { PassagesBox } from './components/PassagesBox';
import { folderProblem, type PickedFolder } from './local-folder';
import { carriedSearch, useOriginGate } from './origin-gate';
import { OriginConfirm } from './components/OriginConfirm';
import { usePersistedState } from './persisted-state';
import { droppedKeys } from './stored-state';
import { readUrlState, shareUrl } from './url-state';
import { useReranker } from './use-reranker';

const urlState = readUrlState(window.location.search);
const LOCAL_PREFIX = 'local:';

export function App() {
  const reranker = useReranker();
  const [storedModel, setStoredModel] = usePersistedState('reranker.model', DEFAULT_PRESET_ID);
  const [model, setModel] = useState(urlState.model ?? storedModel);
  const [query, setQuery] = usePersistedState('reranker.query', '');
  const [passagesText, setPassagesText] = usePersistedState('reranker.passages', '');
  const [topK, setTopK] = useState<number | null>(null);
  const [localFolder, setLocalFolder] = useState<PickedFolder | null>(null);
  const originGate = useOriginGate();
  // Read once, after the persisted state above has been read back and checked.
  const [notice, setNotice] = useState<string | null>(() => {
    const dropped = droppedKeys();
    return dropped.length ? `Saved state that was not valid was cleared (${dropped.join(', ')}); the page started clean.` : null;
  });
  const [loadedRef, setLoadedRef] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const passages = useMemo(() => parsePassageLines(passagesText), [passagesText]);
  const loadOptions = { ...(urlState.device ? { device: urlState.device } : {}), ...(urlState.dtype ? { dtype: urlState.dtype } : {}) };

  useEffect(() => {
    if (urlState.query) setQuery(urlState.query);
    if (urlState.model) void loadModel(urlState.model);
    // Only the model named in the URL loads by itself; presets wait for a click.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function chooseModel(ref: string) {
    setModel(ref);
    if (!ref.startsWith(LOCAL_PREFIX)) setStoredModel(ref);
  }


  /** Loads `ref`, once the user has approved its origin if it needs approving. */
  function loadModel(ref: string) {
    const local = ref.startsWith(LOCAL_PREFIX) ? localFolder : null;
    if (local) return loadNow(ref, local, []);
    return originGate.gate(ref, (allowedOrigins) => loadNow(ref, null, allowedOrigins));
  }

  async function loadNow(ref: string, local: PickedFolder | null, allowedOrigins: string[]) {
    const info = local
      ? await reranker.load(local.name, { ...loadOptions, files: local.files })
      : await reranker.load(ref, { ...loadOptions, allowedOrigins });
    if (info) {
      setLoadedRef(ref);
      if (!local) setStoredModel(ref);
    }
    // A failed load leaves the previous model in the worker; point the picker back at it so the next rerank uses it.
    else if (loadedRef) setModel(loadedRef);
    return info;
  }

  function useFolder(folder: PickedFolder) {
    const problem = folderProblem(folder);
    if (problem) return reranker.showError(problem);
    setLocalFolder(folder);
    const ref = `${LOCAL_PREFIX}${folder.name}`;
    setModel(ref);
    // The folder is in hand now; load at once rather than keep the files waiting for a click.
    void (async () => {
      const info = await reranker.load(folder.name, { ...loadOptions, files: folder.files });
      if (info) setLoadedRef(ref);
    })();
  }

  async function submit() {
    if (!query.trim()) return reranker.showError('The query is empty. Type a question or keywords first.');
    if (passages.length === 0) return reranker.showError('There are no passages. Paste one passage per line, or import a file.');
    if (reranker.status === 'loading') return;
    if (reranker.status !== 'ready' || loadedRef !== model) {
      if (!(await loadModel(model))) return;
    }
    await reranker.rerank(query, passages);
  }

  async function importFile(file: File) {
    const tooLarge = importLimitProblem(`${file.name} is`, file.size);
    if (tooLarge) return reranker.showError(tooLarge);
    try {
      setPassagesText(passagesToLines(parsePassageFile(file.name, await file.text())));
      reranker.showError(null);
    } catch (error) {
      reranker.showError((error as Error).message);
    }
  }

  return (
    <main
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void submit();
        }
      }}
    >
      <header>
        <h1>Rerank in your browser</h1>
        <p className="note">Passages never leave this page: the model runs here, in a Web Worker.</p>
        <nav className="note">
          Also: <a href={`./search.html${carriedSearch(window.location.search)}`}>search a corpus, then rerank</a> ·{' '}
          <a href={`./eval.html${carriedSearch(window.location.search)}`}>evaluate on TREC data</a>
        </nav>
      </header>
      <ModelPanel
        model={model}
        onModelChange={chooseModel}
        onLoad={() => void loadModel(model)}
        onFolder={useFolder}
        status={reranker.status}
        progress={reranker.progress}
        info={reranker.info}
      />
      <OriginConfirm pending={originGate.pending} onCancel={originGate.cancel} />
      {notice && (
        <p role="status" data-testid="notice" className="note">
          {notice} <button aria-label="Dismiss" onClick={() => setNotice(null)}>×</button>
        </p>
      )}
      <ErrorAlert message={reranker.error} onDismiss={() => reranker.showError(null)} />
      <section className="panel" aria-label="Query and passages">
        <label className="block">
          Query
          <input data-testid="query-input" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="What are you looking for?" />
        </label>
        <label className="block">
          Passages <span className="note">(one per line; a tab separates an optional title from the text)</span>
          <PassagesBox value={passagesText} onChange={setPassagesText} />
        </label>
        <div className="row">
          <button data-testid="rerank-button" onClick={() => void submit()} disabled={reranker.busy || reranker.status === 'loading'}>
            Rerank {passages.length > 0 && `${passages.length} passage${passages.length > 1 ? 's' : ''}`}
          </button>
          {reranker.busy && <button data-testid="cancel-button" onClick={reranker.cancel}>Cancel</button>}
          <button data-testid="import-button" onClick={() => fileInput.current?.click()}>Import file…</button>
          <input
            ref={fileInput}
            data-testid="import-input"
            type="file"
            accept=".txt,.json,text/plain,application/json"
            hidden
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importFile(file);
            }}
          />
          <label>
            Show top{' '}
            <input data-testid="top-k" type="number" min={1} value={topK ?? ''} placeholder="all" size={4}
              onChange={(e) => setTopK(e.target.value ? Math.max(1, Number(e.target.value)) : null)} />
          </label>
          <button
            data-testid="share-button"
            title="Copies a link with the model, device and query (never the passages)"
            onClick={() => {
              const link = shareUrl(window.location.href, { ...urlState, model, query });
              void navigator.clipboard?.writeText(link.url);
              setNotice(
                link.queryKept === null
                  ? 'Link copied.'
                  : `Link copied with the first ${link.queryKept.toLocaleString('en')} characters of the query: all of it would make the link too long to open.`,
              );
            }}
          >
            Copy link
          </button>
          <span className="note">Ctrl+Enter reranks.</span>
        </div>
        {reranker.busy && reranker.partial && (
          <p data-testid="partial-status">Scored {reranker.partial.scored} of {reranker.partial.total}…</p>
        )}
      </section>
      <InfoBar info={reranker.info} result={reranker.busy ? null : reranker.result} />
      {/* Each ranking carries the passages it was computed from, not whatever the box holds now. */}
      <Results settled={reranker.result} live={reranker.busy ? reranker.partial : null} topK={topK} busy={reranker.busy} />
      <CachePanel refreshKey={reranker.info} />
    </main>
  );
}
