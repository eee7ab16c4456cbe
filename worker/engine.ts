import { AutoConfig, ModelRegistry, env } from '@huggingface/transformers';
import type {
  Device,
  Dtype,
  LoadOptions,
  LoadProgress,
  LoadTiming,
  ModelInfo,
  PartialResult,
  Passage,
  RerankerApi,
  RerankOptions,
  RerankResult,
  RuntimeFiles,
  RuntimeOptions,
  Span,
} from './api';
import { batchPlan } from './batching';
import { probeDevice } from './device';
import { storageNote, watchedCache } from './cache-writes';
import { chooseDtype } from './dtype-choice';
import {
  CancelledError,
  InputError,
  ModelLoadError,
  ModelTooLargeError,
  RuntimeStartError,
  UntrustedOriginError,
  WebGpuFailedError,
  errorMessage,
} from './errors';
import { checkExternalDataCount } from './external-data';
import { familyOfConfig } from './families';
import { MODELS } from './families/models';
import type { EncodedPair, ModelConfig, ScoringModel } from './families/types';
import type { RefusedWrite } from './cache-writes';
import type { SizeConfig } from './load-needs';
import type { LoadPlan } from './load-plan';
import type { DeviceProbe } from './device';
import { describeLoadFailure, failOnUnhandledRejection, isFileProblem } from './load-failure';
import { planLoad } from './load-plan';
import { LoadTurns } from './load-turns';
import { modelFetch } from './model-fetch';
import { isTrustedUrl } from './model-origin';
import { ProgressTracker, epochNow as now } from './progress';
import { rank } from './ranking';
import { startRuntime } from './runtime-warmup';
import { defaultWasmThreads } from './threads';
import { dtypeCandidates, modelFileName, presetForUrl, type Preset } from './registry';
import { folderKey, folderUrl, resolveModelSource, type ModelSource } from './resolve-model';
import { formatPassage, formatQuery } from './template';
import { validateRerankInput } from './validate';
import { foldRows, passageRows } from './windows';

const PARTIAL_INTERVAL_MS = 100;

interface Loaded {
  model: ScoringModel;
  preset: Preset;
  source: ModelSource;
  info: ModelInfo;
  /** The WASM first run, started as the load resolves; settled (never rejected) when it is over. */
  firstRun: Promise<void>;
}

type Attempt = { model: ScoringModel; timing: Omit<LoadTiming, 'runtime' | 'ready'> } | { error: unknown };

const warmUp = (model: ScoringModel) => model.score([model.encodePair('warm up', 'warm up')]);

/** What a load that produced a model knows when it makes it current. */
interface Settled {
  reference: string;
  preset: Preset;
  source: ModelSource;
  device: Device;
  dtype: Dtype;
  file: string;
  plan: LoadPlan;
  probe: DeviceProbe;
  stored: RefusedWrite[];
  timing: Omit<LoadTiming, 'ready'>;
}

/** A config whose max_position_embeddings is below this cannot hold a query, a passage and their special tokens. */
const MIN_POSITIONS = 8;

export interface EngineRuntime {
  /** Where ONNX Runtime's files are unless a load says otherwise. */
  runtimeFiles: RuntimeFiles;
  /** The page origin, to resolve same-origin model paths. */
  origin: string;
}

const cancelled = () => new CancelledError('The rerank was cancelled.');

function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}
const networkFetch = env.fetch;

export class RerankEngine implements RerankerApi {
  private loaded: Loaded | null = null;
  private readonly turns = new LoadTurns();
  /** transformers.js reads `env` on every file request, so loads run one at a time. */
  private loadQueue: Promise<unknown> = Promise.resolve();
  private run: { cancelled: boolean } | null = null;
  private broken = false;
  private threads: number;
  /** The current load's fetch: it knows the first request that failed. */
  private fetcher: ReturnType<typeof modelFetch> | null = null;
  /** ONNX Runtime's start, once begun: paths and threads are fixed from then on. */
  private runtimeStart: Promise<Span> | null = null;
  /** Why that start failed, once it has: no model can load in this worker then. */
  private runtimeError: { error: unknown } | null = null;

  constructor(private readonly runtime: EngineRuntime) {
    const wasm = env.backends.onnx.wasm!;
    wasm.wasmPaths = { ...runtime.runtimeFiles };
    this.threads = defaultWasmThreads(navigator.hardwareConcurrency, globalThis.crossOriginIsolated);
    wasm.numThreads = this.threads;
    // The engine keeps the WASM in a cache of its own (runtime-binary.ts); transformers.js would
    // fetch a second copy into the models' cache.
    env.useWasmCache = false;
  }

  async prewarm(options: RuntimeOptions = {}): Promise<void> {
    await this.startRuntime(options);
  }

  /** Starts ONNX Runtime once, with `options` if it has not started yet; a failure shows again when the load creates its session. */
  private startRuntime(options: RuntimeOptions): Promise<Span> {
    if (!this.runtimeStart) {
      const wasm = env.backends.onnx.wasm!;
      if (options.runtimeFiles) wasm.wasmPaths = { ...options.runtimeFiles };
      if (options.wasmThreads && globalThis.crossOriginIsolated) {
        this.threads = Math.max(1, Math.floor(options.wasmThreads));
        wasm.numThreads = this.threads;
      }
      const start = now();
      this.runtimeStart = startRuntime().then(() => ({ start, end: now() }));
      this.runtimeStart.catch((error: unknown) => (this.runtimeError = { error }));
    }
    return this.runtimeStart;
  }

  info(): ModelInfo | null {
    return this.loaded?.info ?? null;
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
    if (this.loaded?.info.device !== 'webgpu') return false;
    const device = await (env.backends.onnx.webgpu as { device?: Promise<{ destroy(): void }> } | undefined)?.device;
    device?.destroy();
    return Boolean(device);
  }

  load(reference: string, options: LoadOptions = {}, onProgress?: (p: LoadProgress) => void): Promise<ModelInfo> {
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
    if (!this.loaded) throw new InputError('No model is loaded yet. Load a model before reranking.');
    // A newer call supersedes an older one: the old loop sees the flag at its next batch boundary.
    this.cancel();
    const run = { cancelled: false };
    this.run = run;

    const started = performance.now();
    const { preset, model, firstRun } = this.loaded;
    await firstRun;
    const formattedQuery = formatQuery(preset.template, query);
    const rows = passageRows(
      valid,
      (p) => model.encodePair(formattedQuery, formatPassage(preset.template, p)),
      options.longDocuments ?? 'truncate',
    );
    const pairs: EncodedPair[] = rows.rows;
    const tokenized = performance.now();

    const { batches, padTo } = batchPlan(
      pairs.map((p) => p.ids.length),
      this.loaded.info.device,
      preset.maxLength,
      options,
      this.loaded.info.dtype,
    );
    const scores = new Map<number, number>();
    let lastPartial = -Infinity;
    try {
      for (const batch of batches) {
        // ONNX Runtime can resolve a run without a macrotask; yielding lets cancel() and newer calls arrive.
        await yieldToEvents();
        if (run.cancelled) throw cancelled();
        const logits = await this.scoreBatch(
          batch.map((i) => pairs[i]!),
          padTo,
        );
        if (run.cancelled) throw cancelled();
        batch.forEach((index, row) => scores.set(index, logits[row]!));
        // Partial rankings are sent at most every PARTIAL_INTERVAL_MS: with thousands of small batches, one per batch would cost the page more than it shows.
        const now = performance.now();
        if (onPartial && (now - lastPartial >= PARTIAL_INTERVAL_MS || scores.size === pairs.length)) {
          lastPartial = now;
          const folded = foldRows(rows, scores);
          onPartial({
            scored: folded.scores.size,
            total: valid.length,
            ranking: rank(folded.scores, preset.activation, undefined, folded.details),
          });
        }
      }
    } finally {
      if (this.run === run) this.run = null;
    }

    const finished = performance.now();
    const folded = foldRows(rows, scores);
    return {
      ranking: rank(folded.scores, preset.activation, options.topK, folded.details),
      truncated: [...folded.details.values()].filter((d) => d.truncated).length,
      timing: {
        totalMs: finished - started,
        tokenizeMs: tokenized - started,
        inferenceMs: finished - tokenized,
        passagesPerSecond: valid.length / ((finished - started) / 1000),
      },
    };
  }

  private async scoreBatch(rows: EncodedPair[], padTo: number): Promise<Float32Array> {
    const loaded = this.loaded!;
    try {
      return await loaded.model.score(rows, padTo);
    } catch (error) {
      this.broken = true;
      if (loaded.info.device !== 'webgpu') throw error;
      throw new WebGpuFailedError(`WebGPU failed during a rerank (${errorMessage(error)}), so scoring continued on WASM.`);
    }
  }

  private async loadNow(
    reference: string,
    options: LoadOptions,
    onProgress: ((p: LoadProgress) => void) | undefined,
    turn: number,
  ): Promise<ModelInfo> {
    const { signal, stopped, end } = this.turns.start(turn, reference);
    const stop = stopped();
    if (stop) throw stop;
    const started = now();
    // Compiling ONNX Runtime now overlaps the download; transformers.js would start it only once the graph has arrived.
    const runtime = this.startRuntime(options);
    runtime.catch(() => undefined);
    const tracker = new ProgressTracker((p) => onProgress?.(p));
    const source = resolveModelSource(reference, this.runtime.origin, options.files && folderKey(reference, options.files));
    const allowedOrigins = options.allowedOrigins ?? [];
    if (!isTrustedUrl(new URL(source.origin), this.runtime.origin) && !allowedOrigins.includes(source.origin)) {
      throw new UntrustedOriginError(
        `"${reference}" would download from ${source.origin}, which is neither this site nor the Hugging Face hub. ` +
          "Loading from it needs the user's approval (the app asks; a library caller passes it in allowedOrigins).",
      );
    }
    const stored = this.pointEnvAt(source, options, allowedOrigins, signal);
    try {
      const config = await this.readConfig(source);
      const preset = source.preset ?? this.presetFromConfig(reference, source, config);
      const probe = await probeDevice(options.device);
      const plan = await planLoad(reference, source, config, probe, options, (device) =>
        this.pickDtype(reference, source, preset, device, probe.adapter?.shaderF16 ?? false),
      );
      tracker.expect(plan.files, plan.unchecked);
      const { device, dtype } = plan;
      const file = modelFileName(dtype);
      // ONNX Runtime refuses to initialize WebGPU while its WASM is still starting ("multiple calls to 'initWasm()'").
      if (device === 'webgpu') await runtime.catch(() => undefined);
      const attempt = await this.tryLoad(source, preset, device, dtype, tracker, started);
      if ('error' in attempt) {
        const stop = stopped();
        if (stop) throw stop;
        // Sessions wait for the runtime's start, so one that failed for its sake finds it failed already.
        // ONNX Runtime starts once per worker: no model can load in this one (the page's client replaces it).
        if (this.runtimeError)
          throw new RuntimeStartError(`${errorMessage(this.runtimeError.error)} Load again, or reload the page, to try again.`);
        const fileProblem = isFileProblem(attempt.error, this.fetcher?.failure() ?? null);
        if (device === 'webgpu' && options.device !== 'webgpu' && !fileProblem) {
          const onWasm = await plan.refusalOnWasm();
          if (onWasm) throw new ModelTooLargeError(`WebGPU failed (${errorMessage(attempt.error)}), and WASM cannot take over: ${onWasm}`);
          throw new WebGpuFailedError(`WebGPU failed, so WASM is used: ${errorMessage(attempt.error)}`);
        }
        throw this.loadFailure(attempt.error, source, file);
      }
      const timing = { runtime: await runtime, ...attempt.timing };
      return await this.settle(attempt.model, stopped, { reference, preset, source, device, dtype, file, plan, probe, stored, timing });
    } catch (error) {
      // Whatever a cancelled load was doing when it stopped, its caller asked for the cancellation.
      throw stopped() ?? error;
    } finally {
      end();
    }
  }

  /** Makes a loaded model the current one, unless the load was cancelled or superseded meanwhile. */
  private async settle(
    model: ScoringModel,
    stopped: () => Error | null,
    { reference, preset, source, device, dtype, file, plan, probe, stored, timing }: Settled,
  ): Promise<ModelInfo> {
    const stop = stopped();
    if (stop) {
      await model.dispose();
      throw stop;
    }
    const notStored = storageNote(stored);
    const previous = this.loaded;
    const firstRun = device === 'webgpu' ? Promise.resolve() : this.warmUpAfterLoad(model);
    this.loaded = {
      model,
      preset,
      source,
      firstRun,
      info: {
        model: reference,
        source: source.url,
        family: preset.family,
        device,
        dtype,
        file,
        maxLength: preset.maxLength,
        threads: this.threads,
        loadTiming: { ...timing, ready: now() },
        ...(plan.fallbackReason ? { fallbackReason: plan.fallbackReason } : {}),
        ...(probe.adapter ? { adapter: probe.adapter } : {}),
        ...(notStored ? { notStored } : {}),
      },
    };
    await previous?.firstRun;
    await previous?.model.dispose();
    return this.loaded.info;
  }

  /**
   * The first run pays ONNX Runtime's compilation of the kernels it meets; the first rerank need
   * not wait for a load that did it beforehand (on two cores, 0.1-0.2 s of time to ready).
   * A failure is left for the rerank that meets it again.
   */
  private warmUpAfterLoad(model: ScoringModel): Promise<void> {
    const start = now();
    return warmUp(model).then(
      () => {
        if (this.loaded?.model === model) this.loaded.info.loadTiming.warmup = { start, end: now() };
      },
      () => undefined,
    );
  }

  /** Points transformers.js at the model; returns the list of writes the browser's storage refuses during the load. */
  private pointEnvAt(source: ModelSource, options: LoadOptions, allowedOrigins: readonly string[], signal: AbortSignal): RefusedWrite[] {
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    env.remoteHost = source.host;
    env.remotePathTemplate = source.pathTemplate;
    // Same-origin files are never stored, so that regenerated models are never stale.
    const watched = source.sameOrigin ? null : watchedCache(folderUrl(source));
    env.useBrowserCache = false;
    env.useCustomCache = watched !== null;
    env.customCache = watched?.cache ?? null;
    this.fetcher = modelFetch(
      {
        pageOrigin: this.runtime.origin,
        allowedOrigins,
        signal,
        ...(options.files ? { files: options.files, localPrefix: source.pathTemplate } : {}),
      },
      networkFetch,
    );
    env.fetch = this.fetcher.fetch;
    return watched?.refused ?? [];
  }

  private async readConfig(source: ModelSource): Promise<ModelConfig & SizeConfig & { max_position_embeddings?: unknown }> {
    let config: object;
    try {
      config = await AutoConfig.from_pretrained(source.id);
    } catch (error) {
      throw this.loadFailure(error, source, 'config.json');
    }
    checkExternalDataCount(config, source.url);
    return config;
  }

  private presetFromConfig(reference: string, source: ModelSource, config: ModelConfig & { max_position_embeddings?: unknown }): Preset {
    const positions = config.max_position_embeddings;
    if (positions !== undefined && !(Number.isInteger(positions) && (positions as number) >= MIN_POSITIONS)) {
      throw new ModelLoadError(
        `config.json of ${source.url} gives max_position_embeddings ${JSON.stringify(positions)}, which is not a usable length (a whole number of at least ${MIN_POSITIONS}).`,
      );
    }
    return presetForUrl(reference, familyOfConfig(config), positions as number | undefined);
  }

  /** The error a failed load ends with: the origin refusal as it was, or a sentence naming the file that failed. */
  private loadFailure(error: unknown, source: ModelSource, guess: string): Error {
    const failure = this.fetcher?.failure() ?? null;
    if (failure?.kind === 'refused') return new UntrustedOriginError(errorMessage(error));
    return new ModelLoadError(describeLoadFailure(error, failure, source, guess));
  }

  /** The dtype to load: a preset's own, or for other models the first their folder publishes. */
  private async pickDtype(reference: string, source: ModelSource, preset: Preset, device: Device, shaderF16: boolean): Promise<Dtype> {
    const candidates = dtypeCandidates(preset, device, shaderF16);
    const dtype = await chooseDtype(candidates, (file) => this.publishes(source, file));
    if (dtype) return dtype;
    const files = candidates.map(modelFileName).join(', ');
    throw new ModelLoadError(`Could not load "${reference}": ${source.url} has none of ${files}, the graphs usable on ${device}.`);
  }

  /** Whether the model's folder has `file`; transformers.js answers from its cache when it can, else with a one-byte ranged GET. */
  private async publishes(source: ModelSource, file: string): Promise<boolean> {
    try {
      return (await ModelRegistry.get_file_metadata(source.id, file)).exists;
    } catch (error) {
      throw this.loadFailure(error, source, file);
    }
  }

  /** Loads, and on WebGPU warms up: that is what surfaces a broken WebGPU path before the user's first rerank. */
  private async tryLoad(
    source: ModelSource,
    preset: Preset,
    device: Device,
    dtype: Dtype,
    tracker: ProgressTracker,
    started: number,
  ): Promise<Attempt> {
    let model: ScoringModel | undefined;
    try {
      model = await failOnUnhandledRejection(
        MODELS[preset.family].load({ source: source.id, device, dtype, maxLength: preset.maxLength, onProgress: tracker.onRaw }),
      );
      const created = now();
      if (device === 'webgpu') {
        tracker.report('warmup');
        await warmUp(model);
      }
      const filesEnd = Math.min(tracker.lastFileAt() ?? created, created);
      return {
        model,
        timing: {
          files: { start: started, end: filesEnd },
          session: { start: filesEnd, end: created },
          ...(device === 'webgpu' ? { warmup: { start: created, end: now() } } : {}),
        },
      };
    } catch (error) {
      // Whether or not the failure reached a session, restarting the worker is cheap and always safe.
      this.broken = true;
      await model?.dispose().catch(() => undefined);
      return { error };
    }
  }
}
