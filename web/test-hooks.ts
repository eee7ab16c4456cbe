import type { Reranker } from '../lib/reranker';

declare global {
  interface Window {
    __reranker?: Reranker;
  }
}

/**
 * In the e2e build only (`vite build --mode e2e`), `?testHooks` lets end-to-end tests reach
 * the client to crash its worker or drive the API directly. The mode is replaced at build
 * time, so a production build has no hook at all: a link must never hand the client (and
 * its load options) to whoever wrote the link.
 */
export function exposeForTests(client: Reranker): void {
  if (import.meta.env.MODE === 'e2e' && new URLSearchParams(window.location.search).has('testHooks')) window.__reranker = client;
}
