import type { Device, Dtype, WorkerLoadOptions } from './api';
import type { DeviceProbe } from './device';
import { ModelTooLargeError } from './errors';
import { loadNeeds, storageLimits, type SizeConfig, type WeightFile } from './load-needs';
import { refusal, shortfalls, unchecked, wasmBecause, type BrowserLimits, type Shortfall } from './preflight';
import type { ModelSource } from './resolve-model';

export interface LoadPlan {
  device: Device;
  dtype: Dtype;
  /** The files the weights come in, with their sizes: progress knows every chunk's total from the start. */
  files: WeightFile[];
  /** Why the load is on WASM although WebGPU was available. */
  fallbackReason?: string;
  /** What the preflight could not check, when the server hides some sizes. */
  unchecked?: string;
  /** Why WASM could not take over from a WebGPU that fails later, or null when it could. */
  refusalOnWasm(): Promise<string | null>;
}

interface Checked {
  device: Device;
  dtype: Dtype;
  files: WeightFile[];
  found: Shortfall[];
}

const subject = (label: string, checked: readonly Checked[]) => `${label} (${[...new Set(checked.map((c) => c.dtype))].join(' or ')})`;
/** Both devices' shortfalls, a storage one said once. */
const sentence = (label: string, checked: readonly Checked[]) =>
  refusal(subject(label, checked), [...new Map(checked.flatMap((c) => c.found).map((s) => [s.clause, s])).values()]);

/**
 * The device and dtype to load, decided before any weight is requested: the probe's device if the
 * model fits there, WASM if only WebGPU's buffer limit is in the way and the caller did not force
 * WebGPU, and otherwise a `ModelTooLargeError` naming every number that does not fit.
 */
export async function planLoad(
  label: string,
  source: ModelSource,
  config: SizeConfig,
  probe: DeviceProbe,
  options: Pick<WorkerLoadOptions, 'device' | 'dtype' | 'fallbackReason'>,
  pickDtype: (device: Device) => Promise<Dtype>,
): Promise<LoadPlan> {
  const limits: BrowserLimits = { storage: await storageLimits(source), ...(probe.adapter ? { adapter: probe.adapter } : {}) };
  const check = async (device: Device): Promise<Checked> => {
    const dtype = options.dtype ?? (await pickDtype(device));
    const { needs, files } = await loadNeeds(source, config, device, dtype);
    return { device, dtype, files, found: shortfalls(needs, limits) };
  };
  let onWasm: Promise<Checked> | null = null;
  const wasm = () => (onWasm ??= check('wasm'));
  const refusalOnWasm = async () => {
    const checked = await wasm();
    return checked.found.length ? sentence(label, [checked]) : null;
  };

  const first = await check(probe.device);
  const reason = options.fallbackReason || probe.reason;
  const plan = (c: Checked, fallbackReason?: string): LoadPlan => {
    const unsized = unchecked(
      subject(label, [c]),
      c.files.filter((f) => f.size === null && !f.cached).map((f) => f.file),
    );
    return {
      device: c.device,
      dtype: c.dtype,
      files: c.files,
      refusalOnWasm,
      ...(fallbackReason && c.device === 'wasm' ? { fallbackReason } : {}),
      ...(unsized ? { unchecked: unsized } : {}),
    };
  };
  if (first.found.length === 0) return plan(first, reason);
  const gpuOnly = first.device === 'webgpu' && options.device !== 'webgpu' && first.found.every((s) => s.kind === 'webgpu');
  if (!gpuOnly) throw new ModelTooLargeError(sentence(label, [first])!);
  const second = await wasm();
  if (second.found.length) throw new ModelTooLargeError(sentence(label, [first, second])!);
  return plan(second, wasmBecause(subject(label, [first]), first.found));
}
