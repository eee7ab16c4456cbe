import { defineConfig } from 'vite';
import { ORT_EXTERN_WASM_CONDITION } from './scripts/vite/ort-runtime.ts';
import { defaultClientConditions } from 'vite';

/** The library's worker as one self-contained module, `dist-lib/reranker.worker.js`. */
export default defineConfig({
  publicDir: false,
  resolve: { conditions: [ORT_EXTERN_WASM_CONDITION, ...defaultClientConditions] },
  build: {
    outDir: 'dist-lib',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: 'worker/reranker.worker.ts',
      output: { format: 'es', entryFileNames: 'reranker.worker.js', inlineDynamicImports: true },
    },
  },
});
