import type { Device, Dtype } from '../worker/api';

const DEVICES: readonly Device[] = ['webgpu', 'wasm'];
const DTYPES: readonly Dtype[] = ['fp32', 'fp16', 'q8', 'q4', 'q4f16'];

export interface UrlState {
  model?: string;
  device?: Device;
  dtype?: Dtype;
}

/** `?model=`, `?device=` and `?dtype=`; unknown values are ignored rather than guessed at. */
export function readUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const model = params.get('model') ?? undefined;
  const device = DEVICES.find((d) => d === params.get('device'));
  const dtype = DTYPES.find((d) => d === params.get('dtype'));
  return { ...(model ? { model } : {}), ...(device ? { device } : {}), ...(dtype ? { dtype } : {}) };
}
