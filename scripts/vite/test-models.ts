import type { Plugin } from 'vite';
import { serveFolder } from './serve-folder.ts';

/** Generated test models (`npm run fixtures`) are served by the dev and preview servers only, never built in. */
export function testModels(folder = 'test-models'): Plugin {
  const handler = serveFolder('/models/test/', folder);
  return {
    name: 'test-models',
    configureServer: (server) => void server.middlewares.use(handler),
    configurePreviewServer: (server) => void server.middlewares.use(handler),
  };
}
