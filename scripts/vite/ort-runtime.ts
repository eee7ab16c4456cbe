import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defaultClientConditions, type Plugin } from 'vite';
import { serveFolder } from './serve-folder.ts';

/** The ONNX Runtime build transformers.js uses for both WebGPU and WASM. */
export const ORT_FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];

/** The `dist` folder of the onnxruntime-web that transformers.js itself resolves, whatever npm hoisted. */
export function ortDistDir(): string {
  const fromTransformers = createRequire(createRequire(import.meta.url).resolve('@huggingface/transformers'));
  // The package's exports hide package.json, so walk up from its entry point.
  let dir = path.dirname(fromTransformers.resolve('onnxruntime-web'));
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return path.join(dir, 'dist');
}

/**
 * The build-time constant the worker checks the cached runtime against (worker/runtime/runtime-binary.ts):
 * the SHA-256 of the WASM this build emits, for every bundle that holds the worker.
 */
export function ortWasmDefine(): Record<string, string> {
  const wasm = readFileSync(path.join(ortDistDir(), 'ort-wasm-simd-threaded.asyncify.wasm'));
  return { __ORT_WASM_SHA256__: JSON.stringify(createHash('sha256').update(wasm).digest('hex')) };
}

/**
 * ONNX Runtime's export condition for builds whose host supplies the wasm itself: without
 * it, the bundle holds `new URL('…wasm', import.meta.url)`, which Vite copies (27 MB,
 * hashed) or, in library mode, inlines as base64 into the worker.
 */
export const ORT_EXTERN_WASM_CONDITION = 'onnxruntime-web-use-extern-wasm';

/** Serves ONNX Runtime's files from this origin in dev and emits them into the build, so nothing is fetched from a CDN. */
export function ortRuntime(): Plugin {
  const dist = ortDistDir();
  return {
    name: 'ort-runtime',
    config: () => ({ define: ortWasmDefine(), resolve: { conditions: [ORT_EXTERN_WASM_CONDITION, ...defaultClientConditions] } }),
    configureServer(server) {
      server.middlewares.use(serveFolder('/ort/', dist));
    },
    generateBundle() {
      for (const file of ORT_FILES) {
        this.emitFile({ type: 'asset', fileName: `ort/${file}`, source: readFileSync(path.join(dist, file)) });
      }
    },
  };
}
