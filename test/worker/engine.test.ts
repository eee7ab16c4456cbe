/**
 * The engine as a coordinator, with its parts faked (no transformers.js, no ONNX Runtime): the load
 * queue, supersession and cancel of loads, the fallback decision for a failed load, and reranks
 * cancelled or superseded at batch boundaries.
 */
import { describe, expect, it } from 'vitest';
import type { Device, RuntimeOptions, Span } from '../../worker/api';
import { RerankEngine, type EngineRuntime } from '../../worker/engine';
import type { EncodedPair, ScoringModel } from '../../worker/families/types';
import type { FailedLoad, LoadRequest, LoadedModel, ModelLoading } from '../../worker/model-loader';
import { PRESETS } from '../../worker/registry';
import type { ModelSource } from '../../worker/resolve-model';

const span: Span = { start: 0, end: 0 };
const preset = PRESETS[0]!;

class FakeRuntime implements EngineRuntime {
  threads = 2;
  failure: { error: unknown } | null = null;
  starts: RuntimeOptions[] = [];
  start(options: RuntimeOptions): Promise<Span> {
    this.starts.push(options);
    return Promise.resolve(span);
  }
  loseGpuDevice(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

/** Scores a passage by its length, one batch at a time; `hold` keeps the next batch from finishing until released. */
class FakeModel implements ScoringModel {
  disposed = false;
  batches = 0;
  constructor(readonly failScoring = false) {}
  encodePair(query: string, passage: string): EncodedPair {
    return { ids: Array.from({ length: passage.length }, () => 1), truncated: false };
  }
  async score(rows: EncodedPair[]): Promise<Float32Array> {
    this.batches++;
    if (this.failScoring && this.batches > 1) throw new Error('device lost');
    return Float32Array.from(rows.map((r) => r.ids.length));
  }
  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

type Script = (request: LoadRequest) => Promise<LoadedModel | FailedLoad>;

class FakeLoader implements ModelLoading {
  requests: LoadRequest[] = [];
  scripts: Script[] = [];
  load(request: LoadRequest): Promise<LoadedModel | FailedLoad> {
    this.requests.push(request);
    const script = this.scripts.shift() ?? loaded('wasm');
    return script(request);
  }
}

function loaded(device: Device, model: ScoringModel = new FakeModel()): Script {
  return async () => ({
    model,
    preset,
    source: { url: 'https://example.test/m' } as ModelSource,
    device,
    dtype: 'q8',
    file: 'onnx/model_quantized.onnx',
    notStored: () => undefined,
    timing: { files: span, session: span },
  });
}

function failed(device: Device, { fileProblem = false, refusalOnWasm = null as string | null } = {}): Script {
  return async () => ({
    error: new Error('adapter lost'),
    device,
    fileProblem,
    refusalOnWasm: async () => refusalOnWasm,
    named: () => new Error('tokenizer.json could not be read'),
  });
}

/** Waits for the load's abort, as a download does, then fails as an aborted fetch would. */
const heldUntilAborted: Script = (request) =>
  new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));

function engine() {
  const runtime = new FakeRuntime();
  const loader = new FakeLoader();
  return { engine: new RerankEngine({ runtime, loader }), runtime, loader };
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: Error) => `${e.name}: ${e.message}`,
  );

describe('RerankEngine', () => {
  it('runs loads one at a time; a newer load supersedes a queued one, which rejects without reaching the loader', async () => {
    const { engine: e, loader, runtime } = engine();
    loader.scripts.push(loaded('wasm'), loaded('wasm'));
    const first = outcome(e.load('a', { wasmThreads: 3 }));
    const second = outcome(e.load('b'));
    const third = outcome(e.load('c'));
    expect(await first).toBe('CancelledError: Loading "a" was superseded by a newer load.');
    expect(await second).toBe('CancelledError: Loading "b" was superseded by a newer load.');
    expect(await third).toBe('ok');
    expect(loader.requests.map((r) => r.reference)).toEqual(['c']);
    expect(e.info()?.model).toBe('c');
    expect(e.info()?.threads).toBe(2);
    expect(runtime.starts).toEqual([{}]);
  });

  it('cancelLoad aborts the running load and keeps the model loaded before', async () => {
    const { engine: e, loader } = engine();
    await e.load('a');
    loader.scripts.push(heldUntilAborted);
    const running = outcome(e.load('b'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    e.cancelLoad();
    expect(await running).toBe('CancelledError: Loading "b" was cancelled.');
    expect(e.info()?.model).toBe('a');
  });

  it('a superseded load that produced a model disposes it; the previous model is disposed when a new one takes over', async () => {
    const { engine: e, loader } = engine();
    const firstModel = new FakeModel();
    loader.scripts.push(loaded('wasm', firstModel));
    await e.load('a');
    const secondModel = new FakeModel();
    loader.scripts.push(loaded('wasm', secondModel));
    await e.load('b');
    expect(firstModel.disposed).toBe(true);
    expect(secondModel.disposed).toBe(false);
  });

  it('decides the fallback: WebGPU failing on its own is WebGpuFailedError, unless WASM cannot take the model, the device was forced, or a file failed', async () => {
    const { engine: e, loader } = engine();
    loader.scripts.push(failed('webgpu'));
    expect(await outcome(e.load('m'))).toBe('WebGpuFailedError: WebGPU failed, so WASM is used: adapter lost');
    expect(e.runtimeBroken()).toBe(true);
    loader.scripts.push(failed('webgpu', { refusalOnWasm: 'its largest tensor needs 3 GiB.' }));
    expect(await outcome(e.load('m'))).toBe(
      'ModelTooLargeError: WebGPU failed (adapter lost), and WASM cannot take over: its largest tensor needs 3 GiB.',
    );
    loader.scripts.push(failed('webgpu'));
    expect(await outcome(e.load('m', { device: 'webgpu' }))).toBe('Error: tokenizer.json could not be read');
    loader.scripts.push(failed('webgpu', { fileProblem: true }));
    expect(await outcome(e.load('m'))).toBe('Error: tokenizer.json could not be read');
    loader.scripts.push(failed('wasm'));
    expect(await outcome(e.load('m'))).toBe('Error: tokenizer.json could not be read');
  });

  it('a runtime that failed to start makes every failed load a RuntimeStartError', async () => {
    const { engine: e, loader, runtime } = engine();
    runtime.failure = { error: new Error('ONNX Runtime did not start within 90 s.') };
    loader.scripts.push(failed('webgpu'));
    expect(await outcome(e.load('m'))).toBe(
      'RuntimeStartError: ONNX Runtime did not start within 90 s. Load again, or reload the page, to try again.',
    );
  });

  it('reranks with the loaded model; a newer rerank supersedes a running one, and cancel() stops one at the next batch', async () => {
    const { engine: e } = engine();
    expect(await outcome(e.rerank('q', ['a']))).toBe('InputError: No model is loaded yet. Load a model before reranking.');
    await e.load('m');
    const result = await e.rerank('q', ['bb', 'a', 'ccc']);
    expect(result.ranking.map((r) => r.index)).toEqual([2, 0, 1]);
    const passages = Array.from({ length: 40 }, (_, i) => 'x'.repeat(i + 1));
    const older = e.rerank('q', passages, { batchSize: 1 });
    const newer = e.rerank('q', ['a'], { batchSize: 1 });
    expect(await outcome(older)).toMatch(/^CancelledError: The rerank was cancelled \(\d+ of 40 passages scored\)\.$/);
    expect((await newer).ranking).toHaveLength(1);
    const cancelled = e.rerank('q', passages, { batchSize: 1 });
    e.cancel();
    expect(await outcome(cancelled)).toBe('CancelledError: The rerank was cancelled (0 of 40 passages scored).');
    // Cancelled after its first batch: the error counts the passage scored and thrown away.
    const afterOne = e.rerank('q', passages, { batchSize: 1 }, () => e.cancel());
    expect(await outcome(afterOne)).toBe('CancelledError: The rerank was cancelled (1 of 40 passages scored).');
  });

  it('a batch that fails on WebGPU ends in WebGpuFailedError and marks the runtime broken', async () => {
    const { engine: e, loader } = engine();
    loader.scripts.push(loaded('webgpu', new FakeModel(true)));
    await e.load('m');
    expect(e.runtimeBroken()).toBe(false);
    const failedRun = await outcome(e.rerank('q', ['a', 'bb', 'ccc', 'dddd'], { batchSize: 1 }));
    expect(failedRun).toBe('WebGpuFailedError: WebGPU failed during a rerank (device lost), so scoring continued on WASM.');
    expect(e.runtimeBroken()).toBe(true);
  });
});
