import { useState } from 'react';
import { downloadText, stampedName } from '../download';
import { rankingJson, rankingTable, type ExportedRanking } from '../ranking-export';

type Feedback = { ok: boolean; text: string } | null;

/** Download JSON, Download CSV and Copy (tab-separated, which pastes into a spreadsheet as cells) for one finished ranking. */
export function ExportBar({ ranking, prefix = 'rerank' }: { ranking: ExportedRanking; prefix?: string }) {
  const [feedback, setFeedback] = useState<Feedback>(null);
  const name = (extension: string) => stampedName(prefix, new Date(ranking.time), extension);
  const count = `${ranking.ranking.length} passage${ranking.ranking.length === 1 ? '' : 's'}`;

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error('this page has no clipboard access');
      await navigator.clipboard.writeText(rankingTable(ranking, '\t'));
      setFeedback({ ok: true, text: `Copied ${count} as tab-separated text: paste it into a spreadsheet or an editor.` });
    } catch (error) {
      setFeedback({
        ok: false,
        text: `The browser refused clipboard access (${(error as Error).message.replace(/\.$/, '')}). Allow it for this site, or use Download CSV.`,
      });
    }
  }

  return (
    <div className="row export" role="group" aria-label="Export the ranking">
      <button data-testid="export-json" onClick={() => downloadText(name('json'), rankingJson(ranking), 'application/json')}>
        Download JSON
      </button>
      <button data-testid="export-csv" onClick={() => downloadText(name('csv'), rankingTable(ranking), 'text/csv')}>
        Download CSV
      </button>
      <button data-testid="export-copy" title="Copies the ranking as tab-separated text, with a header row" onClick={() => void copy()}>
        Copy as TSV
      </button>
      {feedback && (
        <span data-testid="export-status" role="status" className={feedback.ok ? 'note' : 'export-refused'}>
          {feedback.text}
        </span>
      )}
    </div>
  );
}
