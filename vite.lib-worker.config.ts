import { defineConfig, type Plugin } from 'vite';
import { ORT_EXTERN_WASM_CONDITION, ortWasmDefine } from './scripts/vite/ort-runtime.ts';
import { defaultClientConditions } from 'vite';

/**
 * A host's bundler re-bundles this worker, so the build keeps what ONNX Runtime's own code
 * relies on. In a module worker `import.meta.url` is `self.location.href`, and spelled that way
 * webpack cannot replace it with the build machine's `file://` path, nor take ONNX Runtime's
 * `new URL('ort.webgpu.min.mjs', import.meta.url)` (a path only used under Node) for an asset it
 * must find. Dynamic imports load ONNX Runtime's loader from a blob: URL at run time, so they
 * carry the ignore comments that minification dropped.
 */
function hostBundlerSafe(): Plugin {
  return {
    name: 'host-bundler-safe',
    // After minification, which would drop the comments again.
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        chunk.code = chunk.code
          .replaceAll('import.meta.url', 'self.location.href')
          .replace(/(?<![\w$.])import\(/g, 'import(/* webpackIgnore: true */ /* @vite-ignore */ ');
      }
    },
  };
}

/** The library's worker as one self-contained module, `dist-lib/reranker.worker.js`. */
export default defineConfig({
  plugins: [hostBundlerSafe()],
  publicDir: false,
  // The digest of the WASM vite.lib.config.ts copies to dist-lib/ort/, which this worker checks its cached copy against.
  define: ortWasmDefine(),
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
