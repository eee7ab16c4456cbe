// The very module transformers.js runs its sessions on (its web build imports this entry), so starting it here starts theirs.
import { InferenceSession } from 'onnxruntime-web/webgpu';

/**
 * A 65-byte ONNX model, `y = Identity(x)` over float32[1] (opset 13), encoded with onnx-proto.
 * Creating a session on it is the cheapest way to make ONNX Runtime fetch and compile its WASM
 * and start its threads, which it otherwise does only once the model's graph has downloaded.
 */
export const IDENTITY_MODEL = Uint8Array.from(
  atob('CAg6NwoQCgF4EgF5IghJZGVudGl0eRIBZ1oPCgF4EgoKCAgBEgQKAggBYg8KAXkSCgoICAESBAoCCAFCBAoAEA0='),
  (c) => c.charCodeAt(0),
);

/** Fetches and compiles ONNX Runtime with whatever `env.backends.onnx.wasm` holds now (paths, threads). */
export async function startRuntime(): Promise<void> {
  const session = await InferenceSession.create(IDENTITY_MODEL, { executionProviders: ['wasm'] });
  await session.release();
}
