import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { ISOLATION_HEADERS } from '../scripts/vite/server-headers';
import { testModels } from '../scripts/vite/test-models';
import { SPARE_PORT } from '../playwright.config';
import { expectHostAppReranks } from './helpers';

/** A separate host app, bundled by its own Vite against the library build, the way an npm user would. */
const root = path.resolve('examples/consumer');
const PORT = SPARE_PORT;
let server: PreviewServer;

// Allowed here so that the check below could see one: the library must never register a service worker in its host.
test.use({ serviceWorkers: 'allow' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  if (!existsSync('dist-lib/index.js')) throw new Error('dist-lib/ is missing: run `npm run build:lib` first.');
  // The consumer resolves `rerank-in-browser` like an installed package: through node_modules and package.json exports.
  const link = path.join(root, 'node_modules', 'rerank-in-browser');
  if (!existsSync(link)) {
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(path.resolve('.'), link, 'dir');
  }
  await build({ root, configFile: false, logLevel: 'warn', build: { outDir: 'dist', emptyOutDir: true } });
  server = await preview({
    root,
    configFile: false,
    logLevel: 'warn',
    plugins: [testModels(path.resolve('test-models'))],
    preview: { port: PORT, strictPort: true, headers: ISOLATION_HEADERS },
  });
});

test.afterAll(async () => {
  await server?.close();
});

test('a separate Vite app reranks with the library build, runtime served from its own origin', async ({ page }) => {
  await expectHostAppReranks(page, PORT);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
});
