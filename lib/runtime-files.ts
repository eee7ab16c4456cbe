import type { RuntimeFiles } from '../worker/api';

const MJS = 'ort-wasm-simd-threaded.asyncify.mjs';
const WASM = 'ort-wasm-simd-threaded.asyncify.wasm';

/**
 * Where ONNX Runtime's files are. By default, the copies shipped beside this library:
 * the literal `new URL('./ort/…', import.meta.url)` lets the host's bundler (Vite,
 * webpack 5, Rollup) find and emit them, so no CDN is involved.
 */
export function runtimeFiles(assetsBaseUrl?: string): RuntimeFiles {
  if (assetsBaseUrl) {
    const base = new URL(assetsBaseUrl.endsWith('/') ? assetsBaseUrl : `${assetsBaseUrl}/`, globalThis.location?.href);
    return { mjs: new URL(MJS, base).href, wasm: new URL(WASM, base).href };
  }
  // The ignore comments keep builds from source (this repo's app) from looking for lib/ort/; vite.lib.config.ts strips them, so hosts' bundlers see the plain pattern.
  return {
    mjs: new URL(/* @vite-ignore */ './ort/ort-wasm-simd-threaded.asyncify.mjs', import.meta.url).href,
    wasm: new URL(/* @vite-ignore */ './ort/ort-wasm-simd-threaded.asyncify.wasm', import.meta.url).href,
  };
}
