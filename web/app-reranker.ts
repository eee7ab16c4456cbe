import { Reranker } from '../lib/reranker';
import { startRerankerWorker } from '../worker/start-worker';
import { exposeForTests } from './test-hooks';

/** The pages' reranker: the worker this app's bundle builds from source, with ONNX Runtime from this origin's `/ort/`. */
export function appReranker(onCrash: (message: string) => void): Reranker {
  const reranker = new Reranker({ startWorker: startRerankerWorker, onCrash });
  exposeForTests(reranker);
  return reranker;
}
