import { useMemo, useRef, useState } from 'react';
import { DEFAULT_RELEVANCE_THRESHOLD } from '../../eval/metrics';
import { orderedRunFromCandidates, QrelsReader, type CandidateQuery, type Qrels } from '../../eval/trec';
import { InfoBar } from '../components/InfoBar';
import { OriginConfirm } from '../components/OriginConfirm';
import { ModelPanel } from '../components/ModelPanel';
import { ErrorAlert } from '../components/ErrorAlert';
import { importLimitProblem } from '../passages';
import { useModelChoice } from '../model-choice';
import { PageNav } from '../components/PageNav';
import { useReranker } from '../../lib/react';
import { appReranker } from '../app-reranker';
import { FileField } from './FileField';
import { forEachLine } from '../read-lines';
import { readCandidates } from './read-candidates';
import { parseIntOption } from './options';
import { buildReport, type EvalReport, type EvalRun } from './report';
import { ReportView } from './ReportView';
import { TrecRunExport } from './TrecRunExport';
import { rerankAll } from './rerank-all';
import { DEFAULT_DEPTH, selectCandidates } from './selection';

interface Loaded<T> {
  name: string;
  value: T;
}

interface Progress {
  done: number;
  total: number;
  qid: string | null;
}

/** A file within the pages' import limit, read by `read`; an error names the file. */
async function readAs<T>(file: File, read: (file: File) => Promise<T>): Promise<Loaded<T>> {
  const tooLarge = importLimitProblem(`${file.name} is`, file.size);
  if (tooLarge) throw new Error(tooLarge);
  try {
    return { name: file.name, value: await read(file) };
  } catch (error) {
    throw new Error(`${file.name}: ${(error as Error).message}`);
  }
}

/** Qrels are read a slice at a time: they run to tens of MiB, and parsing them whole held the page for seconds. */
async function readQrels(file: File): Promise<Qrels> {
  const reader = new QrelsReader();
  await forEachLine(file, (line) => reader.add(line));
  return reader.finish();
}

const CANCELLED_NOTICE = 'Cancelled; nothing was reported. Run again to start over.';

const judgmentCount = (qrels: Qrels) => [...qrels.values()].reduce((n, q) => n + q.size, 0);

export function EvalApp() {
  const reranker = useReranker({ create: appReranker });
  const { ensureLoaded, panel, origin } = useModelChoice(reranker);
  const { showError } = reranker;
  const [candidates, setCandidates] = useState<Loaded<CandidateQuery[]> | null>(null);
  const [qrels, setQrels] = useState<Loaded<Qrels> | null>(null);
  const [depthText, setDepthText] = useState(String(DEFAULT_DEPTH));
  const [queriesText, setQueriesText] = useState('');
  const [thresholdText, setThresholdText] = useState(String(DEFAULT_RELEVANCE_THRESHOLD));
  const [progress, setProgress] = useState<Progress | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [run, setRun] = useState<EvalRun | null>(null);
  const cancelRequested = useRef(false);

  const depth = parseIntOption(depthText, 1);
  const queryLimit = queriesText.trim() === '' ? null : parseIntOption(queriesText, 1);
  const threshold = parseIntOption(thresholdText, Number.MIN_SAFE_INTEGER);
  const running = progress !== null;

  // The threshold only changes how the stored orders are scored, so the report follows it without reranking.
  const outcome = useMemo((): { report: EvalReport } | { error: string } | null => {
    if (!run || !qrels || threshold === null) return null;
    try {
      return { report: buildReport(run, qrels.value, threshold) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }, [run, qrels, threshold]);

  async function load<T>(file: File, read: (file: File) => Promise<T>, set: (loaded: Loaded<T>) => void) {
    try {
      set(await readAs(file, read));
      showError(null);
    } catch (error) {
      showError((error as Error).message);
    }
  }

  async function start() {
    if (!candidates || !qrels) return showError('Choose a candidates file and a qrels file first.');
    if (depth === null) return showError('Candidates per query must be a whole number of at least 1.');
    if (queriesText.trim() !== '' && queryLimit === null)
      return showError('Number of queries must be a whole number of at least 1, or empty for all.');
    const selected = selectCandidates(candidates.value, { depth, queries: queryLimit });
    if (!selected.some((q) => qrels.value.has(q.qid))) {
      return showError(`None of the ${selected.length} selected queries has judgments in ${qrels.name}; check that the qids match.`);
    }
    showError(null);
    setNotice(null);
    setRun(null);
    cancelRequested.current = false;
    setProgress({ done: 0, total: selected.length, qid: null });
    const info = await ensureLoaded();
    if (!info || cancelRequested.current) {
      setProgress(null);
      if (cancelRequested.current) setNotice(CANCELLED_NOTICE);
      return;
    }
    const started = performance.now();
    const reranked = await rerankAll(
      selected,
      // A cancel that lands between two queries finds no rerank to stop, so the next one must not start.
      async (query, passages) => (cancelRequested.current ? null : ((await reranker.rerank(query, passages))?.ranking ?? null)),
      (done, total, current) => setProgress({ done, total, qid: current?.qid ?? null }),
    );
    const seconds = (performance.now() - started) / 1000;
    setProgress(null);
    if (!reranked) {
      if (cancelRequested.current) setNotice(CANCELLED_NOTICE);
      return;
    }
    setRun({
      dataset: candidates.name.replace(/\.[^.]*$/, ''),
      model: { name: info.model, device: info.device, dtype: info.dtype },
      depth,
      queries: new Map(selected.map((q) => [q.qid, q.query])),
      inputOrder: orderedRunFromCandidates(selected),
      reranked,
      rerankSeconds: seconds,
      passages: selected.reduce((n, q) => n + q.hits.length, 0),
    });
  }

  function cancel() {
    cancelRequested.current = true;
    reranker.cancel();
  }

  return (
    <main className="wide">
      <header>
        <PageNav current="Evaluate" />
        <h1>Evaluate a reranker on TREC-style data</h1>
        <p className="note">
          Reranks first-stage candidates with the model in this page and scores both orders with trec_eval&apos;s definitions. The files are
          read here and never uploaded.
        </p>
      </header>
      <ModelPanel {...panel} />
      <OriginConfirm pending={origin.pending} onCancel={origin.cancel} />
      <ErrorAlert message={reranker.error} onDismiss={() => showError(null)} />
      <section className="panel" aria-label="Data and options">
        <FileField
          label="Candidates with passage text (JSON: [{query, hits: [{content, qid, docid, rank, score}]}])"
          testId="candidates-input"
          accept=".json,application/json"
          status={
            candidates &&
            `${candidates.name}: ${candidates.value.length} queries, ${candidates.value.reduce((n, q) => n + q.hits.length, 0)} candidates`
          }
          onFile={(file) => void load(file, readCandidates, setCandidates)}
        />
        <FileField
          label="Relevance judgments (qrels: qid 0 docid rel per line)"
          testId="qrels-input"
          accept=".txt,.qrels,text/plain"
          status={qrels && `${qrels.name}: ${qrels.value.size} queries, ${judgmentCount(qrels.value)} judgments`}
          onFile={(file) => void load(file, readQrels, setQrels)}
        />
        <div className="row">
          <label>
            Candidates per query{' '}
            <input
              data-testid="depth-input"
              type="number"
              min={1}
              size={5}
              value={depthText}
              onChange={(e) => setDepthText(e.target.value)}
            />
          </label>
          <label>
            Queries{' '}
            <input
              data-testid="queries-input"
              type="number"
              min={1}
              size={5}
              placeholder="all"
              value={queriesText}
              onChange={(e) => setQueriesText(e.target.value)}
            />
          </label>
          <label title="trec_eval -l: the grade at or above which a passage counts as relevant for MRR and MAP">
            Relevant when grade ≥{' '}
            <input
              data-testid="threshold-input"
              type="number"
              step={1}
              size={3}
              value={thresholdText}
              onChange={(e) => setThresholdText(e.target.value)}
            />
          </label>
          <button data-testid="run-button" onClick={() => void start()} disabled={running}>
            Rerank and evaluate
          </button>
          {running && (
            <button data-testid="cancel-button" onClick={cancel}>
              Cancel
            </button>
          )}
        </div>
        {threshold === null && <p className="note">The relevance threshold must be a whole number (trec_eval -l).</p>}
        {progress && (
          <p data-testid="eval-progress">
            {progress.qid === null && progress.done === 0
              ? 'Loading the model…'
              : `Reranking query ${Math.min(progress.done + 1, progress.total)} of ${progress.total}${progress.qid ? ` (qid ${progress.qid})` : ''}…`}{' '}
            <progress max={progress.total} value={progress.done} />
          </p>
        )}
        {notice && <p data-testid="eval-notice">{notice}</p>}
      </section>
      <InfoBar info={reranker.info} result={null} />
      {outcome && 'error' in outcome && (
        <p className="error" data-testid="report-error">
          {outcome.error}
        </p>
      )}
      {outcome && 'report' in outcome && run && (
        <>
          <TrecRunExport run={run} />
          <ReportView report={outcome.report} queries={run.queries} />
        </>
      )}
    </main>
  );
}
