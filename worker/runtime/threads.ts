/**
 * The default number of WASM threads, for the page (which knows what the browser reports, or what
 * a test emulates) and the worker alike. Threads need SharedArrayBuffer, which only a
 * cross-origin-isolated page has. A thread per core, at most four: on the quiet 2-core machine two
 * threads scored 1.62× as fast as one and the page kept its tasks short (bench/README.md,
 * "Threads"); more threads than cores were slower.
 */
export function defaultWasmThreads(cores: number, crossOriginIsolated: boolean): number {
  if (!crossOriginIsolated) return 1;
  return Math.max(1, Math.min(4, cores || 1));
}
