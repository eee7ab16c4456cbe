import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { contentSecurityPolicy } from './scripts/vite/csp.ts';
import { offlineApp } from './scripts/vite/offline.ts';
import { ortRuntime } from './scripts/vite/ort-runtime.ts';
import { ISOLATION_HEADERS, testModels } from './scripts/vite/test-models.ts';

export default defineConfig({
  plugins: [react(), ortRuntime(), testModels(), contentSecurityPolicy(), offlineApp()],
  server: { headers: ISOLATION_HEADERS, port: 5173 },
  preview: { headers: ISOLATION_HEADERS, port: 4173 },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // One page per entry; the worker chunk is shared by all three.
    rolldownOptions: { input: { main: 'index.html', search: 'search.html', eval: 'eval.html' } },
  },
});
