import { Reranker } from '../lib/reranker';
import { startRerankerWorker } from '../worker/start-worker';
import { exposeForTests } from './test-hooks';

/**
 * The pages' reranker: the worker this app's bundle builds from source, with ONNX Runtime from
 * this origin's `/ort/`, started as the page opens so it compiles while the model downloads.
 * In the e2e build, `?noPrewarm` leaves that to the first load (tests compare the two) and
 * `?threads=n` sets the WASM threads before anything starts the runtime (the bench's thread rows).
 */
export function appReranker(onCrash: (message: string) => void): Reranker {
  const hooks = import.meta.env.MODE === 'e2e' ? new URLSearchParams(window.location.search) : null;
  const threads = Number(hooks?.get('threads') ?? 0);
  const reranker = new Reranker({
    startWorker: startRerankerWorker,
    onCrash,
    prewarm: !hooks?.has('noPrewarm'),
    ...(threads ? { wasmThreads: threads } : {}),
  });
  exposeForTests(reranker);
  return reranker;
}
