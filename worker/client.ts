import { wrap, type Remote } from 'comlink';
import type { RerankerApi } from './api';

/** Starts the reranker worker and returns its typed comlink proxy. */
export function startRerankerWorker(): { api: Remote<RerankerApi>; worker: Worker } {
  const worker = new Worker(new URL('./reranker.worker.ts', import.meta.url), { type: 'module', name: 'reranker' });
  return { api: wrap<RerankerApi>(worker), worker };
}
