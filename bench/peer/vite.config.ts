/**
 * The peer page's build (bench only): into `peer/` of the bench's app build, so the same
 * preview server (cross-origin isolated, `/ort/`, `/models/test/`) serves both.
 */
import { defaultClientConditions, defineConfig } from 'vite';
import { ORT_EXTERN_WASM_CONDITION } from '../../scripts/vite/ort-runtime.ts';

export default defineConfig({
  root: import.meta.dirname,
  base: '/peer/',
  logLevel: 'warn',
  // ONNX Runtime's wasm is the app's copy at /ort/, as the peer page sets wasmPaths.
  resolve: { conditions: [ORT_EXTERN_WASM_CONDITION, ...defaultClientConditions] },
  build: { target: 'es2022', emptyOutDir: true },
});
