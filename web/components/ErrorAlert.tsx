/** The same alert the main page shows (test id `error`), for the pages that reuse `useReranker`. */
export function ErrorAlert({ message, onDismiss }: { message: string | null; onDismiss: () => void }) {
  if (!message) return null;
  return (
    <div role="alert" data-testid="error" className="error">
      {message}
      <button aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
