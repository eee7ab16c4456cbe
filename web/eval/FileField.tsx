import { useId, useRef } from 'react';

interface Props {
  label: string;
  testId: string;
  accept: string;
  status: string | null;
  onFile: (file: File) => void;
}

/** A file picker whose own line says what was read, since the input is cleared after each pick. */
export function FileField({ label, testId, accept, status, onFile }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const labelId = useId();
  return (
    <div className="block">
      <div id={labelId}>{label}</div>
      <div className="row">
        <button aria-describedby={labelId} onClick={() => input.current?.click()}>
          Choose file…
        </button>
        <span data-testid={`${testId.replace(/-input$/, '')}-status`} className="note">
          {status ?? 'No file chosen.'}
        </span>
      </div>
      <input
        ref={input}
        data-testid={testId}
        aria-labelledby={labelId}
        type="file"
        accept={accept}
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Cleared so that choosing the same file again (after fixing it) fires a change.
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
    </div>
  );
}
