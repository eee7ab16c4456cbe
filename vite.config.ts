import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { contentSecurityPolicy } from './scripts/vite/csp.ts';
import { offlineApp } from './scripts/vite/offline.ts';
import { ortRuntime } from './scripts/vite/ort-runtime.ts';
import { securityHeaders } from './scripts/vite/server-headers.ts';
import { testModels } from './scripts/vite/test-models.ts';

export default defineConfig({
  plugins: [react(), securityHeaders(), ortRuntime(), testModels(), contentSecurityPolicy(), offlineApp()],
  // Three pages, not a single-page app: `/search` opens search.html, an unknown path is a 404, not index.html.
  appType: 'mpa',
  server: { port: 5173 },
  preview: { port: 4173 },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // One page per entry; the worker chunk is shared by all three.
    rolldownOptions: { input: { main: 'index.html', search: 'search.html', eval: 'eval.html' } },
  },
});
