import type { Device } from './api';

export interface AdapterReport {
  vendor: string;
  architecture: string;
  shaderF16: boolean;
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
}

export interface DeviceProbe {
  device: Device;
  adapter?: AdapterReport;
  /** Why WebGPU is not used, when it is not. */
  reason?: string;
}

// The worker's lib is `WebWorker`; WebGPU types are not part of it, so describe the little we read.
interface GpuAdapterLike {
  features: { has(name: string): boolean };
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
  info?: { vendor?: string; architecture?: string };
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

/** Asks for a WebGPU adapter; WASM is the answer, with a reason, whenever there is none or the caller forces it. */
export async function probeDevice(forced?: Device): Promise<DeviceProbe> {
  if (forced === 'wasm') return { device: 'wasm', reason: 'WASM was requested.' };
  const gpu = (navigator as Navigator & { gpu?: GpuLike }).gpu;
  if (!gpu) return { device: 'wasm', reason: 'This browser does not expose WebGPU (navigator.gpu is missing).' };
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { device: 'wasm', reason: `Requesting a WebGPU adapter failed: ${String(error)}` };
  }
  if (!adapter) return { device: 'wasm', reason: 'No WebGPU adapter is available on this machine.' };
  return {
    device: 'webgpu',
    adapter: {
      vendor: adapter.info?.vendor ?? '',
      architecture: adapter.info?.architecture ?? '',
      shaderF16: adapter.features.has('shader-f16'),
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    },
  };
}
