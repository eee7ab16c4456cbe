import type {
  LoadProgress,
  ModelInfo,
  PartialResult,
  Passage,
  RerankerApi,
  RerankOptions,
  RerankResult,
  RuntimeOptions,
  Span,
  WorkerLoadOptions,
} from './api';
import { InputError, ModelTooLargeError, RuntimeStartError, WebGpuFailedError, errorMessage } from './errors';
import type { ScoringModel } from './families/types';
import { LoadTurns } from './load-turns';
import type { FailedLoad, LoadedModel, ModelLoading } from './model-loader';
import { ProgressTracker, epochNow as now } from './progress';
import type { Preset } from './registry';
import { firstRun, scoringRun, type RunFlag } from './scoring-run';
import { validateRerankInput } from './validate';

/** What the engine needs of ONNX Runtime (worker/runtime/onnx-runtime.ts); the engine's unit test fakes it. */
export interface EngineRuntime {
  /** WASM threads, as fixed when the runtime started. */
  readonly threads: number;
  /** Why the start failed, once it has. */
  readonly failure: { error: unknown } | null;
  /** Starts the runtime once; later calls get the same start. */
  start(options: RuntimeOptions): Promise<Span>;
  loseGpuDevice(): Promise<boolean>;
}

/** The engine's parts: the real ones in reranker.worker.ts, fakes in its unit test. */
export interface EngineParts {
  runtime: EngineRuntime;
  loader: ModelLoading;
}

interface Current {
  model: ScoringModel;
  preset: Preset;
  info: ModelInfo;
  /** The WASM first run, started as the load resolves; settled (never rejected) when it is over. */
  firstRun: Promise<void>;
}

/**
 * The worker's one object: it queues loads (a newer one supersedes, `cancelLoad` stops them),
 * decides what a failed load means (the WebGPU → WASM fallback among it), keeps the current
 * model, and runs reranks one at a time (a newer one supersedes). The parts do the work.
 */
export class RerankEngine implements RerankerApi {
  private current: Current | null = null;
  private readonly turns = new LoadTurns();
  /** transformers.js reads `env` on every file request, so loads run one at a time. */
  private loadQueue: Promise<unknown> = Promise.resolve();
  private run: RunFlag | null = null;
  private broken = false;
  private readonly runtime: EngineRuntime;
  private readonly loader: ModelLoading;

  constructor({ runtime, loader }: EngineParts) {
    this.runtime = runtime;
    this.loader = loader;
  }

  /** Starts ONNX Runtime before any model is asked for. */
  async prewarm(options: RuntimeOptions = {}): Promise<void> {
    await this.runtime.start(options);
  }

  info(): ModelInfo | null {
    return this.current?.info ?? null;
  }

  runtimeBroken(): boolean {
    return this.broken;
  }

  cancel(): void {
    if (this.run) this.run.cancelled = true;
  }

  cancelLoad(): void {
    this.turns.cancel();
  }

  async loseGpuDevice(): Promise<boolean> {
    if (this.current?.info.device !== 'webgpu') return false;
    return this.runtime.loseGpuDevice();
  }

  load(reference: string, options: WorkerLoadOptions = {}, onProgress?: (p: LoadProgress) => void): Promise<ModelInfo> {
    const turn = this.turns.take();
    const next = this.loadQueue.then(() => this.loadNow(reference, options, onProgress, turn));
    this.loadQueue = next.catch(() => undefined);
    return next;
  }

  async rerank(
    query: string,
    passages: Passage[],
    options: RerankOptions = {},
    onPartial?: (partial: PartialResult) => void,
  ): Promise<RerankResult> {
    const valid = validateRerankInput(query, passages, options);
    if (!this.current) throw new InputError('No model is loaded yet. Load a model before reranking.');
    // A newer call supersedes an older one: the old loop sees the flag at its next batch boundary.
    this.cancel();
    const run: RunFlag = { cancelled: false };
    this.run = run;
    try {
      const { model, preset, info, firstRun } = this.current;
      const broke = () => (this.broken = true);
      return await scoringRun(
        { model, preset, device: info.device, dtype: info.dtype, firstRun },
        query,
        valid,
        options,
        run,
        broke,
        onPartial,
      );
    } finally {
      if (this.run === run) this.run = null;
    }
  }

  private async loadNow(
    reference: string,
    options: WorkerLoadOptions,
    onProgress: ((p: LoadProgress) => void) | undefined,
    turn: number,
  ): Promise<ModelInfo> {
    const { signal, stopped, end } = this.turns.start(turn, reference);
    const stop = stopped();
    if (stop) throw stop;
    const started = now();
    // Starting ONNX Runtime now overlaps the download; transformers.js would start it only once the graph has arrived.
    const runtime = this.runtime.start(options);
    runtime.catch(() => undefined);
    const tracker = new ProgressTracker((p) => onProgress?.(p));
    try {
      const outcome = await this.loader.load({ reference, options, signal, tracker, started, runtime });
      if ('error' in outcome) {
        // Whether or not the failure reached a session, restarting the worker is cheap and always safe.
        this.broken = true;
        throw await this.failure(outcome, options, stopped);
      }
      const runtimeSpan = await runtime;
      return await this.settle(reference, outcome, runtimeSpan, stopped);
    } catch (error) {
      // Whatever a cancelled load was doing when it stopped, its caller asked for the cancellation.
      throw stopped() ?? error;
    } finally {
      end();
    }
  }

  /** What a load whose model could not be created ends with: the one place the WebGPU → WASM fallback is decided. */
  private async failure(failed: FailedLoad, options: WorkerLoadOptions, stopped: () => Error | null): Promise<Error> {
    const stop = stopped();
    if (stop) return stop;
    // Sessions wait for the runtime's start, so one that failed for its sake finds it failed already.
    // ONNX Runtime starts once per worker: no model can load in this one (the page's client replaces it).
    const runtimeFailure = this.runtime.failure;
    if (runtimeFailure) return new RuntimeStartError(`${errorMessage(runtimeFailure.error)} Load again, or reload the page, to try again.`);
    if (failed.device === 'webgpu' && options.device !== 'webgpu' && !failed.fileProblem) {
      const onWasm = await failed.refusalOnWasm();
      if (onWasm) return new ModelTooLargeError(`WebGPU failed (${errorMessage(failed.error)}), and WASM cannot take over: ${onWasm}`);
      return new WebGpuFailedError(`WebGPU failed, so WASM is used: ${errorMessage(failed.error)}`);
    }
    return failed.named();
  }

  /** Makes a loaded model the current one, unless the load was cancelled or superseded meanwhile. */
  private async settle(reference: string, loaded: LoadedModel, runtime: Span, stopped: () => Error | null): Promise<ModelInfo> {
    const { model, preset, source, device, dtype, file, fallbackReason, adapter, timing } = loaded;
    const stop = stopped();
    if (stop) {
      await model.dispose();
      throw stop;
    }
    const notStored = loaded.notStored();
    const previous = this.current;
    this.current = {
      model,
      preset,
      firstRun: device === 'webgpu' ? Promise.resolve() : this.firstRunAfterLoad(model),
      info: {
        model: reference,
        source: source.url,
        family: preset.family,
        device,
        dtype,
        file,
        maxLength: preset.maxLength,
        threads: this.runtime.threads,
        loadTiming: { runtime, ...timing, ready: now() },
        ...(fallbackReason ? { fallbackReason } : {}),
        ...(adapter ? { adapter } : {}),
        ...(notStored ? { notStored } : {}),
      },
    };
    await previous?.firstRun;
    await previous?.model.dispose();
    return this.current.info;
  }

  /**
   * The first run pays ONNX Runtime's compilation of the kernels it meets; the first rerank need
   * not wait for a load that did it beforehand (on two cores, 0.1-0.2 s of time to ready).
   * A failure is left for the rerank that meets it again.
   */
  private firstRunAfterLoad(model: ScoringModel): Promise<void> {
    const start = now();
    return firstRun(model).then(
      () => {
        if (this.current?.model === model) this.current.info.loadTiming.warmup = { start, end: now() };
      },
      () => undefined,
    );
  }
}
