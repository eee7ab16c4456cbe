/** A scripted engine behind comlink over a real MessageChannel: what `new Worker()` gives the page, without a browser or a model. */
import { expose } from 'comlink';
import type {
  WorkerLoadOptions,
  ModelInfo,
  PartialResult,
  Passage,
  RerankerApi,
  RerankOptions,
  RerankResult,
  RuntimeOptions,
} from '../../worker/api';
import { CancelledError, InputError, WebGpuFailedError } from '../../worker/errors';

const span = { start: 0, end: 0 };
export const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stand-in engine: one "batch" per passage, 5 ms each, a newer rerank superseding an older one as the real engine does. */
export class ScriptedEngine implements RerankerApi {
  loads: { model: string; options: WorkerLoadOptions }[] = [];
  prewarms: RuntimeOptions[] = [];
  failNextLoadOnWebGpu = false;
  /** Makes the next load wait, as a download does, until `cancelLoad()`. */
  holdNextLoad = false;
  cancelLoads = 0;
  /** As a catastrophic tokenizer regex does: the thread stays busy, so nothing runs and no message is read. */
  held = false;
  private releaseLoad: (() => void) | null = null;
  private model: ModelInfo | null = null;
  private run: { cancelled: boolean } | null = null;

  async load(model: string, options: WorkerLoadOptions = {}, onProgress?: (p: never) => void): Promise<ModelInfo> {
    this.loads.push({ model, options });
    onProgress?.({ phase: 'download', files: [], loaded: 1, total: 1 } as never);
    if (this.holdNextLoad) {
      this.holdNextLoad = false;
      await new Promise<void>((resolve) => (this.releaseLoad = resolve));
      throw new CancelledError(`Loading "${model}" was cancelled.`);
    }
    if (this.failNextLoadOnWebGpu && options.device !== 'wasm') {
      this.failNextLoadOnWebGpu = false;
      throw new WebGpuFailedError('WebGPU failed, so WASM is used: adapter lost');
    }
    const info: ModelInfo = {
      model,
      source: model,
      family: 'cross-encoder',
      device: options.device ?? 'webgpu',
      dtype: 'fp32',
      file: 'onnx/model.onnx',
      maxLength: 512,
      threads: 1,
      loadTiming: { runtime: span, files: span, session: span, warmup: span, ready: span.end },
    };
    this.model = info;
    return info;
  }

  async rerank(
    query: string,
    passages: Passage[],
    _options?: RerankOptions,
    onPartial?: (p: PartialResult) => void,
  ): Promise<RerankResult> {
    if (!this.model) throw new InputError('No model is loaded yet. Load a model before reranking.');
    this.cancel();
    const run = { cancelled: false };
    this.run = run;
    const ranking = [];
    for (let i = 0; i < passages.length; i++) {
      await tick();
      if (this.held) await new Promise(() => undefined);
      if (run.cancelled) throw new CancelledError('The rerank was cancelled.');
      ranking.push({ index: i, score: -i, probability: 0.5 });
      onPartial?.({ scored: i + 1, total: passages.length, ranking: [...ranking] });
    }
    return { ranking, truncated: 0, timing: { totalMs: 1, tokenizeMs: 0, inferenceMs: 1, passagesPerSecond: 1 } };
  }

  cancel(): void {
    if (this.run) this.run.cancelled = true;
  }
  cancelLoad(): void {
    this.cancelLoads++;
    this.releaseLoad?.();
  }
  async prewarm(options: RuntimeOptions = {}): Promise<void> {
    this.prewarms.push(options);
  }
  info(): ModelInfo | null {
    return this.model;
  }
  async loseGpuDevice(): Promise<boolean> {
    return false;
  }
  runtimeBroken(): boolean {
    return false;
  }
}

/** What `new Worker()` gives the page, over a MessageChannel whose other end exposes a scripted engine. */
export class FakeWorker extends EventTarget {
  readonly engine = new ScriptedEngine();
  terminated = false;
  private readonly port: MessagePort;

  constructor() {
    super();
    const channel = new MessageChannel();
    expose(this.engine, channel.port2);
    this.port = channel.port1;
    this.port.start();
  }
  postMessage(message: unknown, transfer: Transferable[] = []): void {
    if (!this.terminated && !this.engine.held) this.port.postMessage(message, transfer);
  }
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    if (type === 'message') this.port.addEventListener('message', listener as EventListener);
    else super.addEventListener(type, listener);
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    if (type === 'message') this.port.removeEventListener('message', listener as EventListener);
    else super.removeEventListener(type, listener);
  }
  terminate(): void {
    this.terminated = true;
    this.port.close();
  }
  /** What the browser fires when a worker's script throws at top level or the worker dies. */
  fail(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }
}

/** A `startWorker` that starts fake workers, noting each in `workers` and showing it to `onStart` as it starts. */
export function fakeWorkerStarter(workers: FakeWorker[], onStart: (worker: FakeWorker) => void = () => undefined): () => Worker {
  return () => {
    const worker = new FakeWorker();
    workers.push(worker);
    onStart(worker);
    return worker as unknown as Worker;
  };
}
