import { useCallback, useEffect, useState } from 'react';
import { deleteCachedModel, listCachedModels, type CachedModel } from '../model-cache';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** What the browser keeps of downloaded models, and the storage it may use. */
export function CachePanel({ refreshKey }: { refreshKey: unknown }) {
  const [models, setModels] = useState<CachedModel[]>([]);
  const [estimate, setEstimate] = useState<StorageEstimate | null>(null);
  const refresh = useCallback(async () => {
    setModels(await listCachedModels().catch(() => []));
    setEstimate((await navigator.storage?.estimate?.().catch(() => null)) ?? null);
  }, []);
  useEffect(() => void refresh(), [refresh, refreshKey]);

  return (
    <details className="panel" data-testid="cache-panel">
      <summary>
        Cached models ({models.length}){estimate?.usage !== undefined && ` · storage used ${mb(estimate.usage)} of ${mb(estimate.quota ?? 0)}`}
      </summary>
      {models.length === 0 && <p className="note">Nothing cached yet. Models from the hub are cached after their first download.</p>}
      <ul>
        {models.map((m) => (
          <li key={m.model} data-testid="cached-model">
            <code>{m.model}</code> — {m.files} files, {mb(m.bytes)}{' '}
            <button onClick={() => void deleteCachedModel(m.model).then(refresh)}>Delete</button>
          </li>
        ))}
      </ul>
    </details>
  );
}
