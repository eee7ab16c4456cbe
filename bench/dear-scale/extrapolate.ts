/**
 * From the time per pair of the same model cut at 1 and 2 layers to the real depth: a layer costs
 * the difference, the rest (tokenizing, embedding, score head, transfers) is the fixed part, and
 * a rerank of other passages scales with their tokens (at ≤ 228 tokens the matrix products,
 * linear in tokens, are > 99 % of a layer's work; attention's quadratic part is < 1 %).
 */
export interface DepthTiming {
  layers: number;
  msPerPair: number;
}

export interface LayerCost {
  fixedMs: number;
  perLayerMs: number;
  /** False when one depth only was measured, or the difference drowned in noise: perLayerMs is then the whole time of the shallowest model (an upper bound). */
  separated: boolean;
}

export function layerCost(timings: readonly DepthTiming[]): LayerCost | null {
  const sorted = [...timings].sort((a, b) => a.layers - b.layers);
  const first = sorted[0];
  if (!first) return null;
  const last = sorted.at(-1)!;
  const perLayerMs = last.layers > first.layers ? (last.msPerPair - first.msPerPair) / (last.layers - first.layers) : 0;
  if (perLayerMs <= 0) return { fixedMs: 0, perLayerMs: first.msPerPair / first.layers, separated: false };
  return { fixedMs: Math.max(0, first.msPerPair - first.layers * perLayerMs), perLayerMs, separated: true };
}

/** Milliseconds for `passages` pairs of a `layers`-deep model whose pairs are `tokenRatio` times as long as the measured ones. */
export function extrapolateMs(cost: LayerCost, layers: number, passages: number, tokenRatio: number): number {
  return passages * tokenRatio * (cost.fixedMs + layers * cost.perLayerMs);
}

/** `1.2 GB`, `309 MB`, `12 kB`: decimal units, as download sizes are quoted. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}

/** `850 ms`, `12.3 s`, `4.2 min`, `3.1 h`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 120 * 60_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
