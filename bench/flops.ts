/**
 * How much matmul work a rerank asked of the CPU: the BERT's linear layers and attention
 * products for the batches actually run, padding included, in GFLOP (2 FLOPs per
 * multiply-add). Divided by the time it took, that is the rate the engine got out of the WASM
 * kernels, set against what the kernels do at all (kernels.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { batchPlan } from '../worker/batching';
import { benchInput, type BenchInput } from './data';
import { nodeEncoder, type Batching, type NodeEncoder } from './encode';
import type { Measure, Row } from './rows';
import { TEST_MODELS_DIR } from './models';

/** A batch as run: rows × width tokens. */
export type Shape = [rows: number, width: number];

interface BertDims {
  layers: number;
  hidden: number;
  intermediate: number;
}

function bertDims(model: string): BertDims {
  const c = JSON.parse(readFileSync(join(TEST_MODELS_DIR, model, 'config.json'), 'utf8')) as Record<string, number>;
  return { layers: c.num_hidden_layers!, hidden: c.hidden_size!, intermediate: c.intermediate_size! };
}

/** Per layer: Q, K, V and output projections (4·H²) and the MLP (2·H·I) per token, plus Q·Kᵀ and attention·V (2·width·H per token). */
export function bertMatmulGflop(model: string, shapes: readonly Shape[]): number {
  const { layers, hidden: H, intermediate: I } = bertDims(model);
  let flops = 0;
  for (const [rows, width] of shapes) {
    const tokens = rows * width;
    flops += layers * 2 * (tokens * (4 * H * H + 2 * H * I) + tokens * 2 * width * H);
  }
  return flops / 1e9;
}

/** The batches the engine runs for `input` (its own `batchPlan` on the same token counts): each padded to its longest pair, or to `maxLength` for fixed batching. */
export function engineShapes(encoder: NodeEncoder, input: BenchInput, m: Measure): Shape[] {
  const lengths = encoder.encode(input.query, input.passages).map((p) => p.ids.length);
  const { batches, padTo } = batchPlan(lengths, 'wasm', encoder.preset.maxLength, m);
  return batches.map((b) => [b.length, Math.max(padTo, ...b.map((i) => lengths[i]!))]);
}

/** Every measured row of `model` (a BERT) without its matmul work yet gets it, from the engine's batches for the row's input. */
export async function addMatmulWork(rows: Row[], model: string): Promise<void> {
  const todo = rows.filter(
    (r) => r.model === model && r.matmulGflop === undefined && !r.estimated && (r.batching === 'dynamic' || r.batching === 'fixed'),
  );
  if (!todo.length) return;
  const encoder = await nodeEncoder(model, 'cross-encoder', 512);
  for (const r of todo) {
    const measure = { batching: r.batching as Batching, passages: r.passages, ...(r.batchSize ? { batchSize: r.batchSize } : {}) };
    if (r.device === 'webgpu') continue;
    r.matmulGflop = bertMatmulGflop(model, engineShapes(encoder, benchInput(r.passages), measure));
  }
}
