import { Reranker } from '../lib/reranker';
import { exposeForTests } from './test-hooks';

/**
 * The pages' reranker: the worker this app's bundle builds from source, with ONNX Runtime from
 * this origin's `/ort/`, started as the page opens so it compiles while the model downloads.
 * In the e2e build, `?noPrewarm` leaves that to the first load (tests compare the two) and
 * `?threads=n` sets the WASM threads before anything starts the runtime (the bench's thread rows);
 * with `?testHooks`, the pair-score cache is on only with `?cache`.
 */
/** The app's worker, built from source with the app; bundlers see the `new URL(…, import.meta.url)` and emit its chunk. */
function startAppWorker(): Worker {
  return new Worker(new URL('../worker/reranker.worker.ts', import.meta.url), { type: 'module', name: 'reranker' });
}

/** Each entry holds its pair's text: for passages of a few hundred characters, a few MB in all. */
const APP_CACHE_ENTRIES = 10_000;

function createAppReranker(onCrash: (message: string) => void): Reranker {
  const hooks = import.meta.env.MODE === 'e2e' ? new URLSearchParams(window.location.search) : null;
  const threads = Number(hooks?.get('threads') ?? 0);
  const reranker = new Reranker({
    startWorker: startAppWorker,
    onCrash,
    prewarm: !hooks?.has('noPrewarm'),
    // Searching as you type and re-running with a bigger top N ask for the same pairs again (docs/app.md).
    // Tests and benches that drive the API through the hooks score the same pairs on purpose, so there it takes `?cache`.
    ...(hooks?.has('testHooks') && !hooks.has('cache') ? {} : { cache: { maxEntries: APP_CACHE_ENTRIES } }),
    ...(threads ? { wasmThreads: threads } : {}),
  });
  exposeForTests(reranker);
  return reranker;
}

/** The reranker `startAppReranker` began, until the page's first `appReranker` call takes it over. */
let early: { reranker: Reranker; crashed: string | null; onCrash: ((message: string) => void) | null } | null = null;

/**
 * Starts the page's reranker before React's first render, which would otherwise come first:
 * the worker and ONNX Runtime then start ~0.1 s sooner (bench/README.md).
 */
export function startAppReranker(): void {
  const pending: NonNullable<typeof early> = {
    reranker: createAppReranker((message) => (pending.onCrash ? pending.onCrash(message) : (pending.crashed = message))),
    crashed: null,
    onCrash: null,
  };
  early = pending;
}

/** The page's reranker for `useReranker`: the one started early, the first time (a crash before then is reported now), else a new one. */
export function appReranker(onCrash: (message: string) => void): Reranker {
  if (!early) return createAppReranker(onCrash);
  const taken = early;
  early = null;
  taken.onCrash = onCrash;
  if (taken.crashed !== null) onCrash(taken.crashed);
  return taken.reranker;
}
