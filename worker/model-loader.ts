import { AutoConfig, ModelRegistry, env } from '@huggingface/transformers';
import type { Device, Dtype, LoadTiming, Span, WorkerLoadOptions } from './api';
import { storageNote, watchedCache, type RefusedWrite } from './cache-writes';
import { probeDevice, type DeviceProbe } from './device';
import { chooseDtype } from './dtype-choice';
import { ModelLoadError, UntrustedOriginError, errorMessage } from './errors';
import { checkExternalDataCount } from './external-data';
import { familyOfConfig } from './families';
import { MODELS } from './families/models';
import type { ModelConfig, ScoringModel } from './families/types';
import { describeLoadFailure, failOnUnhandledRejection, isFileProblem } from './load-failure';
import type { SizeConfig } from './load-needs';
import { planLoad } from './load-plan';
import { modelFetch } from './model-fetch';
import { isTrustedUrl } from './model-origin';
import { ProgressTracker, epochNow as now } from './progress';
import { dtypeCandidates, modelFileName, presetForUrl, type Preset } from './registry';
import { folderKey, folderUrl, resolveModelSource, type ModelSource } from './resolve-model';
import { firstRun } from './scoring-run';

/** A config whose max_position_embeddings is below this cannot hold a query, a passage and their special tokens. */
const MIN_POSITIONS = 8;

const networkFetch = env.fetch;

export interface LoadRequest {
  reference: string;
  options: WorkerLoadOptions;
  /** Aborted when the load is cancelled: its requests stop. */
  signal: AbortSignal;
  tracker: ProgressTracker;
  /** When the load began, epoch ms. */
  started: number;
  /** ONNX Runtime's start, begun by the engine: a WebGPU session must not be created before it is over. */
  runtime: Promise<Span>;
}

/** A model the load produced, with what the engine reports about it. */
export interface LoadedModel {
  model: ScoringModel;
  preset: Preset;
  source: ModelSource;
  device: Device;
  dtype: Dtype;
  file: string;
  /** Why the plan chose WASM although WebGPU was wanted, if it did. */
  fallbackReason?: string;
  adapter?: DeviceProbe['adapter'];
  /** The writes the browser's storage refused during the load, in a sentence; asked once the load is over. */
  notStored: () => string | undefined;
  timing: Omit<LoadTiming, 'runtime' | 'ready'>;
}

/** A load whose model could not be created on its device: the engine decides what that means. */
export interface FailedLoad {
  error: unknown;
  device: Device;
  /** The failure is a file's (missing, unreadable, refused), not the device's: no other device would do better. */
  fileProblem: boolean;
  /** Why WASM could not take this model over, or null when it can. */
  refusalOnWasm: () => Promise<string | null>;
  /** The failure as the load's error: a sentence naming the file that failed. */
  named: () => Error;
}

/** What the engine needs of a loader; the engine's unit test fakes it. */
export interface ModelLoading {
  load(request: LoadRequest): Promise<LoadedModel | FailedLoad>;
}

/**
 * Loads a model through transformers.js: checks its origin, points `env` at its source, reads its
 * config and the preset it implies, plans device and dtype, makes the attempt, and names failures.
 */
export class ModelLoader implements ModelLoading {
  /** The current load's fetch: it knows the first request that failed. */
  private fetcher: ReturnType<typeof modelFetch> | null = null;

  constructor(private readonly pageOrigin: string) {}

  async load({ reference, options, signal, tracker, started, runtime }: LoadRequest): Promise<LoadedModel | FailedLoad> {
    const source = resolveModelSource(reference, this.pageOrigin, options.files && folderKey(reference, options.files));
    const allowedOrigins = options.allowedOrigins ?? [];
    if (!isTrustedUrl(new URL(source.origin), this.pageOrigin) && !allowedOrigins.includes(source.origin)) {
      throw new UntrustedOriginError(
        `"${reference}" would download from ${source.origin}, which is neither this site nor the Hugging Face hub. ` +
          "Loading from it needs the user's approval (the app asks; a library caller passes it in allowedOrigins).",
      );
    }
    const stored = this.pointEnvAt(source, options, allowedOrigins, signal);
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
    let model: ScoringModel | undefined;
    try {
      model = await failOnUnhandledRejection(
        MODELS[preset.family].load({ source: source.id, device, dtype, maxLength: preset.maxLength, onProgress: tracker.onRaw }),
      );
      const created = now();
      // On WebGPU the load waits for the first run: that is what surfaces a broken WebGPU path before the user's first rerank.
      if (device === 'webgpu') {
        tracker.report('warmup');
        await firstRun(model);
      }
      const filesEnd = Math.min(tracker.lastFileAt() ?? created, created);
      return {
        model,
        preset,
        source,
        device,
        dtype,
        file,
        ...(plan.fallbackReason ? { fallbackReason: plan.fallbackReason } : {}),
        ...(probe.adapter ? { adapter: probe.adapter } : {}),
        notStored: () => storageNote(stored),
        timing: {
          files: { start: started, end: filesEnd },
          session: { start: filesEnd, end: created },
          ...(device === 'webgpu' ? { warmup: { start: created, end: now() } } : {}),
        },
      };
    } catch (error) {
      await model?.dispose().catch(() => undefined);
      return {
        error,
        device,
        fileProblem: isFileProblem(error, this.fetcher?.failure() ?? null),
        refusalOnWasm: () => plan.refusalOnWasm(),
        named: () => this.loadFailure(error, source, file),
      };
    }
  }

  /** Points transformers.js at the model; returns the list of writes the browser's storage refuses during the load. */
  private pointEnvAt(
    source: ModelSource,
    options: WorkerLoadOptions,
    allowedOrigins: readonly string[],
    signal: AbortSignal,
  ): RefusedWrite[] {
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
        pageOrigin: this.pageOrigin,
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
}
