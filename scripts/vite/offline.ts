import type { Plugin, PluginOption } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { appIcons, ICON_SIZES, iconFile } from './app-icons.ts';

/** The favicon's darkest bar. */
const THEME_COLOR = '#2563eb';

/** The worker's script (vite-plugin-pwa's default name), at the root so that its scope is the whole app. */
const SERVICE_WORKER = '/sw.js';

/**
 * A worker that a build left on the dev server's origin (a preview once ran on that port)
 * would answer the dev server's pages from its cache. The browser checks the worker's script
 * on every visit; the dev server answers with this one, which takes over, deletes the app's
 * precache (not the models' cache), unregisters and reloads the pages it held.
 */
const RETIRING_WORKER = `self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) if (name.startsWith('workbox-precache')) await caches.delete(name);
  await self.registration.unregister();
  for (const client of await self.clients.matchAll({ type: 'window' })) client.navigate(client.url);
})()));
`;

function retireInDevServer(): Plugin {
  return {
    name: 'retire-service-worker',
    apply: 'serve',
    configureServer: (server) =>
      void server.middlewares.use(SERVICE_WORKER, (_req, res) => {
        res.setHeader('Content-Type', 'text/javascript');
        res.end(RETIRING_WORKER);
      }),
  };
}

/**
 * The app's service worker and web app manifest (docs/offline.md). Build only: in the dev
 * server the plugin's register module is a no-op, so no worker is installed there, and one
 * left by a build retires itself. The library build (vite.lib.config.ts) does not use this
 * plugin, and nothing in lib/ registers a worker.
 */
export function offlineApp(): PluginOption[] {
  return [
    appIcons(),
    retireInDevServer(),
    VitePWA({
      filename: SERVICE_WORKER.slice(1),
      // A new build waits until the user accepts the prompt (web/components/UpdatePrompt.tsx): a page never runs old and new files together.
      registerType: 'prompt',
      // The pages register it themselves through `virtual:pwa-register/react`; no inline script, which the page policy forbids.
      injectRegister: false,
      manifest: {
        name: 'Rerank in your browser',
        short_name: 'Rerank',
        description: 'Reorder passages by relevance to a query with a reranking model that runs entirely in this browser.',
        id: '/',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: THEME_COLOR,
        icons: ICON_SIZES.map((size) => ({ src: `/${iconFile(size)}`, sizes: `${size}x${size}`, type: 'image/png', purpose: 'any' })),
      },
      // The icons are emitted into the build (app-icons.ts), not kept in public/; the glob below finds them there.
      includeManifestIcons: false,
      workbox: {
        // The three pages, their chunks (the reranker worker among them), ONNX Runtime's loader under ort/, icons (the plugin
        // adds the manifest). Not source maps, and not ONNX Runtime's 27 MB wasm: the worker keeps that itself, once
        // (worker/runtime/runtime-binary.ts). Workbox's 2 MiB limit stays: an asset that large fails the build.
        globPatterns: ['**/*.{html,js,mjs,css,svg,png}'],
        // Every page keeps its state in the query string (?model=…, ?q=…): any query still opens the cached page.
        ignoreURLParametersMatching: [/./],
        // Three pages, not a single-page app: a path that is not one of them must not open index.html.
        navigateFallback: null,
      },
    }),
  ];
}
