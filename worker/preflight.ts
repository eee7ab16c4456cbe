import type { Device } from './api';

/**
 * What a load needs and what this browser offers, in bytes: every number comes from the model's
 * own files (config.json, the graph's initializers, the sizes the server gives) or from the
 * browser (adapter limits, `navigator.storage.estimate()`), never from a preset.
 */
export interface LoadNeeds {
  device: Device;
  /** The largest single tensor, and what it is, for the message. */
  largestTensor: { bytes: number; what: string } | null;
  /** The graph file and, separately, its external-data chunks. */
  graphBytes: number;
  externalDataBytes: number;
  /** Bytes still to download; files already in the Cache API count nothing, nor do files whose size the server hides. */
  downloadBytes: number;
}

export interface BrowserLimits {
  adapter?: { maxBufferSize: number; maxStorageBufferBindingSize: number };
  /** `navigator.storage.estimate()`, or null when the files are not stored (same-origin and local models). */
  storage: { quota: number; usage: number } | null;
}

/**
 * wasm32's address space. ONNX Runtime Web's builds are 32-bit, so everything a session keeps
 * in WebAssembly memory shares these 4 GiB.
 */
export const WASM_MEMORY_BYTES = 4 * 2 ** 30;

/**
 * The bytes a session keeps in WebAssembly memory while it is created. ONNX Runtime copies the
 * graph file into the heap and builds the initializers stored inside it beside that copy, so the
 * graph counts twice. External data is mounted as JavaScript arrays and copied, initializer by
 * initializer, to where its execution provider wants it: the heap on WASM, GPU buffers on
 * WebGPU (read in ort-wasm-simd-threaded.asyncify.mjs: the external-data loader's target 0
 * is the heap, 1 a WebGPU upload), so it counts on WASM only.
 */
export function wasmHeapBytes(needs: Pick<LoadNeeds, 'device' | 'graphBytes' | 'externalDataBytes'>): number {
  return 2 * needs.graphBytes + (needs.device === 'wasm' ? needs.externalDataBytes : 0);
}

/** 322 KiB, 788 MiB, 1.47 GiB: binary units, since the limits they are compared with are powers of two. */
export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
  return bytes >= 2 ** 20 ? `${Math.round(bytes / 2 ** 20)} MiB` : `${Math.ceil(bytes / 2 ** 10)} KiB`;
}

/** One reason this browser cannot hold the load, and what would get round it. */
export interface Shortfall {
  /** `webgpu` and `wasm` shortfalls may vanish on the other device; `storage` ones do not. */
  kind: 'webgpu' | 'wasm' | 'storage';
  clause: string;
  wayOut: string;
}

/** Every reason the load cannot fit, in the order a user would fix them; empty when it fits. */
export function shortfalls(needs: LoadNeeds, limits: BrowserLimits): Shortfall[] {
  const found: Shortfall[] = [];
  const { adapter, storage } = limits;
  const tensor = needs.largestTensor;
  if (needs.device === 'webgpu' && adapter && tensor) {
    const limit = Math.min(adapter.maxBufferSize, adapter.maxStorageBufferBindingSize);
    if (tensor.bytes > limit) {
      found.push({
        kind: 'webgpu',
        clause:
          `on WebGPU its largest tensor (${tensor.what}) needs a ${formatBytes(tensor.bytes)} buffer, but this adapter allows ` +
          `${formatBytes(limit)} (maxBufferSize ${formatBytes(adapter.maxBufferSize)}, maxStorageBufferBindingSize ${formatBytes(adapter.maxStorageBufferBindingSize)})`,
        wayOut: 'load it on WASM, or an export whose embedding is smaller (q4f16 on an adapter with shader-f16)',
      });
    }
  }
  const heap = wasmHeapBytes(needs);
  if (heap > WASM_MEMORY_BYTES) {
    found.push({
      kind: 'wasm',
      clause: `on ${needs.device === 'wasm' ? 'WASM' : 'WebGPU'} it needs ${formatBytes(heap)} of WebAssembly memory, more than the ${formatBytes(WASM_MEMORY_BYTES)} that 32-bit WebAssembly can address`,
      wayOut: needs.device === 'wasm' ? 'load it on WebGPU, or pick a smaller dtype or model' : 'pick a smaller dtype or model',
    });
  }
  if (storage && needs.downloadBytes > 0) {
    const free = Math.max(0, storage.quota - storage.usage);
    if (needs.downloadBytes > free) {
      found.push({
        kind: 'storage',
        clause: `its ${formatBytes(needs.downloadBytes)} download does not fit the ${formatBytes(free)} of storage this site has free (quota ${formatBytes(storage.quota)}, ${formatBytes(storage.usage)} used)`,
        wayOut: 'delete cached models (Cached models, below the results) or other site data, or pick a smaller model',
      });
    }
  }
  return found;
}

const clauses = (found: readonly Shortfall[]) => found.map((s) => s.clause).join(', and ');

/** The one sentence a refused load ends with: every shortfall with its numbers, then every way out. `subject` names the model and dtype. */
export function refusal(subject: string, found: readonly Shortfall[]): string | null {
  if (found.length === 0) return null;
  const ways = [...new Set(found.map((s) => s.wayOut))];
  return `${subject} was not downloaded because ${clauses(found)}; ${ways.join(', or ')}.`;
}

/**
 * What a load whose sizes are hidden says instead of passing a file of unknown size as a few
 * bytes; null when every size is known.
 */
export function unchecked(subject: string, unsized: readonly string[]): string | null {
  if (unsized.length === 0) return null;
  return (
    `Could not check that ${subject} fits this browser before downloading it: ` +
    `the server does not let this page read the size of ${unsized.join(', ')} (it exposes no Content-Range).`
  );
}

/** Why a load that WebGPU cannot hold runs on WASM instead. */
export function wasmBecause(subject: string, found: readonly Shortfall[]): string {
  return `${subject} runs on WASM because ${clauses(found)}.`;
}
