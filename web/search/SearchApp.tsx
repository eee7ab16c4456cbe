import { useRef, useState } from 'react';
import type { ScoredPassage } from '../../worker/api';
import { InfoBar } from '../components/InfoBar';
import { OriginConfirm } from '../components/OriginConfirm';
import { ModelPanel } from '../components/ModelPanel';
import { useReranker } from '../../lib/react';
import { appReranker } from '../app-reranker';
import type { Bm25Hit } from './bm25';
import { CorpusPanel } from './CorpusPanel';
import { ErrorAlert } from '../components/ErrorAlert';
import { useModelChoice } from '../model-choice';
import { PageNav } from '../components/PageNav';
import { RankingColumns } from './RankingColumns';
import { useCorpus } from './use-corpus';
import { ExportBar } from '../components/ExportBar';
import { exportedRanking, type ExportedRanking } from '../ranking-export';

const DEFAULT_TOP_N = 20;
/** Small batches so the reranked column visibly fills in and settles, rather than appearing at once. */
const STREAM_BATCH_SIZE = 4;

interface SearchRun {
  query: string;
  hits: Bm25Hit[];
  /** Set once the rerank finished; until then the live partial ranking is shown. */
  ranking: ScoredPassage[] | null;
  /** The rerank for these hits has been sent, so the hook's partial results are theirs. */
  reranking: boolean;
  /** Set with `ranking`: what the export says about the run. */
  exported: ExportedRanking | null;
}

export function SearchApp() {
  const reranker = useReranker({ create: appReranker });
  const { ensureLoaded, panel, origin } = useModelChoice(reranker);
  const { showError } = reranker;
  const { corpus, index, indexing, isDemo, loadFiles, restoreDemo } = useCorpus(showError);
  const [query, setQuery] = useState('');
  const [topN, setTopN] = useState(DEFAULT_TOP_N);
  const [run, setRun] = useState<SearchRun | null>(null);
  const latest = useRef(0);

  /** The shown hits belong to the old corpus once it is replaced. */
  function forgetRun() {
    latest.current++;
    reranker.cancel();
    setRun(null);
  }

  async function changeCorpus(files: File[]) {
    if (await loadFiles(files)) forgetRun();
  }

  /** BM25 at once, then the rerank of its top N, which supersedes the one before (every keystroke runs this). */
  async function search(text = query) {
    const q = text.trim();
    if (!q) return showError('The query is empty. Type a few words to search for.');
    const id = ++latest.current;
    const hits = index.top(q, topN);
    setRun({ query: q, hits, ranking: null, reranking: false, exported: null });
    showError(null);
    if (hits.length === 0) return;
    const info = await ensureLoaded();
    if (id !== latest.current) return;
    if (!info) return setRun((r) => r && { ...r, ranking: [] });
    setRun((r) => r && { ...r, reranking: true });
    const passages = hits.map(({ doc }) => (doc.title ? { title: doc.title, text: doc.text } : doc.text));
    const result = await reranker.rerank(q, passages, { batchSize: STREAM_BATCH_SIZE });
    if (id !== latest.current) return;
    // A rerank that failed settles its column empty; the error says why.
    if (!result) return setRun((r) => r && { ...r, ranking: r.ranking ?? [] });
    const exported = exportedRanking({
      query: q,
      info,
      finishedAt: new Date(),
      totalMs: result.timing.totalMs,
      ranking: result.ranking,
      passages,
      ids: hits.map(({ doc }) => doc.id),
    });
    setRun((r) => r && { ...r, ranking: result.ranking, exported });
  }

  const live = run?.reranking && reranker.busy ? (reranker.partial?.ranking ?? []) : [];
  const ranking = run?.ranking ?? live;

  return (
    <main className="wide">
      <header>
        <PageNav current="Search demo" />
        <h1>Search, then rerank</h1>
        <p className="note">
          BM25 finds the top documents in the corpus; the model then reads each one with the query and reorders them. Everything runs in
          this page.
        </p>
      </header>
      <ModelPanel {...panel} />
      <OriginConfirm pending={origin.pending} onCancel={origin.cancel} />
      <ErrorAlert message={reranker.error} onDismiss={() => showError(null)} />
      <CorpusPanel
        corpus={corpus}
        isDemo={isDemo}
        onFiles={(files) => void changeCorpus(files)}
        onRestoreDemo={() => {
          restoreDemo();
          forgetRun();
        }}
      />
      {indexing && (
        <p data-testid="indexing-status" className="note" role="status">
          {indexing}
        </p>
      )}
      <form
        className="panel row"
        aria-label="Search"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <input
          data-testid="search-input"
          className="grow"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            if (e.target.value.trim()) void search(e.target.value);
          }}
          placeholder="Search the corpus, e.g. who invented the telephone"
        />
        <label>
          Top{' '}
          <input
            data-testid="top-n"
            type="number"
            min={1}
            max={200}
            size={4}
            value={topN}
            onChange={(e) => setTopN(Math.max(1, Math.min(200, Math.round(Number(e.target.value)) || DEFAULT_TOP_N)))}
          />
        </label>
        <button data-testid="search-button" type="submit">
          Search
        </button>
        {reranker.busy && (
          <button type="button" data-testid="cancel-button" onClick={reranker.cancel}>
            Cancel
          </button>
        )}
      </form>
      {run && (
        <p data-testid="search-status" className="note">
          {run.hits.length === 0
            ? `No document matches any word of “${run.query}” (common words such as “the” are not searched).`
            : `BM25 top ${run.hits.length} for “${run.query}”` +
              (reranker.busy && run.reranking && !run.ranking
                ? ` · reranking: ${reranker.partial?.scored ?? 0} of ${run.hits.length} scored…`
                : '')}
        </p>
      )}
      <InfoBar info={reranker.info} result={reranker.busy ? null : reranker.result} />
      {run?.exported && <ExportBar key={run.exported.time} ranking={run.exported} prefix="search" />}
      {run && run.hits.length > 0 && <RankingColumns hits={run.hits} ranking={ranking} settling={!run.ranking} />}
    </main>
  );
}
