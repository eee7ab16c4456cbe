import { env } from '@huggingface/transformers';
import type { RuntimeFiles, RuntimeOptions, Span } from '../api';
import { epochNow as now } from '../progress';
import { startRuntime } from './runtime-start';
import { defaultWasmThreads } from './threads';

/** ONNX Runtime as transformers.js runs it in this worker: where its files are, its threads, and its one start. */
export class OnnxRuntime {
  threads: number;
  /** Why the start failed, once it has: no model can load in this worker then. */
  failure: { error: unknown } | null = null;
  /** The start, once begun: paths and threads are fixed from then on. */
  private started: Promise<Span> | null = null;

  constructor(runtimeFiles: RuntimeFiles) {
    const wasm = env.backends.onnx.wasm!;
    wasm.wasmPaths = { ...runtimeFiles };
    this.threads = defaultWasmThreads(navigator.hardwareConcurrency, globalThis.crossOriginIsolated);
    wasm.numThreads = this.threads;
    // The engine keeps the WASM in a cache of its own (runtime-binary.ts); transformers.js would
    // fetch a second copy into the models' cache.
    env.useWasmCache = false;
  }

  /** Starts ONNX Runtime once, with `options` if it has not started yet; a failure shows again when the load creates its session. */
  start(options: RuntimeOptions): Promise<Span> {
    if (!this.started) {
      const wasm = env.backends.onnx.wasm!;
      if (options.runtimeFiles) wasm.wasmPaths = { ...options.runtimeFiles };
      if (options.wasmThreads && globalThis.crossOriginIsolated) {
        this.threads = Math.max(1, Math.floor(options.wasmThreads));
        wasm.numThreads = this.threads;
      }
      const start = now();
      this.started = startRuntime().then(() => ({ start, end: now() }));
      this.started.catch((error: unknown) => (this.failure = { error }));
    }
    return this.started;
  }

  /** Fault injection for tests: destroys the WebGPU device the runtime uses. */
  async loseGpuDevice(): Promise<boolean> {
    const device = await (env.backends.onnx.webgpu as { device?: Promise<{ destroy(): void }> } | undefined)?.device;
    device?.destroy();
    return Boolean(device);
  }
}
