import { useState } from 'react';
import { formatRankedRun } from '../../eval/trec';
import { downloadText, stampedName } from '../download';
import { shortModelName, type EvalRun } from './report';

/** Downloads the reranked run as `qid Q0 docid rank score tag` lines, which trec_eval and `parseRun` read. */
export function TrecRunExport({ run }: { run: EvalRun }) {
  const [note, setNote] = useState<string | null>(null);
  function save() {
    // The tag is one whitespace-free token in the format.
    const tag = shortModelName(run.model.name).replace(/\s+/g, '_');
    const { text, rescored } = formatRankedRun(run.reranked, tag);
    downloadText(stampedName(`${run.dataset}-${tag}`, new Date(), 'run'), text, 'text/plain');
    setNote(
      rescored.length === 0
        ? `Saved ${run.reranked.size} queries with the model's scores; trec_eval reads the file as it is.`
        : `Saved ${run.reranked.size} queries. ${rescored.length} (qid ${rescored.join(', ')}) had scores that tie in trec_eval's float32 ` +
            'and are written with rank-based scores, so trec_eval scores the order shown here.',
    );
  }
  return (
    <div className="row export">
      <button data-testid="export-trec" onClick={save} title="TREC run format: qid Q0 docid rank score tag">
        Download TREC run
      </button>
      {note && (
        <span className="note" role="status" data-testid="export-trec-status">
          {note}
        </span>
      )}
    </div>
  );
}
