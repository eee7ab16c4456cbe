import type { Device, Dtype } from '../worker/api';

const DEVICES: readonly Device[] = ['webgpu', 'wasm'];
const DTYPES: readonly Dtype[] = ['fp32', 'fp16', 'q8', 'q4', 'q4f16'];

export interface UrlState {
  model?: string;
  device?: Device;
  dtype?: Dtype;
  query?: string;
}

/** `?model=`, `?device=`, `?dtype=` and `?q=`; unknown values are ignored rather than guessed at. */
export function readUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const model = params.get('model') ?? undefined;
  const device = DEVICES.find((d) => d === params.get('device'));
  const dtype = DTYPES.find((d) => d === params.get('dtype'));
  const query = params.get('q') ?? undefined;
  return {
    ...(model ? { model } : {}),
    ...(device ? { device } : {}),
    ...(dtype ? { dtype } : {}),
    ...(query ? { query } : {}),
  };
}

/** A link that reopens this model, device and query. Passages stay out: they may be private and are often long. */
export function shareUrl(base: string, state: UrlState): string {
  const url = new URL(base);
  url.search = '';
  if (state.model) url.searchParams.set('model', state.model);
  if (state.device) url.searchParams.set('device', state.device);
  if (state.dtype) url.searchParams.set('dtype', state.dtype);
  if (state.query) url.searchParams.set('q', state.query);
  return url.href;
}
