import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { build, createServer, preview, type Plugin, type PreviewServer } from 'vite';
import { SPARE_PORT } from '../playwright.config';
import { DOCUMENT_HEADERS, WORKER_CONTENT_SECURITY_POLICY } from '../scripts/vite/csp';
import { ISOLATION_HEADERS } from '../scripts/vite/server-headers';
import { findPreset } from '../worker/registry';
import { expectedCases, expectedRanking, rerankInUi, waitForReady } from './helpers';
import { HUB_REPOS, SimulatedHub } from './simulated-hub';

// The one spec that lets the app's service worker run (playwright.config.ts blocks it elsewhere).
test.use({ serviceWorkers: 'allow' });

/** The built app on a server of this spec's own, so that the spec can stop it, or swap the build it serves. */
const ORIGIN = `http://localhost:${SPARE_PORT}`;
let server: PreviewServer | null = null;

async function serve(outDir: string): Promise<void> {
  server = await preview({
    configFile: 'vite.config.ts',
    logLevel: 'warn',
    build: { outDir },
    preview: { port: SPARE_PORT, strictPort: true },
  });
}

async function stopServer(): Promise<void> {
  await server?.close();
  server = null;
  // Nothing listens any more: a request from here is refused, as the browser's would be.
  await expect(fetch(ORIGIN)).rejects.toThrow();
}

test.afterEach(async () => {
  await server?.close();
  server = null;
});

/**
 * A preset from the (simulated) hub, as a user loads one: transformers.js keeps its files in
 * its own Cache Storage bucket. fp32 on WASM, whose scores match the reference to 1e-3.
 */
const preset = findPreset('ms-marco-minilm-l6')!;
const fixture = HUB_REPOS[preset.hubId!]!;
const PAGE = `/?${new URLSearchParams({ model: preset.id, device: 'wasm', dtype: 'fp32' })}`;

async function loadsAndReranks(page: Page): Promise<void> {
  await waitForReady(page);
  const c = expectedCases(fixture)[0]!;
  const logits = c.logits['fp32']!;
  const results = await rerankInUi(page, c.query, c.passages);
  expect(results.map((r) => r.index)).toEqual(expectedRanking(logits));
  for (const r of results) expect(Math.abs(r.score - logits[r.index]!), `passage ${r.index}`).toBeLessThan(1e-3);
}

/** Waits until the first visit's service worker has precached the app and is active. */
async function installed(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

/** A page opened now, at `url`: it must be the app, served by the service worker, and cross-origin isolated. */
async function reopen(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  // With nothing to answer it, this would fail with net::ERR_CONNECTION_REFUSED (Chromium's offline page).
  await page.goto(`${ORIGIN}${url}`);
  expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  return page;
}

test('after one visit, the app opens and reranks with the cached model with the server stopped and no network', async ({
  page,
  context,
}) => {
  const hub = await SimulatedHub.install(context);
  await serve('dist');
  await page.goto(`${ORIGIN}${PAGE}`);
  await loadsAndReranks(page);
  await installed(page);

  await stopServer();
  hub.unreachable = true;
  const before = hub.requests.length;

  const offline = await reopen(context, PAGE);
  await expect(offline.getByRole('heading', { level: 1 })).toHaveText('Rerank in your browser');
  await loadsAndReranks(offline);
  // The model came from transformers.js's cache: not even a try at the hub.
  expect(hub.requests.slice(before)).toEqual([]);
  await expect(offline.getByTestId('device-badge')).toHaveText('wasm');

  // The cached responses kept the headers the server sent: the worker's own policy, and the framing ban on documents.
  const headers = await offline.evaluate(async () => {
    const worker = performance.getEntriesByType('resource').find((e) => /\/assets\/reranker\.worker-[\w-]+\.js$/.test(e.name))!.name;
    const of = async (url: string) => Object.fromEntries((await fetch(url)).headers);
    return { worker: await of(worker), page: await of('/index.html') };
  });
  expect(headers.worker['content-security-policy']).toBe(WORKER_CONTENT_SECURITY_POLICY);
  for (const [name, value] of Object.entries({ ...ISOLATION_HEADERS, ...DOCUMENT_HEADERS }))
    expect(headers.page[name.toLowerCase()]).toBe(value);

  await expectInstallable(offline);
  for (const [url, heading] of [
    ['/search.html', 'Search, then rerank'],
    ['/eval.html', 'Evaluate a reranker on TREC-style data'],
  ] as const) {
    const other = await reopen(context, url);
    await expect(other.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expectInstallable(other);
  }
});

/**
 * What Chromium asks of an installable app: a linked manifest with a name, start URL,
 * standalone display and PNG icons of 192 and 512 pixels. The browser decodes each icon
 * (from the cache, here) and the test reads back the favicon's first bar at its centre.
 */
async function expectInstallable(page: Page): Promise<void> {
  const { manifest, icons } = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]')!;
    const manifest = (await (await fetch(link.href)).json()) as { icons: { src: string; sizes: string; type: string }[] };
    const icons = await Promise.all(
      manifest.icons.map(async (icon) => {
        const image = new Image();
        image.src = icon.src;
        await image.decode();
        const canvas = new OffscreenCanvas(image.naturalWidth, image.naturalHeight);
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        // The favicon's first bar spans x 0–16, y 1–5 of 16, drawn in the middle 60% of the icon.
        const at = (u: number, v: number) => [
          ...context.getImageData(
            Math.floor(image.naturalWidth * (0.2 + (0.6 * u) / 16)),
            Math.floor(image.naturalHeight * (0.2 + (0.6 * v) / 16)),
            1,
            1,
          ).data,
        ];
        return {
          sizes: icon.sizes,
          type: icon.type,
          width: image.naturalWidth,
          height: image.naturalHeight,
          bar: at(8, 3),
          corner: at(-4, -4),
        };
      }),
    );
    return { manifest, icons };
  });
  expect(manifest).toMatchObject({ name: 'Rerank in your browser', start_url: '/', display: 'standalone', theme_color: '#2563eb' });
  expect(icons.map((i) => i.sizes).sort()).toEqual(['192x192', '512x512']);
  for (const icon of icons) {
    expect(`${icon.width}x${icon.height}`).toBe(icon.sizes);
    expect(icon.type).toBe('image/png');
    expect(icon.bar).toEqual([0x25, 0x63, 0xeb, 255]);
    expect(icon.corner).toEqual([255, 255, 255, 255]);
  }
}

test('with the browser offline (server still up), the app opens and reranks from the caches', async ({ page, context }) => {
  await SimulatedHub.install(context);
  await serve('dist');
  await page.goto(`${ORIGIN}${PAGE}`);
  await loadsAndReranks(page);
  await installed(page);

  await context.setOffline(true);
  const offline = await reopen(context, PAGE);
  await loadsAndReranks(offline);
});

/** Build B: the app with one more line in the main page's entry, so its scripts differ and the test can tell which build a page runs. */
function markedB(): Plugin {
  return {
    name: 'mark-build-b',
    transform: (code, id) =>
      id.endsWith('/web/main.tsx') ? { code: `${code}\ndocument.documentElement.dataset['build'] = 'B';\n`, map: null } : undefined,
  };
}

const buildOf = (page: Page) => page.evaluate(() => document.documentElement.dataset['build'] ?? 'A');
const scriptsOf = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll<HTMLScriptElement>('script[src]')].map((s) => s.src).sort());

test('a new build waits behind a prompt; reloading from it switches every page to the new build', async ({ page, context }) => {
  test.setTimeout(300_000);
  const outB = mkdtempSync(path.join(tmpdir(), 'rerank-build-b-'));
  try {
    await build({
      configFile: 'vite.config.ts',
      logLevel: 'error',
      plugins: [markedB()],
      build: { outDir: outB, emptyOutDir: true, sourcemap: false },
    });
    await SimulatedHub.install(context);

    await serve('dist');
    await page.goto(`${ORIGIN}${PAGE}`);
    await installed(page);
    // The first visit is not controlled (the worker does not claim pages it did not serve); this one is.
    const first = await reopen(context, PAGE);
    expect(await buildOf(first)).toBe('A');
    const scriptsA = await scriptsOf(first);

    await server!.close();
    await serve(outB);
    // Opening a page makes the browser check the worker script: B's differs, so it installs and waits.
    const second = await reopen(context, PAGE);
    await expect(second.getByTestId('update-prompt')).toBeVisible();
    await expect(first.getByTestId('update-prompt')).toBeVisible();
    // Until the user accepts, B is not used anywhere: the new page got A's document and A's scripts.
    expect(await buildOf(second)).toBe('A');
    expect(await scriptsOf(second)).toEqual(scriptsA);

    await Promise.all([second.waitForEvent('load'), first.waitForEvent('load'), second.getByTestId('update-reload').click()]);
    expect(await buildOf(second)).toBe('B');
    expect(await buildOf(first)).toBe('B');
    expect(await scriptsOf(second)).not.toEqual(scriptsA);
    await expect(second.getByTestId('update-prompt')).toBeHidden();
    expect(await second.evaluate(() => crossOriginIsolated)).toBe(true);
  } finally {
    rmSync(outB, { recursive: true, force: true });
  }
});

test("a worker left by a build on the dev server's port retires itself: the dev server's page loads, the models' cache stays", async ({
  page,
  context,
}) => {
  await serve('dist');
  await page.goto(`${ORIGIN}/search.html`);
  await installed(page);
  await page.evaluate(async () => (await caches.open('transformers-cache')).put('/kept', new Response('model file')));
  await server!.close();
  server = null;

  const dev = await createServer({ configFile: 'vite.config.ts', logLevel: 'error', server: { port: SPARE_PORT, strictPort: true } });
  try {
    await dev.listen();
    const next = await context.newPage();
    await next.goto(`${ORIGIN}/search.html`);
    // The old worker answers this first visit from its cache; the dev server's /sw.js replaces it, and it reloads the page,
    // whenever that comes: a question cut short by the reload is asked again.
    const ask = <T>(fn: () => T | Promise<T>) =>
      next.evaluate(fn).catch((error: unknown) => {
        if (/Execution context was destroyed/.test(String(error))) return null;
        throw error;
      });
    await expect.poll(() => ask(() => Boolean(document.querySelector('script[src="/@vite/client"]'))), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => ask(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
    const kept = await next.evaluate(async () => caches.keys());
    expect(kept).toContain('transformers-cache');
    expect(kept.filter((name) => name.startsWith('workbox-precache'))).toEqual([]);
    await expect(next.getByRole('heading', { level: 1 })).toHaveText('Search, then rerank');
  } finally {
    await dev.close();
  }
});
