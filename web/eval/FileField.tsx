interface Props {
  label: string;
  testId: string;
  accept: string;
  status: string | null;
  onFile: (file: File) => void;
}

/** A labelled file picker with a line saying what was read from it. */
export function FileField({ label, testId, accept, status, onFile }: Props) {
  return (
    <label className="block">
      {label}
      <input
        data-testid={testId}
        type="file"
        accept={accept}
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Cleared so that choosing the same file again (after fixing it) fires a change.
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
      <span data-testid={`${testId.replace(/-input$/, '')}-status`} className="note">{status ?? 'No file chosen.'}</span>
    </label>
  );
}
