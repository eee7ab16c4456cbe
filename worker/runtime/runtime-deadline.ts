/**
 * How long ONNX Runtime may take to start once its WASM is in hand: compiling it and starting
 * its thread workers. On the shared 2-core machine at a load average of ~12 that took 13.6-22.5 s
 * (WASM and WebGPU loads, cold and warm; docs/design.md); a quiet one takes ~1 s. A start still
 * running after four times the worst of those never ends: a thread worker refused for want of
 * isolation headers, say, leaves ONNX Runtime waiting on it with no error.
 */
export const RUNTIME_START_DEADLINE_MS = 90_000;

/**
 * The deadline in effect. In the e2e build only, a spec may shorten it by defining
 * `__runtimeStartDeadlineMs` in the worker's scope (it prepends the line to the worker's script),
 * so that its hang does not take a minute; a production build ignores the global.
 */
export function runtimeStartDeadlineMs(): number {
  const hook = import.meta.env.MODE === 'e2e' ? (globalThis as { __runtimeStartDeadlineMs?: unknown }).__runtimeStartDeadlineMs : undefined;
  return typeof hook === 'number' && hook > 0 ? hook : RUNTIME_START_DEADLINE_MS;
}

/** The sentence a start past its deadline ends with: what did not start, and the likely cause. */
export function startDeadlineMessage(ms: number): string {
  return (
    `ONNX Runtime did not start within ${Math.round(ms / 1000)} s: its thread workers may be blocked. ` +
    'The page and every script that can start as a worker (ONNX Runtime’s ort-wasm-simd-threaded.asyncify.mjs among them) ' +
    'must be served with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: credentialless (or require-corp).'
  );
}

/** What `withDeadline` rejects with: its message is the whole sentence, not a reason to wrap. */
export class DeadlineError extends Error {}

/** `work`, or a `DeadlineError` with `message` if it has not settled within `ms`. */
export function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(message)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
