import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { ortRuntime } from './scripts/vite/ort-runtime.ts';
import { serveFolder } from './scripts/vite/serve-folder.ts';

/**
 * Cross-origin isolation gives the WASM backend SharedArrayBuffer, hence threads.
 * `credentialless` rather than `require-corp`, so that hub downloads need no CORP header.
 */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

/** Generated test models (`npm run fixtures`) are served by the dev and preview servers only, never built in. */
function testModels(): Plugin {
  const handler = serveFolder('/models/test/', 'test-models');
  return {
    name: 'test-models',
    configureServer: (server) => void server.middlewares.use(handler),
    configurePreviewServer: (server) => void server.middlewares.use(handler),
  };
}

export default defineConfig({
  plugins: [react(), ortRuntime(), testModels()],
  server: { headers: isolation, port: 5173 },
  preview: { headers: isolation, port: 4173 },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
});
