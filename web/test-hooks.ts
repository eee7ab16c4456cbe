import type { RerankerClient } from '../worker/client';

declare global {
  interface Window {
    __reranker?: RerankerClient;
  }
}

/** With `?testHooks` in the URL, end-to-end tests can reach the client to crash its worker or drive the API directly. */
export function exposeForTests(client: RerankerClient): void {
  if (new URLSearchParams(window.location.search).has('testHooks')) window.__reranker = client;
}
