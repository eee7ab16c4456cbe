import { useCallback, useState } from 'react';
import { untrustedModelOrigin } from '../lib';
import { readStored, writeStored } from './state-schema';

/** Approvals last for this tab only: a link cannot bring one, and a new visit asks again. */
function approvedOrigins(): string[] {
  return readStored(sessionStorage, 'reranker.approvedOrigins') ?? [];
}

export interface PendingOrigin {
  origin: string;
  confirm: () => void;
}

/**
 * Every page's one policy for where models may come from: this site, the hub and local
 * folders load at once; any other origin waits for the user's explicit go-ahead. The worker
 * enforces the same rule on every request, with the approved origins passed along.
 */
export function useOriginGate() {
  const [pending, setPending] = useState<PendingOrigin | null>(null);

  /** Calls `load` with the origins it may use: now, or once the user agrees (meanwhile it resolves null). */
  const gate = useCallback(<T>(reference: string, load: (allowedOrigins: string[]) => Promise<T>): Promise<T | null> => {
    const origin = untrustedModelOrigin(reference, window.location.origin);
    const approved = approvedOrigins();
    if (!origin || approved.includes(origin)) {
      setPending(null);
      return load(origin ? [origin] : []);
    }
    setPending({
      origin,
      confirm: () => {
        writeStored(sessionStorage, 'reranker.approvedOrigins', [...approved, origin]);
        setPending(null);
        void load([origin]);
      },
    });
    return Promise.resolve(null);
  }, []);

  const cancel = useCallback(() => setPending(null), []);
  return { pending, gate, cancel };
}

/** The query string links to the other pages carry: a model is dropped while it still needs the user's go-ahead. */
export function carriedSearch(search: string): string {
  const params = new URLSearchParams(search);
  const model = params.get('model');
  const origin = model === null ? null : untrustedModelOrigin(model, window.location.origin);
  if (origin && !approvedOrigins().includes(origin)) params.delete('model');
  const carried = params.toString();
  return carried ? `?${carried}` : '';
}
