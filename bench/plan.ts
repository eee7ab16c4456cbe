/** Which groups and rows a run measures, by flag: `--quick` keeps the fewest, `--full` adds what is otherwise estimated or skipped. */
import { cpus } from 'node:os';
import type { Group, Measure } from './rows';

export interface PlanOptions {
  quick: boolean;
  full: boolean;
  webgpuPassages: number;
  webgpu: boolean;
  /** CPU-profile one extra run of the group. */
  profile: boolean;
}

/** No native replay (onnxruntime-node stands for the CPU, not the GPU), and a one-passage warm-up: SwiftShader scores ~0.1 passages/s. */
function webgpuGroup(base: Pick<Group, 'model' | 'family'>, label: string, runs: Measure[]): Group {
  return { ...base, label, device: 'webgpu', dtype: 'fp32', native: false, warm: 1, runs };
}

export function bertGroups(model: string, opts: PlanOptions): Group[] {
  const base = { model, family: 'cross-encoder' as const, native: true, warm: 64 };
  const profile: Measure | undefined = opts.profile ? { batching: 'dynamic', passages: 100 } : undefined;
  const groups: Group[] = [
    {
      ...base,
      label: 'BERT WASM fp32',
      device: 'wasm',
      dtype: 'fp32',
      // Seed-style last: WASM memory never shrinks, so the rows after it would inherit its peak.
      runs: [
        { batching: 'dynamic', passages: 100, repeat: 2 },
        ...(opts.quick
          ? []
          : [
              // The engine's earlier default (≤64 rows per batch) against today's (≤8 on WASM), and what a
              // 2-row first batch would do to the time to first result.
              { batching: 'dynamic', passages: 100, batchSize: 64, repeat: 2 } as Measure,
              { batching: 'dynamic', passages: 100, batchSize: 2, browserOnly: true } as Measure,
              { batching: 'dynamic', passages: 1000 } as Measure,
            ]),
        { batching: 'fixed', passages: 100 },
        ...(opts.full ? [{ batching: 'fixed', passages: 1000 } as Measure] : []),
      ],
      ...(profile ? { profile } : {}),
      ...(opts.quick ? {} : { wasmInNode: [{ batching: 'dynamic', passages: 100 } as Measure] }),
    },
    ...(['q8', 'q4'] as const).map((dtype): Group => ({
      ...base,
      label: `BERT WASM ${dtype}`,
      device: 'wasm',
      dtype,
      runs: [{ batching: 'dynamic', passages: 100 }, ...(opts.full ? [{ batching: 'dynamic', passages: 1000 } as Measure] : [])],
      ...(opts.quick ? {} : { wasmInNode: [{ batching: 'dynamic', passages: 100 } as Measure] }),
    })),
  ];
  if (!opts.quick) {
    // The other thread count than the engine's default on this machine (cores − 1): both cores.
    groups.push({
      ...base,
      label: 'BERT WASM fp32, all cores',
      device: 'wasm',
      dtype: 'fp32',
      wasmThreads: Math.min(4, cpus().length),
      runs: [{ batching: 'dynamic', passages: 100 }],
    });
  }
  if (opts.webgpu) {
    groups.push(
      webgpuGroup(base, 'BERT WebGPU fp32', [
        { batching: 'dynamic', passages: opts.webgpuPassages },
        ...(opts.quick ? [] : [{ batching: 'fixed', passages: opts.webgpuPassages } as Measure]),
        ...(opts.full ? [{ batching: 'dynamic', passages: 100 } as Measure] : []),
      ]),
    );
  }
  return groups;
}

export function llamaGroups(model: string, opts: PlanOptions): Group[] {
  const base = { model, family: 'llama-seq-cls' as const, native: true, warm: 64 };
  const wasmRuns: Measure[] = [
    { batching: 'dynamic', passages: 100 },
    ...(opts.quick ? [] : [{ batching: 'fixed', passages: 100 } as Measure]),
    ...(opts.full ? [{ batching: 'dynamic', passages: 1000 } as Measure] : []),
  ];
  const groups: Group[] = [
    // No profile by default (the BERT one tells the same story); --profile-llama adds it.
    {
      ...base,
      label: 'Llama WASM fp32',
      device: 'wasm',
      dtype: 'fp32',
      runs: wasmRuns,
      ...(opts.profile ? { profile: { batching: 'dynamic', passages: 100 } as Measure } : {}),
    },
    { ...base, label: 'Llama WASM q4', device: 'wasm', dtype: 'q4', runs: [{ batching: 'dynamic', passages: 100 }] },
  ];
  if (opts.webgpu) {
    // No fixed row: two pairs padded to 228 take the better part of a minute on SwiftShader; the WASM rows show what padding costs.
    groups.push(webgpuGroup(base, 'Llama WebGPU fp32', [{ batching: 'dynamic', passages: opts.webgpuPassages }]));
  }
  return groups;
}

/**
 * `--only=threads`: the MiniLM preset's WASM dtype (q8) at 1 to 4 threads (the e2e build's
 * `?threads=`, so the count is set before the app starts ONNX Runtime). On a 2-core
 * machine, 3 and 4 are what the default gives where a browser reports 4 and 8 cores.
 */
export function threadGroups(model: string): Group[] {
  return [1, 2, 3, 4].map((threads) => ({
    label: `BERT WASM q8, ${threads} threads`,
    model,
    family: 'cross-encoder' as const,
    device: 'wasm' as const,
    dtype: 'q8' as const,
    wasmThreads: threads,
    native: false,
    warm: 64,
    runs: [{ batching: 'dynamic', passages: 100, repeat: 2 }],
  }));
}
