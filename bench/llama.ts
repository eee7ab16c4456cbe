/** The Llama rows of `npm run bench` (see llama-model.ts for the model). */
import { LLAMA_MODEL, ensureLlamaModel } from './llama-model';
import type { GeneratedFolder } from './models';
import type { Group, Measure } from './run';

export async function llamaGroups(opts: { quick: boolean; full: boolean; webgpuPassages: number; profile: boolean; webgpu: boolean }): Promise<{ folder: GeneratedFolder; groups: Group[] }> {
  const folder = await ensureLlamaModel();
  const base = { model: LLAMA_MODEL, family: 'llama-seq-cls' as const, native: true, warm: 64 };
  const wasmRuns: Measure[] = [
    { batching: 'dynamic', passages: 100 },
    ...(opts.quick ? [] : [{ batching: 'fixed', passages: 100 } as Measure]),
    ...(opts.full ? [{ batching: 'dynamic', passages: 1000 } as Measure] : []),
  ];
  const groups: Group[] = [
    // No profile here by default (the BERT one tells the same story); --profile-llama adds it.
    { ...base, label: 'Llama WASM fp32', device: 'wasm', dtype: 'fp32', runs: wasmRuns, ...(opts.profile ? { profile: { batching: 'dynamic', passages: 100 } as Measure } : {}) },
    { ...base, label: 'Llama WASM q4', device: 'wasm', dtype: 'q4', runs: [{ batching: 'dynamic', passages: 100 }] },
  ];
  if (opts.webgpu) {
    groups.push({
      ...base,
      label: 'Llama WebGPU fp32',
      device: 'webgpu',
      dtype: 'fp32',
      native: false,
      warm: 1,
      // No fixed row: two pairs padded to 228 take the better part of a minute on SwiftShader; the WASM rows show what padding costs.
      runs: [{ batching: 'dynamic', passages: opts.webgpuPassages }],
    });
  }
  return { folder, groups };
}
