import type { Device, Dtype, RerankOptions } from './api';

/** Rows × padded length per batch: large enough to keep the runtime busy, small enough that cancel and partial results stay prompt. */
export const TOKEN_BUDGET = 8192;
/**
 * Rows per batch by device. On WASM small batches are faster outright (bench/: a
 * MiniLM-shaped model on DL19 passages, 1 thread, ran 13.5 passages/s at ≤8 rows against
 * 9.8 at ≤64); a GPU wants more rows to fill it.
 */
export const DEFAULT_MAX_ROWS: Record<Device, number> = { wasm: 8, webgpu: 32 };
/**
 * Rows in the first batch of the default plan: the first result waits for that batch alone,
 * and the shortest pairs come first, so it is also the cheapest batch (bench/: first result
 * for 100 passages, MiniLM-shaped fp32 on one WASM thread, 418 ms after 8 rows, 113 ms after 2).
 */
export const FIRST_BATCH_ROWS = 2;
export const FIXED_BATCH_ROWS = 64;

/**
 * Length-aware batching: rows are sorted by token length so that each batch pads to
 * nearly its own rows' length, and a batch is closed when rows × padded length would
 * pass the token budget. This only preserves scores when padding cannot change a
 * row's logit, which every family guarantees (attention masks, last-real-token pooling).
 */
export interface BatchPlanOptions {
  /** Most rows in one batch. */
  maxRows: number;
  /** Most tokens (rows × longest row) in one batch. */
  tokenBudget: number;
  /** Most rows in the first batch, which alone decides how soon the first result arrives (default `maxRows`). */
  firstRows?: number;
}

/** Groups row indices into batches, shortest rows first; every index appears exactly once. */
export function planBatches(lengths: readonly number[], { maxRows, tokenBudget, firstRows = maxRows }: BatchPlanOptions): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const batches: number[][] = [];
  let current: number[] = [];
  for (const index of order) {
    // Sorted ascending, so the newest row is the longest and sets the padded length.
    const paddedTokens = (current.length + 1) * lengths[index]!;
    const rowLimit = batches.length === 0 ? Math.min(firstRows, maxRows) : maxRows;
    if (current.length > 0 && (current.length >= rowLimit || paddedTokens > tokenBudget)) {
      batches.push(current);
      current = [];
    }
    current.push(index);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Input order in chunks of `rows`: the naive plan, for comparison. */
export function fixedBatches(count: number, rows: number): number[][] {
  const batches: number[][] = [];
  for (let start = 0; start < count; start += rows) {
    batches.push(Array.from({ length: Math.min(rows, count - start) }, (_, i) => start + i));
  }
  return batches;
}

/** How a rerank's rows are grouped, and the width every batch is padded to at least (0: its longest row). */
export interface BatchPlan {
  batches: number[][];
  padTo: number;
}

/**
 * Whether a graph's scores depend on their batchmates: q8 graphs (onnxruntime's `quantize_dynamic`)
 * quantize each activation with one scale over the whole padded batch. fp32, fp16 and the q4
 * graphs (weight-only MatMulNBits) keep activations in floating point, row by row.
 */
export const batchDependent = (dtype: Dtype): boolean => dtype === 'q8';

/**
 * The plan a rerank runs: `fixed` batching pads every row to the model's maximum length, as the
 * seed did; otherwise an explicit `batchSize`, or the device's default with a short first batch.
 * `independentRows` on a batch-dependent dtype puts every row in a batch of its own.
 */
export function batchPlan(
  lengths: readonly number[],
  device: Device,
  maxLength: number,
  { batching, batchSize, independentRows }: Pick<RerankOptions, 'batching' | 'batchSize' | 'independentRows'>,
  dtype?: Dtype,
): BatchPlan {
  const alone = independentRows === true && dtype !== undefined && batchDependent(dtype);
  if (batching === 'fixed') return { batches: fixedBatches(lengths.length, alone ? 1 : (batchSize ?? FIXED_BATCH_ROWS)), padTo: maxLength };
  if (alone) return { batches: planBatches(lengths, { maxRows: 1, tokenBudget: TOKEN_BUDGET }), padTo: 0 };
  const options = batchSize
    ? { maxRows: batchSize, tokenBudget: TOKEN_BUDGET }
    : { maxRows: DEFAULT_MAX_ROWS[device], tokenBudget: TOKEN_BUDGET, firstRows: FIRST_BATCH_ROWS };
  return { batches: planBatches(lengths, options), padTo: 0 };
}
