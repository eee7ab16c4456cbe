import { useEffect, useMemo, useRef, useState } from 'react';
import { InfoBar } from './components/InfoBar';
import { ModelPanel } from './components/ModelPanel';
import { Results } from './components/Results';
import { importLimitProblem, parsePassageFile, parsePassageLines, passagesToLines } from './passages';
import { CachePanel } from './components/CachePanel';
import { ErrorAlert } from './components/ErrorAlert';
import { PassagesBox } from './components/PassagesBox';
import { PageNav } from './components/PageNav';
import { EXAMPLE } from './example';
import { useModelChoice } from './model-choice';
import { OriginConfirm } from './components/OriginConfirm';
import { usePersistedState } from './use-persisted-state';
import { droppedKeys } from './state-schema';
import { readUrlState, shareUrl } from './url-params';
import { useReranker } from '../lib/react';
import { appReranker } from './app-reranker';
import { ExportBar } from './components/ExportBar';
import { exportedRanking } from './ranking-export';
import type { ModelInfo, Passage, ScoredPassage } from '../worker/api';

/** What a finished rerank was asked, kept beside the hook's result so the export names the query and model it ran with. */
interface RunContext {
  ranking: readonly ScoredPassage[];
  query: string;
  info: ModelInfo;
  finishedAt: Date;
}

const urlState = readUrlState(window.location.search);

export function App() {
  const reranker = useReranker({ create: appReranker });
  const { model, ensureLoaded, panel, origin } = useModelChoice(reranker);
  const [query, setQuery] = usePersistedState('reranker.query', '');
  const [passagesText, setPassagesText] = usePersistedState('reranker.passages', '');
  const [topK, setTopK] = useState<number | null>(null);
  const [lastRun, setLastRun] = useState<RunContext | null>(null);
  // Read once, after the persisted state above has been read back and checked.
  const [notice, setNotice] = useState<string | null>(() => {
    const dropped = droppedKeys();
    return dropped.length ? `Saved state that was not valid was cleared (${dropped.join(', ')}); the page started clean.` : null;
  });
  const fileInput = useRef<HTMLInputElement>(null);
  const passages = useMemo(() => parsePassageLines(passagesText), [passagesText]);

  useEffect(() => {
    if (urlState.query) setQuery(urlState.query);
  }, [setQuery]);

  async function submit() {
    if (!query.trim()) return reranker.showError('The query is empty. Type a question or keywords first.');
    if (passages.length === 0) return reranker.showError('There are no passages. Paste one passage per line, or import a file.');
    if (reranker.status === 'loading') return;
    await rerankWhenReady(query, passages);
  }

  /** Joins a load under way (ensureLoaded does) rather than being refused by it: the example waits for the model. */
  async function rerankWhenReady(query: string, passages: Passage[]) {
    const info = await ensureLoaded();
    if (!info) return;
    const result = await reranker.rerank(query, passages, urlState.long ? { longDocuments: urlState.long } : {});
    if (result) setLastRun({ ranking: result.ranking, query, info, finishedAt: new Date() });
  }

  function showExample() {
    setQuery(EXAMPLE.query);
    setPassagesText(passagesToLines(EXAMPLE.passages));
    void rerankWhenReady(EXAMPLE.query, EXAMPLE.passages);
  }

  const settled = reranker.result;
  const exported = useMemo(
    () =>
      settled && lastRun?.ranking === settled.ranking
        ? exportedRanking({ ...lastRun, totalMs: settled.timing.totalMs, passages: settled.passages })
        : null,
    [settled, lastRun],
  );

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
        <PageNav current="Rerank" />
        <h1>Rerank in your browser</h1>
        <p className="note">Passages never leave this page: the model runs here, in a Web Worker.</p>
      </header>
      <ModelPanel {...panel} />
      <OriginConfirm pending={origin.pending} onCancel={origin.cancel} />
      {notice && (
        <p role="status" data-testid="notice" className="note">
          {notice}{' '}
          <button aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </p>
      )}
      <ErrorAlert message={reranker.error} onDismiss={() => reranker.showError(null)} />
      <section className="panel" aria-label="Query and passages">
        <label className="block">
          Query
          <input
            data-testid="query-input"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="What are you looking for?"
          />
        </label>
        <label className="block">
          Passages <span className="note">(one per line; a tab separates an optional title from the text)</span>
          <PassagesBox value={passagesText} onChange={setPassagesText} />
        </label>
        <div className="row">
          <button data-testid="rerank-button" onClick={() => void submit()} disabled={reranker.busy || reranker.status === 'loading'}>
            Rerank {passages.length > 0 && `${passages.length} passage${passages.length > 1 ? 's' : ''}`}
          </button>
          {reranker.busy && (
            <button data-testid="cancel-button" onClick={reranker.cancel}>
              Cancel
            </button>
          )}
          <button data-testid="example-button" onClick={showExample} disabled={reranker.busy}>
            Try an example
          </button>
          <button data-testid="import-button" onClick={() => fileInput.current?.click()}>
            Import file…
          </button>
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
            <input
              data-testid="top-k"
              type="number"
              min={1}
              value={topK ?? ''}
              placeholder="all"
              size={4}
              onChange={(e) => setTopK(e.target.value ? Math.max(1, Number(e.target.value)) : null)}
            />
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
          <p data-testid="partial-status">
            Scored {reranker.partial.scored} of {reranker.partial.total}…
          </p>
        )}
      </section>
      <InfoBar info={reranker.info} result={reranker.busy ? null : reranker.result} />
      {/* Each ranking carries the passages it was computed from, not whatever the box holds now. */}
      {exported && !reranker.busy && <ExportBar key={exported.time} ranking={exported} />}
      <Results settled={reranker.result} live={reranker.busy ? reranker.partial : null} topK={topK} busy={reranker.busy} />
      <CachePanel refreshKey={reranker.info} />
    </main>
  );
}
