/**
 * The page-side reranker against a fake worker: comlink over a real MessageChannel to a
 * scripted engine, so the protocol, crash recovery, cancellation and supersession are tested
 * without a browser or a model (as web-llm tests its worker handler).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Reranker, type RerankCallOptions, type RerankerOptions } from '../../lib/reranker';
import type { LoadOptions } from '../../worker/api';
import { isErrorOf } from '../../worker/errors';
import { FakeWorker, fakeWorkerStarter, tick } from './fake-worker';

let workers: FakeWorker[] = [];
let crashes: string[] = [];
let reranker: Reranker;

/** A reranker on fake workers; `onStart` sees each worker as it starts. */
function make(onStart: (worker: FakeWorker) => void = () => undefined, options: Partial<RerankerOptions> = {}): Reranker {
  workers = [];
  crashes = [];
  reranker = new Reranker({
    ...options,
    startWorker: fakeWorkerStarter(workers, onStart),
    onCrash: (message) => crashes.push(message),
  });
  return reranker;
}

/** A rerank long enough (200 batches of 5 ms) to be cancelled, superseded or crashed mid-way; resolves to how it ended. */
const longRerank = (r: Reranker, options: RerankCallOptions = {}) =>
  nameOf(
    r.rerank(
      'q',
      Array.from({ length: 200 }, () => 'p'),
      options,
    ),
  );

afterEach(() => reranker?.dispose());

const nameOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (e: unknown) => (isErrorOf(e, 'CancelledError', 'WorkerCrashedError', 'WorkerUnresponsiveError') ? e.name : `other: ${String(e)}`),
  );

describe('Reranker (page side) against a fake worker', () => {
  it('loads with progress, reranks with partial results, and reports the model', async () => {
    const r = make();
    const progress: number[] = [];
    const info = await r.load('m1', { device: 'wasm', onProgress: (p) => progress.push(p.loaded) });
    expect(info.model).toBe('m1');
    expect(progress).toEqual([1]);
    const partials: number[] = [];
    const result = await r.rerank('q', ['a', 'b', 'c'], { onPartial: (p) => partials.push(p.scored) });
    expect(result.ranking.map((s) => s.index)).toEqual([0, 1, 2]);
    // Partials travel on their own channel, so the last may land just after the result.
    await tick(20);
    expect(partials).toEqual([1, 2, 3]);
    expect((await r.info())?.model).toBe('m1');
  });

  it("prewarm asks a new worker to start its runtime at once, with the reranker's runtime files and threads; loads get them too", async () => {
    const runtimeFiles = { mjs: 'https://cdn.example/ort.mjs', wasm: 'https://cdn.example/ort.wasm' };
    const r = make(undefined, { prewarm: true, runtimeFiles, wasmThreads: 3 });
    await tick();
    expect(workers[0]!.engine.prewarms).toEqual([{ runtimeFiles, wasmThreads: 3 }]);
    await r.load('m', { wasmThreads: 2 });
    expect(workers[0]!.engine.loads[0]!.options).toMatchObject({ runtimeFiles, wasmThreads: 2 });
    r.dispose();
    make();
    await tick();
    expect(workers[0]!.engine.prewarms).toEqual([]);
  });

  it("ignores a call's own runtimeFiles: only the reranker's construction says where ONNX Runtime comes from", async () => {
    const planted = { runtimeFiles: { mjs: 'https://evil.example/ort.mjs', wasm: 'https://evil.example/ort.wasm' } };
    const r = make();
    await r.load('m', { device: 'wasm', ...planted } as LoadOptions);
    expect(workers[0]!.engine.loads[0]!.options).toEqual({ device: 'wasm', wasmThreads: 1 });
    r.dispose();
    const runtimeFiles = { mjs: 'https://cdn.example/ort.mjs', wasm: 'https://cdn.example/ort.wasm' };
    const own = make(undefined, { runtimeFiles });
    await own.load('m', planted as LoadOptions);
    expect(workers[0]!.engine.loads[0]!.options.runtimeFiles).toEqual(runtimeFiles);
  });

  it('a rerank called while a load runs waits for it', async () => {
    const r = make();
    const loading = r.load('m1');
    const result = await r.rerank('q', ['a']);
    await loading;
    expect(result.ranking).toHaveLength(1);
  });

  it('cancel() rejects the running rerank with a CancelledError, and the next one runs', async () => {
    const r = make();
    await r.load('m1');
    const running = longRerank(r);
    await tick(20);
    r.cancel();
    expect(await running).toBe('CancelledError');
    expect((await r.rerank('q', ['a', 'b'])).ranking).toHaveLength(2);
  });

  it('a newer rerank supersedes an older one, whose promise rejects as cancelled', async () => {
    const r = make();
    await r.load('m1');
    const first = longRerank(r);
    await tick(20);
    const second = await r.rerank('q', ['x', 'y', 'z']);
    expect(await first).toBe('CancelledError');
    expect(second.ranking).toHaveLength(3);
  });

  it('an AbortSignal cancels a rerank, running or not yet started, with the same CancelledError', async () => {
    const r = make();
    await r.load('m1');
    const controller = new AbortController();
    const running = longRerank(r, { signal: controller.signal });
    await tick(20);
    controller.abort();
    expect(await running).toBe('CancelledError');
    expect(await nameOf(r.rerank('q', ['a'], { signal: controller.signal }))).toBe('CancelledError');
  });

  it('an AbortSignal that aborts while the rerank waits for a load still cancels it', async () => {
    const r = make();
    await r.load('m1');
    workers[0]!.engine.holdNextLoad = true;
    const loadAbort = new AbortController();
    const loading = nameOf(r.load('m2', { signal: loadAbort.signal }));
    const controller = new AbortController();
    const waiting = nameOf(r.rerank('q', ['a'], { signal: controller.signal }));
    await tick(20);
    controller.abort();
    loadAbort.abort();
    expect(await loading).toBe('CancelledError');
    expect(await waiting).toBe('CancelledError');
  });

  it('an AbortSignal cancels a load, running or not yet started: the worker is told, and the model loaded before stays', async () => {
    const r = make();
    await r.load('m1');
    const controller = new AbortController();
    workers[0]!.engine.holdNextLoad = true;
    const running = nameOf(r.load('m2', { signal: controller.signal }));
    await tick(20);
    controller.abort();
    expect(await running).toBe('CancelledError');
    expect(workers[0]!.engine.cancelLoads).toBe(1);
    expect(await nameOf(r.load('m3', { signal: controller.signal }))).toBe('CancelledError');
    expect(workers[0]!.engine.loads.map((l) => l.model)).toEqual(['m1', 'm2']);
    expect((await r.info())?.model).toBe('m1');
  });

  it('a worker that dies rejects the pending call, is replaced with the model reloaded, and the crash is told once', async () => {
    const r = make();
    await r.load('m1', { device: 'wasm', dtype: 'q8' });
    const pending = longRerank(r);
    await tick(20);
    workers[0]!.fail('out of memory');
    expect(await pending).toBe('WorkerCrashedError');
    expect(await r.rerank('q', ['a', 'b']).then((x) => x.ranking.length)).toBe(2);
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    expect(workers[1]!.engine.loads).toEqual([{ model: 'm1', options: { device: 'wasm', dtype: 'q8', wasmThreads: 1 } }]);
    expect(crashes).toEqual(['The reranker worker failed: out of memory. It was restarted and the model reloaded; run the rerank again.']);
  });

  it('a WebGPU failure while loading restarts the worker and loads on WASM, saying why', async () => {
    workers = [];
    const first = new FakeWorker();
    first.engine.failNextLoadOnWebGpu = true;
    let started = 0;
    reranker = new Reranker({
      startWorker: () => {
        const worker = started++ === 0 ? first : new FakeWorker();
        workers.push(worker);
        return worker as unknown as Worker;
      },
    });
    const info = await reranker.load('m1');
    expect(info.device).toBe('wasm');
    expect(workers).toHaveLength(2);
    expect(workers[1]!.engine.loads[0]!.options).toMatchObject({
      device: 'wasm',
      fallbackReason: 'WebGPU failed, so WASM is used: adapter lost',
    });
  });

  it('a worker that never starts is restarted with growing waits, then given up on with a sentence, not endlessly', async () => {
    const started: number[] = [];
    make((worker) => {
      started.push(performance.now());
      // As a 404 for the script does: the worker errors before it ever answers.
      setTimeout(() => worker.fail(''), 1);
    });
    await tick(1200);
    expect(workers).toHaveLength(3);
    // Waits of 250 then 500 ms between starts.
    expect(started[1]! - started[0]!).toBeGreaterThanOrEqual(240);
    expect(started[2]! - started[1]!).toBeGreaterThanOrEqual(490);
    const after = await reranker.rerank('q', ['a']).catch((e: unknown) => e);
    expect(isErrorOf(after, 'WorkerCrashedError')).toBe(true);
    expect((after as Error).message).toMatch(/could not start: it failed 3 times before answering\. Check that its script is served/);
    expect(crashes.at(-1)).toBe((after as Error).message);
    await tick(600);
    expect(workers).toHaveLength(3);
  });

  it('dispose() rejects pending calls and ends the worker', async () => {
    const r = make();
    await r.load('m1');
    const pending = longRerank(r);
    await tick(10);
    r.dispose();
    expect(await pending).toBe('WorkerCrashedError');
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(1);
    expect(await nameOf(r.rerank('q', ['a']))).toBe('WorkerCrashedError');
    expect(() => r.dispose()).not.toThrow();
  });

  it('errors from the worker keep their kind across the boundary', async () => {
    const r = make();
    const error = await r.rerank('q', ['a']).catch((e: unknown) => e);
    expect(isErrorOf(error, 'InputError')).toBe(true);
    expect((error as Error).message).toMatch(/No model is loaded/);
  });
});

describe('Cancel returns control in time, even from a worker that never acknowledges it', () => {
  const STUCK =
    "The rerank did not stop within 1 s of Cancel: something held the reranker's thread " +
    '(a tokenizer rule or a kernel that never returns), so its worker was replaced and the model is reloading.';

  it('a held worker is replaced within the default deadline: the rerank rejects with a named error, the model is reloaded, the next rerank runs', async () => {
    const r = make();
    await r.load('m1', { device: 'wasm', dtype: 'q8' });
    const running = r
      .rerank(
        'q',
        Array.from({ length: 200 }, () => 'p'),
      )
      .catch((e: unknown) => e);
    await tick(20);
    workers[0]!.engine.held = true;
    const cancelledAt = performance.now();
    r.cancel();
    const error = await running;
    const waited = performance.now() - cancelledAt;
    expect(isErrorOf(error, 'WorkerUnresponsiveError')).toBe(true);
    expect((error as Error).message).toBe(STUCK);
    expect(waited).toBeGreaterThanOrEqual(990);
    expect(waited).toBeLessThan(2000);
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    expect((await r.rerank('q', ['a', 'b'])).ranking).toHaveLength(2);
    expect(workers[1]!.engine.loads).toEqual([{ model: 'm1', options: { device: 'wasm', dtype: 'q8', wasmThreads: 1 } }]);
  });

  it('an AbortSignal is held to the same deadline', async () => {
    const r = make(undefined, { cancelDeadlineMs: 100 });
    await r.load('m1');
    const controller = new AbortController();
    const running = longRerank(r, { signal: controller.signal });
    await tick(20);
    workers[0]!.engine.held = true;
    controller.abort();
    expect(await running).toBe('WorkerUnresponsiveError');
    expect(workers).toHaveLength(2);
  });

  it('a rerank that stops in time, or no rerank at all, keeps its worker', async () => {
    const r = make(undefined, { cancelDeadlineMs: 100 });
    await r.load('m1');
    r.cancel();
    const running = longRerank(r);
    await tick(20);
    r.cancel();
    expect(await running).toBe('CancelledError');
    await tick(200);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.engine.loads).toHaveLength(1);
  });
});

describe('Reranker with the pair-score cache', () => {
  it('answers repeated pairs without the worker, honours an aborted signal even then, and forgets them when another model loads', async () => {
    const r = make(undefined, { cache: { maxEntries: 10 } });
    await r.load('m1', { device: 'wasm' });
    await r.rerank('q', ['a', 'b']);
    expect((await r.rerank('q', ['b', 'a'])).cached).toBe(2);
    expect(await nameOf(r.rerank('q', ['a', 'b'], { signal: AbortSignal.abort() }))).toBe('CancelledError');
    await r.load('m2', { device: 'wasm' });
    expect((await r.rerank('q', ['a', 'b'])).cached).toBe(0);
  });
});
