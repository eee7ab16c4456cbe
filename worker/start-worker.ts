/** Starts the reranker worker. Bundlers see the `new URL(…, import.meta.url)` and emit the worker chunk. */
export function startRerankerWorker(): Worker {
  return new Worker(new URL('./reranker.worker.ts', import.meta.url), { type: 'module', name: 'reranker' });
}
