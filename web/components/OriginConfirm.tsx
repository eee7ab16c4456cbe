import type { PendingOrigin } from '../origin-gate';

/** The question every page asks before a model downloads from an origin that is neither this site nor the hub. */
export function OriginConfirm({ pending, onCancel }: { pending: PendingOrigin | null; onCancel: () => void }) {
  if (!pending) return null;
  return (
    <div role="alertdialog" aria-label="Confirm model origin" data-testid="origin-confirm" className="error">
      <span>
        This model would be downloaded from <strong>{pending.origin}</strong>, which is neither this site nor the Hugging Face hub. Only
        continue if you trust it.
      </span>
      <span className="row">
        <button data-testid="origin-confirm-yes" onClick={pending.confirm}>
          Load from {pending.origin}
        </button>
        <button data-testid="origin-confirm-no" onClick={onCancel}>
          Cancel
        </button>
      </span>
    </div>
  );
}
