import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { ISOLATION_HEADERS, testModels } from '../scripts/vite/test-models';
import { SPARE_PORT } from '../playwright.config';
import { expectedCases, offOrigin, recordRequests } from './helpers';

/** A separate host app, bundled by its own Vite against the library build, the way an npm user would. */
const root = path.resolve('examples/consumer');
const PORT = SPARE_PORT;
let server: PreviewServer;

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
  const requests = recordRequests(page);
  const edison = expectedCases('bert-tiny').find((c) => c.name === 'edison')!;
  const search = new URLSearchParams({ model: `http://localhost:${PORT}/models/test/bert-tiny`, device: 'wasm' });
  for (const p of edison.passages) search.append('p', typeof p === 'string' ? p : p.text);
  await page.goto(`http://localhost:${PORT}/?${search}`);
  await expect(page.locator('#status')).toHaveText('done on wasm', { timeout: 120_000 });

  const results = await page
    .locator('#results li')
    .evaluateAll((items) =>
      items.map((li) => ({ index: Number(li.getAttribute('data-index')), score: Number(li.getAttribute('data-score')) })),
    );
  const expected = edison.logits['fp32']!;
  expect(results).toHaveLength(expected.length);
  for (const r of results) expect(Math.abs(r.score - expected[r.index]!)).toBeLessThan(1e-3);

  expect(offOrigin(requests)).toEqual([]);
  // The host's bundler re-emitted the worker and ONNX Runtime as its own hashed assets.
  expect(requests.some((u) => /\/assets\/reranker\.worker-[\w-]+\.js/.test(u))).toBe(true);
  expect(requests.some((u) => /\/assets\/ort-wasm-simd-threaded\.asyncify-[\w-]+\.wasm/.test(u))).toBe(true);
});
