// The very module transformers.js runs its sessions on (its web build imports this entry), so starting it here starts theirs.
import { InferenceSession, env } from 'onnxruntime-web/webgpu';
import { errorMessage } from './errors';
import { dropRuntimeBinary, runtimeBinary } from './runtime-binary';

/**
 * A 65-byte ONNX model, `y = Identity(x)` over float32[1] (opset 13), encoded with onnx-proto.
 * Creating a session on it is the cheapest way to make ONNX Runtime fetch and compile its WASM
 * and start its threads, which it otherwise does only once the model's graph has downloaded.
 */
export const IDENTITY_MODEL = Uint8Array.from(
  atob('CAg6NwoQCgF4EgF5IghJZGVudGl0eRIBZ1oPCgF4EgoKCAgBEgQKAggBYg8KAXkSCgoICAESBAoCCAFCBAoAEA0='),
  (c) => c.charCodeAt(0),
);

/** Settles once ONNX Runtime has started (or failed to): until then no other session is created. */
let started: Promise<unknown> = Promise.resolve();

// ONNX Runtime starts on whichever session is created first, and a small model's graph can arrive
// before the runtime's bytes. Two sessions created at once also clash: one that finishes first
// unmounts the external data the other is still reading ("Module.MountedFiles is not available").
// So every other session, transformers.js's included, waits until the start is over.
const create = InferenceSession.create.bind(InferenceSession);
InferenceSession.create = (async (...args: Parameters<typeof create>) => {
  await started;
  return create(...args);
}) as typeof InferenceSession.create;

/**
 * Compiles and starts ONNX Runtime with whatever `env.backends.onnx.wasm` holds now (paths,
 * threads), from the cached copy of its WASM when there is one (runtime-binary.ts). ONNX Runtime
 * keeps the bytes it was given for as long as the worker lives.
 */
export function startRuntime(): Promise<void> {
  const run = (async () => {
    const wasm = env.wasm;
    const path = typeof wasm.wasmPaths === 'object' ? wasm.wasmPaths.wasm : undefined;
    const url = path === undefined ? null : new URL(String(path), globalThis.location.href).href;
    const version = env.versions.web ?? env.versions.common;
    const binary = url ? await runtimeBinary(url, version) : null;
    if (binary) wasm.wasmBinary = binary.bytes;
    try {
      const session = await create(IDENTITY_MODEL, { executionProviders: ['wasm'] });
      await session.release();
    } catch (error) {
      // ONNX Runtime starts once per worker; the next page must not be handed the same bytes.
      if (url && binary?.cached) await dropRuntimeBinary(url, version);
      const reason = errorMessage(error).replace(/\.?\s*$/, '.');
      throw new Error(`ONNX Runtime could not start${url ? ` from ${url}` : ''}: ${reason}`, { cause: error });
    }
  })();
  started = run.catch(() => undefined);
  return run;
}
