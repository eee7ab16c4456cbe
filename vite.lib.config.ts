import { defineConfig, type Plugin } from 'vite';
import { ortRuntime } from './scripts/vite/ort-runtime.ts';

/**
 * Vite writes `new URL(x, "" + import.meta.url)`, which a host's bundler does not
 * recognise; the plain `new URL(x, import.meta.url)` makes Vite, webpack 5 and Rollup
 * plugins re-emit the worker and ONNX Runtime's files when they bundle this library.
 * The worker itself is built by vite.lib-worker.config.ts.
 */
function plainImportMetaUrl(): Plugin {
  return {
    name: 'plain-import-meta-url',
    renderChunk: (code) => ({
      code: code.replaceAll('"" + import.meta.url', 'import.meta.url').replaceAll('/* @vite-ignore */', ''),
      map: null,
    }),
  };
}

/**
 * The embeddable build: ESM entries for the client, the React hook and the adapters, the worker
 * as its own chunk, ONNX Runtime beside them. `testing` runs in Node, in the embedder's Playwright suite.
 */
export default defineConfig({
  plugins: [ortRuntime(), plainImportMetaUrl()],
  publicDir: false,
  build: {
    outDir: 'dist-lib',
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: {
        index: 'lib/index.ts',
        react: 'lib/react.ts',
        'ai-sdk': 'lib/ai-sdk.ts',
        langchain: 'lib/langchain.ts',
        testing: 'lib/testing.ts',
      },
      formats: ['es'],
    },
    // The adapters' frameworks and Node's modules are the host's, as optional peers.
    rollupOptions: { external: ['react', 'react/jsx-runtime', 'react-dom', /^@langchain\/core\//, /^node:/] },
  },
});
