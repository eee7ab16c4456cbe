// The very module transformers.js runs its sessions on (its web build imports this entry), so starting it here starts theirs.
import { InferenceSession, env } from 'onnxruntime-web/webgpu';
import { errorMessage } from '../errors';
import { runtimeBinary } from './runtime-binary';
import { DeadlineError, runtimeStartDeadlineMs, startDeadlineMessage, withDeadline } from './runtime-deadline';

/** The SHA-256 of the WASM this build ships, recorded by scripts/vite/ort-runtime.ts. */
declare const __ORT_WASM_SHA256__: string;

/**
 * A 65-byte ONNX model, `y = Identity(x)` over float32[1] (opset 13), encoded with onnx-proto.
 * Creating a session on it is the cheapest way to make ONNX Runtime fetch and compile its WASM
 * and start its threads, which it otherwise does only once the model's graph has downloaded.
 */
export const IDENTITY_MODEL = Uint8Array.from(
  atob('CAg6NwoQCgF4EgF5IghJZGVudGl0eRIBZ1oPCgF4EgoKCAgBEgQKAggBYg8KAXkSCgoICAESBAoCCAFCBAoAEA0='),
  (c) => c.charCodeAt(0),
);

/** Settles once ONNX Runtime has started (with null) or failed to (with why): until then no other session is created. */
let started: Promise<unknown> = Promise.resolve(null);

// ONNX Runtime starts on whichever session is created first, and a small model's graph can arrive
// before the runtime's bytes. Two sessions created at once also clash: one that finishes first
// unmounts the external data the other is still reading ("Module.MountedFiles is not available").
// So every other session, transformers.js's included, waits until the start is over.
const create = InferenceSession.create.bind(InferenceSession);
InferenceSession.create = (async (...args: Parameters<typeof create>) => {
  // A start that missed its deadline may never settle inside ONNX Runtime: a new session would wait on it for good.
  const failure = await started;
  if (failure) throw failure;
  return create(...args);
}) as typeof InferenceSession.create;

/**
 * Compiles and starts ONNX Runtime with whatever `env.backends.onnx.wasm` holds now (paths,
 * threads), from the checked copy of its WASM (runtime-binary.ts). ONNX Runtime keeps the bytes
 * it was given for as long as the worker lives. With the bytes in hand the start has a deadline
 * (runtime-deadline.ts); without them (no Cache API) ONNX Runtime downloads the file itself, for
 * as long as the network takes.
 */
export function startRuntime(): Promise<void> {
  const run = (async () => {
    const wasm = env.wasm;
    const path = typeof wasm.wasmPaths === 'object' ? wasm.wasmPaths.wasm : undefined;
    const url = path === undefined ? null : new URL(String(path), globalThis.location.href).href;
    const version = env.versions.web ?? env.versions.common;
    try {
      const binary = url ? await runtimeBinary(url, version, __ORT_WASM_SHA256__) : null;
      if (binary) wasm.wasmBinary = binary;
      const creating = create(IDENTITY_MODEL, { executionProviders: ['wasm'] });
      const deadline = runtimeStartDeadlineMs();
      const session = await (binary ? withDeadline(creating, deadline, startDeadlineMessage(deadline)) : creating);
      await session.release();
    } catch (error) {
      if (error instanceof DeadlineError) throw error;
      const reason = errorMessage(error).replace(/\.?\s*$/, '.');
      throw new Error(`ONNX Runtime could not start${url ? ` from ${url}` : ''}: ${reason}`, { cause: error });
    }
  })();
  started = run.then(
    () => null,
    (error: unknown) => error,
  );
  return run;
}
