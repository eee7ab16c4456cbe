// oxlint-disable-next-line import/default -- a Vite query import (the built worker's URL), which the linter cannot resolve
import workerUrl from './reranker.worker.ts?worker&url';

/** The built worker script, resolved against the page, for the message when it cannot be loaded. */
export const RERANKER_WORKER_URL = new URL(workerUrl, globalThis.location?.href).href;

/** Starts the reranker worker from the script Vite builds for it. */
export function startRerankerWorker(): Worker {
  return new Worker(RERANKER_WORKER_URL, { type: 'module', name: 'reranker' });
}
