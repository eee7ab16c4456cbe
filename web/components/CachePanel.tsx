import { useEffect, useState } from 'react';
import { deleteCachedModel, listCachedModels, type CachedModel } from '../model-cache';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** What the browser keeps of downloaded models, and the storage it may use. */
export function CachePanel({ refreshKey }: { refreshKey: unknown }) {
  const [{ models, estimate }, setSnapshot] = useState<{ models: CachedModel[]; estimate: StorageEstimate | null }>({
    models: [],
    estimate: null,
  });
  /** Bumped by a delete, so the list is read again. */
  const [deletions, setDeletions] = useState(0);
  useEffect(() => {
    let current = true;
    void (async () => {
      const models = await listCachedModels().catch(() => []);
      const estimate = (await navigator.storage?.estimate?.().catch(() => null)) ?? null;
      if (current) setSnapshot({ models, estimate });
    })();
    return () => {
      current = false;
    };
  }, [refreshKey, deletions]);

  return (
    <details className="panel" data-testid="cache-panel">
      <summary>
        Cached models ({models.length})
        {estimate?.usage !== undefined && ` · storage used ${mb(estimate.usage)} of ${mb(estimate.quota ?? 0)}`}
      </summary>
      {models.length === 0 && <p className="note">Nothing cached yet. Models from the hub are cached after their first download.</p>}
      <ul>
        {models.map((m) => (
          <li key={m.model} data-testid="cached-model">
            <code>{m.model}</code> — {m.files} files, {mb(m.bytes)}{' '}
            <button onClick={() => void deleteCachedModel(m.model).then(() => setDeletions((n) => n + 1))}>Delete</button>
          </li>
        ))}
      </ul>
    </details>
  );
}
