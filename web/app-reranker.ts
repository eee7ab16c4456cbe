import { Reranker } from '../lib/reranker';
import { startRerankerWorker } from '../worker/start-worker';
import { exposeForTests } from './test-hooks';

/**
 * The pages' reranker: the worker this app's bundle builds from source, with ONNX Runtime from
 * this origin's `/ort/`, started as the page opens so it compiles while the model downloads.
 * The e2e build's `?noPrewarm` leaves that to the first load, so tests can compare the two and
 * pick threads per load.
 */
export function appReranker(onCrash: (message: string) => void): Reranker {
  const prewarm = !(import.meta.env.MODE === 'e2e' && new URLSearchParams(window.location.search).has('noPrewarm'));
  const reranker = new Reranker({ startWorker: startRerankerWorker, onCrash, prewarm });
  exposeForTests(reranker);
  return reranker;
}
