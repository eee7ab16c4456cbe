import { useRef, useState } from 'react';
import type { Corpus } from './use-corpus';

interface Props {
  corpus: Corpus;
  isDemo: boolean;
  onFiles: (files: File[]) => void;
  onRestoreDemo: () => void;
}

/** Shows the corpus and takes new files from a picker or by drag and drop onto the panel. */
export function CorpusPanel({ corpus, isDemo, onFiles, onRestoreDemo }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const count = corpus.docs.length;
  return (
    <section
      className={`panel drop-zone${dragging ? ' dragging' : ''}`}
      aria-label="Corpus"
      onDragOver={(e) => {
        // Without preventDefault the browser refuses the drop (and would open the file instead).
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const files = [...e.dataTransfer.files];
        if (files.length) onFiles(files);
      }}
    >
      <p data-testid="corpus-status">
        {count} document{count === 1 ? '' : 's'} from {corpus.source}
      </p>
      <div className="row">
        <button onClick={() => input.current?.click()}>Load corpus…</button>
        {!isDemo && <button onClick={onRestoreDemo}>Use the demo corpus</button>}
        <span className="note">
          or drop files here: <code>.json</code> (an array of {'{id, title?, text}'}), <code>.jsonl</code> (one such object per line) or{' '}
          <code>.txt</code> (one document per non-empty line). Several files make one corpus.
        </span>
      </div>
      <input
        ref={input}
        data-testid="corpus-input"
        type="file"
        multiple
        accept=".json,.jsonl,.ndjson,.txt,application/json,text/plain"
        hidden
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          // Cleared so that choosing the same file again (after fixing it) fires a change.
          e.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
    </section>
  );
}
