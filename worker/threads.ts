/**
 * The default number of WASM threads, for the page (which knows what the browser reports, or what
 * a test emulates) and the worker alike. Threads need SharedArrayBuffer, which only a
 * cross-origin-isolated page has. One core stays with the page so scrolling and typing never wait
 * on scoring; past four, returns fall off.
 */
export function defaultWasmThreads(cores: number, crossOriginIsolated: boolean): number {
  if (!crossOriginIsolated) return 1;
  return Math.max(1, Math.min(4, (cores || 1) - 1));
}
