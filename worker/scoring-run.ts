import type { Device, Dtype, PartialResult, Passage, RerankOptions, RerankResult } from './api';
import { batchPlan } from './batching';
import { CancelledError, WebGpuFailedError, errorMessage } from './errors';
import type { EncodedPair, ScoringModel } from './families/types';
import { rank } from './ranking';
import type { Preset } from './registry';
import { formatPassage, formatQuery } from './template';
import { foldRows, passageRows } from './windows';

/**
 * Partial rankings after the first go out at most this often. Each one costs the page a render
 * that takes its CPU from the scoring: on the 2-core box, typing into the search page settled its
 * 20 rows 28 ms sooner with a quarter second between renders than with a tenth (bench/README.md, "Typing").
 */
const PARTIAL_INTERVAL_MS = 250;

/** The model a rerank scores with. */
export interface ScoringTarget {
  model: ScoringModel;
  preset: Preset;
  device: Device;
  dtype: Dtype;
  /** The model's first run after its load, if still under way: the rerank waits for it. */
  firstRun: Promise<void>;
}

/** One rerank's cancel flag: set by `cancel()` or a newer rerank, read at each batch boundary. */
export interface RunFlag {
  cancelled: boolean;
}

/** The model's first run, on one pair: it pays ONNX Runtime's compilation of the kernels it meets. */
export const firstRun = (model: ScoringModel) => model.score([model.encodePair('warm up', 'warm up')]);

/** Says how much was scored (and is now thrown away): a page that supersedes reranks as someone types can count its waste. */
const cancelled = (scored: number, total: number) =>
  new CancelledError(`The rerank was cancelled (${scored} of ${total} passages scored).`);

function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/**
 * Scores `passages` against `query` batch by batch, stopping at the first batch boundary after
 * `run` is cancelled, and reports every score known so far to `onPartial`. A failed batch calls
 * `onBroken` (the runtime refuses every later run) and, on WebGPU, ends in `WebGpuFailedError`.
 */
export async function scoringRun(
  { model, preset, device, dtype, firstRun: ready }: ScoringTarget,
  query: string,
  passages: Passage[],
  options: RerankOptions,
  run: RunFlag,
  onBroken: () => void,
  onPartial?: (partial: PartialResult) => void,
): Promise<RerankResult> {
  const started = performance.now();
  await ready;
  const formattedQuery = formatQuery(preset.template, query);
  const rows = passageRows(
    passages,
    (p) => model.encodePair(formattedQuery, formatPassage(preset.template, p)),
    options.longDocuments ?? 'truncate',
  );
  const pairs: EncodedPair[] = rows.rows;
  const tokenized = performance.now();

  const { batches, padTo } = batchPlan(
    pairs.map((p) => p.ids.length),
    device,
    preset.maxLength,
    options,
    dtype,
  );
  const scores = new Map<number, number>();
  const stopped = () => cancelled(foldRows(rows, scores).scores.size, passages.length);
  let lastPartial = -Infinity;
  for (const batch of batches) {
    // ONNX Runtime can resolve a run without a macrotask; yielding lets cancel() and newer calls arrive.
    await yieldToEvents();
    if (run.cancelled) throw stopped();
    let logits: Float32Array;
    try {
      logits = await model.score(
        batch.map((i) => pairs[i]!),
        padTo,
      );
    } catch (error) {
      onBroken();
      if (device !== 'webgpu') throw error;
      throw new WebGpuFailedError(`WebGPU failed during a rerank (${errorMessage(error)}), so scoring continued on WASM.`);
    }
    batch.forEach((index, row) => scores.set(index, logits[row]!));
    if (run.cancelled) throw stopped();
    // With thousands of small batches, one message per batch would cost the page more than it shows.
    const now = performance.now();
    if (onPartial && (now - lastPartial >= PARTIAL_INTERVAL_MS || scores.size === pairs.length)) {
      lastPartial = now;
      const folded = foldRows(rows, scores);
      onPartial({
        scored: folded.scores.size,
        total: passages.length,
        ranking: rank(folded.scores, preset.activation, undefined, folded.details),
      });
    }
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
      passagesPerSecond: passages.length / ((finished - started) / 1000),
    },
  };
}
