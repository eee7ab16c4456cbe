import { useEffect, useState } from 'react';
import { cachedRuntime, deleteCachedModel, deleteCachedRuntime, listCachedModels, type CachedModel } from '../../lib/model-cache';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

interface Snapshot {
  models: CachedModel[];
  runtime: { bytes: number } | null;
  estimate: StorageEstimate | null;
}

/** What the browser keeps of downloaded models and ONNX Runtime, and the storage it may use. */
export function CachePanel({ refreshKey }: { refreshKey: unknown }) {
  const [{ models, runtime, estimate }, setSnapshot] = useState<Snapshot>({ models: [], runtime: null, estimate: null });
  /** Bumped by a delete, so the list is read again. */
  const [deletions, setDeletions] = useState(0);
  useEffect(() => {
    let current = true;
    void (async () => {
      const models = await listCachedModels().catch(() => []);
      const runtime = await cachedRuntime().catch(() => null);
      const estimate = (await navigator.storage?.estimate?.().catch(() => null)) ?? null;
      if (current) setSnapshot({ models, runtime, estimate });
    })();
    return () => {
      current = false;
    };
  }, [refreshKey, deletions]);
  const deleted = () => setDeletions((n) => n + 1);

  return (
    <details className="panel" data-testid="cache-panel">
      <summary>
        Cached models ({models.length})
        {estimate?.usage !== undefined && ` · storage used ${mb(estimate.usage)} of ${mb(estimate.quota ?? 0)}`}
      </summary>
      {models.length === 0 && <p className="note">Nothing cached yet. Models from the hub are cached after their first download.</p>}
      <ul>
        {models.map((m) => (
          <li key={m.id} data-testid="cached-model">
            <code>{m.name}</code> from <code data-testid="cached-model-origin">{m.origin}</code> — {m.files}{' '}
            {m.files === 1 ? 'file' : 'files'}, {mb(m.bytes)}{' '}
            <button onClick={() => void deleteCachedModel(m.id).then(deleted)}>Delete</button>
          </li>
        ))}
        {runtime && (
          <li data-testid="cached-runtime">
            ONNX Runtime (WASM) — {mb(runtime.bytes)}, fetched again on the next load if deleted{' '}
            <button onClick={() => void deleteCachedRuntime().then(deleted)}>Delete</button>
          </li>
        )}
      </ul>
    </details>
  );
}
