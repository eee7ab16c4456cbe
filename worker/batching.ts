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
}

/** Groups row indices into batches, shortest rows first; every index appears exactly once. */
export function planBatches(lengths: readonly number[], { maxRows, tokenBudget }: BatchPlanOptions): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const batches: number[][] = [];
  let current: number[] = [];
  for (const index of order) {
    // Sorted ascending, so the newest row is the longest and sets the padded length.
    const paddedTokens = (current.length + 1) * lengths[index]!;
    if (current.length > 0 && (current.length >= maxRows || paddedTokens > tokenBudget)) {
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
