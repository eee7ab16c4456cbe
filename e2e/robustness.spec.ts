import { truncateSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import '../web/test-hooks';
import { openWithModel, pasteInto, rerankInUi } from './helpers';
import { BERT_TINY, LLAMA_TINY } from './test-models';

async function rerankButtonReady(page: Page) {
  await expect(page.getByTestId('rerank-button')).toBeEnabled();
}

test('10,000 passages show progress and can be cancelled; the page stays responsive and keeps the input', async ({ page }) => {
  await openWithModel(page, BERT_TINY, { device: 'wasm' });
  const passages = Array.from({ length: 10_000 }, (_, i) => `passage number ${i} about light bulbs and lightning ${i % 97}`);
  await page.getByTestId('query-input').fill('light bulb');
  await pasteInto(page.getByTestId('passages-input'), passages.join('\n'));
  await page.getByTestId('rerank-button').click();
  await expect(page.getByTestId('partial-status')).toContainText('of 10000');
  await page.getByTestId('query-input').fill('still typing while it runs');
  await page.getByTestId('cancel-button').click();
  await rerankButtonReady(page);
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByTestId('query-input')).toHaveValue('still typing while it runs');
  expect((await page.getByTestId('passages-input').inputValue()).split('\n')).toHaveLength(10_000);
});

test('a cancelled rerank leaves the previous ranking showing the passages it was computed from', async ({ page }) => {
  await openWithModel(page, BERT_TINY, { device: 'wasm' });
  const first = ['the light bulb was patented in 1880', 'bulbs of tulips', 'a dim room'];
  await rerankInUi(page, 'light bulb', first);
  await pasteInto(page.getByTestId('passages-input'), Array.from({ length: 5000 }, (_, i) => `replacement passage ${i}`).join('\n'));
  await page.getByTestId('rerank-button').click();
  await expect(page.getByTestId('partial-status')).toBeVisible();
  await page.getByTestId('cancel-button').click();
  await rerankButtonReady(page);
  // Checked once, not retried: the live list must be gone in the same commit that ends the run.
  expect(await page.getByTestId('results').count()).toBe(1);
  await expect(page.getByTestId('results')).toBeVisible();
  const shown = await page.getByTestId('result').locator('.passage').allTextContents();
  expect(shown.sort()).toEqual([...first].sort());
});

test('a 1 MB passage is truncated to the model length and the page says so', async ({ page }) => {
  await openWithModel(page, BERT_TINY, { device: 'wasm' });
  const huge = 'light bulb history '.repeat(55_000);
  await rerankInUi(page, 'light bulb', ['short passage', huge]);
  await expect(page.getByTestId('timing')).toContainText('1 passage truncated to 512 tokens');
});

test('RTL text, emoji, combining marks, NUL bytes and lone surrogates are scored without a crash', async ({ page }) => {
  await openWithModel(page, BERT_TINY, { device: 'wasm', testHooks: '' });
  const passages = [
    'مرحبا بالعالم',
    'שלום עולם',
    '💡🔌 bulbs 👍🏽',
    'e\u0301le\u0300ve cafe\u0301',
    'nul\u0000byte',
    'lone \ud800 surrogate',
    '\udfff',
  ];
  const result = await page.evaluate((p) => window.__reranker!.rerank('light \ud83d bulb', p), passages);
  expect(result.ranking.map((r) => r.index).sort((a, b) => a - b)).toEqual(passages.map((_, i) => i));
  for (const r of result.ranking) expect(Number.isFinite(r.score)).toBe(true);
  await rerankInUi(page, 'light', passages.slice(0, 5));
});

test('bad imports name the problem and lose nothing', async ({ page }) => {
  await openWithModel(page, BERT_TINY, { device: 'wasm' });
  await page.getByTestId('query-input').fill('kept query');
  await page.getByTestId('passages-input').fill('kept passage');
  const input = page.getByTestId('import-input');

  await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('[1,') });
  await expect(page.getByTestId('error')).toContainText('broken.json is not valid JSON');
  await input.setInputFiles({ name: 'shape.json', mimeType: 'application/json', buffer: Buffer.from('{"passages": []}') });
  await expect(page.getByTestId('error')).toContainText('shape.json must hold a JSON array');

  const big = path.join(os.tmpdir(), 'two-hundred-mb.txt');
  writeFileSync(big, '');
  truncateSync(big, 200 * 1024 * 1024);
  await input.setInputFiles(big);
  await expect(page.getByTestId('error')).toContainText('two-hundred-mb.txt is 200 MiB; the limit is 50 MiB.');

  await expect(page.getByTestId('query-input')).toHaveValue('kept query');
  await expect(page.getByTestId('passages-input')).toHaveValue('kept passage');
});

test('a broken model names the file, and the previous model stays loaded and usable', async ({ page }) => {
  const bertDir = path.resolve('test-models', 'bert-tiny');
  // Same files as bert-tiny, except one: served as HTML, or truncated.
  await page.context().route('**/models/test/broken-*/**', async (route) => {
    const url = new URL(route.request().url());
    const [, , , kind, ...rest] = url.pathname.split('/');
    const file = rest.join('/');
    if (kind === 'broken-html' && file === 'config.json') {
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Not found</title>' });
    }
    const body = await readFile(path.join(bertDir, file)).catch(() => null);
    if (!body) return route.fulfill({ status: 404, body: 'not found' });
    const cut = kind === 'broken-onnx' && file.endsWith('.onnx') ? body.subarray(0, body.length / 3) : body;
    return route.fulfill({ status: 200, body: cut, headers: { 'content-length': String(cut.length) } });
  });
  await openWithModel(page, BERT_TINY, { device: 'wasm' });

  for (const [name, file] of [
    ['broken-html', 'config.json'],
    ['broken-onnx', 'onnx/model.onnx'],
    ['missing', 'config.json'],
  ]) {
    await page.getByTestId('model-url-input').fill(`/models/test/${name}`);
    await page.getByRole('button', { name: 'Use' }).click();
    await page.getByTestId('load-button').click();
    await expect(page.getByTestId('error')).toContainText(file!);
    await expect(page.getByTestId('error')).toContainText(name!);
    await expect(page.getByTestId('model-status')).toContainText('Ready: /models/test/bert-tiny');
  }
  const results = await rerankInUi(page, 'light bulb', ['one', 'two', 'three']);
  expect(results).toHaveLength(3);
});

test('losing the WebGPU device mid-run finishes the rerank on WASM and says why', async ({ page }) => {
  await openWithModel(page, BERT_TINY, { device: 'webgpu', testHooks: '' });
  const outcome = await page.evaluate(async () => {
    const client = window.__reranker!;
    const passages = Array.from({ length: 12 }, (_, i) => `passage ${i} about ${'light '.repeat(i)}`);
    let lost = false;
    const result = await client.rerank('light', passages, {
      batchSize: 2,
      onPartial: () => {
        if (!lost) {
          lost = true;
          void client.loseGpuDevice();
        }
      },
    });
    return { count: result.ranking.length, info: await client.info() };
  });
  expect(outcome.count).toBe(12);
  expect(outcome.info?.device).toBe('wasm');
  expect(outcome.info?.fallbackReason).toContain('WebGPU failed during a rerank');
});

test('a crashed worker is restarted with the model reloaded; the pending call rejects and the failure is reported once', async ({
  page,
}) => {
  await openWithModel(page, BERT_TINY, { device: 'wasm', testHooks: '' });
  const outcome = await page.evaluate(async () => {
    const client = window.__reranker!;
    const passages = Array.from({ length: 3000 }, (_, i) => `passage ${i}`);
    const pending = client.rerank('q', passages, { batchSize: 8 }).then(
      () => 'resolved',
      (e: Error) => e.name,
    );
    await new Promise((r) => setTimeout(r, 200));
    client.crash();
    const settled = await pending;
    const after = await client.rerank('q', ['a', 'b']);
    return { settled, after: after.ranking.length, info: await client.info() };
  });
  expect(outcome.settled).toBe('WorkerCrashedError');
  expect(outcome.after).toBe(2);
  expect(outcome.info?.model).toBe(BERT_TINY);
  await expect(page.getByTestId('error')).toHaveCount(1);
  await expect(page.getByTestId('error')).toContainText('restarted and the model reloaded');
});

test('a second rerank supersedes the first, and a second load replaces the first cleanly', async ({ page }) => {
  await openWithModel(page, BERT_TINY, { device: 'wasm', testHooks: '' });
  const outcome = await page.evaluate(async () => {
    const client = window.__reranker!;
    const many = Array.from({ length: 2000 }, (_, i) => `passage ${i}`);
    const first = client.rerank('q', many, { batchSize: 4 }).then(
      () => 'resolved',
      (e: Error) => e.name,
    );
    const second = await client.rerank('q', ['x', 'y', 'z']);
    const loadA = client.load('/models/test/llama-tiny', { device: 'wasm', dtype: 'fp32' }).then(
      (i) => i.model,
      (e: Error) => e.name,
    );
    const loadB = await client.load('/models/test/bert-tiny', { device: 'wasm', dtype: 'q4' });
    return { first: await first, second: second.ranking.length, loadA: await loadA, loadB, info: await client.info() };
  });
  expect(outcome.first).toBe('CancelledError');
  expect(outcome.second).toBe(3);
  expect(['CancelledError', LLAMA_TINY]).toContain(outcome.loadA);
  expect(outcome.info).toMatchObject({ model: BERT_TINY, dtype: 'q4' });
});

test('query, passages and model survive a reload; the share link carries query and model but no passages', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openWithModel(page, BERT_TINY, { device: 'wasm' });
  await page.getByTestId('query-input').fill('remember me');
  await page.getByTestId('passages-input').fill('private passage one\nprivate passage two');
  await page.waitForTimeout(500);
  await page.goto('/');
  await expect(page.getByTestId('query-input')).toHaveValue('remember me');
  await expect(page.getByTestId('passages-input')).toHaveValue('private passage one\nprivate passage two');
  await page.getByTestId('share-button').click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(link).searchParams.get('q')).toBe('remember me');
  expect(new URL(link).searchParams.get('model')).toBe(BERT_TINY);
  expect(link).not.toContain('private');
});

test('a local model folder loads with no network', async ({ page }) => {
  await page.goto('/?device=wasm');
  const requests: string[] = [];
  page.context().on('request', (r) => requests.push(r.url()));
  await page.getByTestId('local-folder-input').setInputFiles(path.resolve('test-models', 'llama-tiny-extdata'));
  await expect(page.getByTestId('model-status')).toContainText('Ready: llama-tiny-extdata', { timeout: 120_000 });
  expect(requests.filter((u) => u.includes('/models/'))).toEqual([]);
  const results = await rerankInUi(page, 'light bulb', ['Thomas Edison invented the light bulb in 1879', 'Coffee is good for diet']);
  expect(results).toHaveLength(2);
});

test('cached models are listed with their size and can be deleted', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(async () => {
    const cache = await caches.open('transformers-cache');
    const base = 'https://huggingface.co/Xenova/ms-marco-MiniLM-L-6-v2/resolve/main/';
    await cache.put(`${base}config.json`, new Response('x'.repeat(1000), { headers: { 'content-length': '1000' } }));
    await cache.put(`${base}onnx/model_quantized.onnx`, new Response('y'.repeat(2_000_000)));
  });
  await page.reload();
  await page.getByTestId('cache-panel').locator('summary').click();
  const row = page.getByTestId('cached-model');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Xenova/ms-marco-MiniLM-L-6-v2');
  await expect(row).toContainText('2 files, 2.0 MB');
  await expect(page.getByTestId('cache-panel')).toContainText('storage used');
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(row).toHaveCount(0);
  expect(await page.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).length)).toBe(0);
});

test('the cache panel names where each model came from, and one Delete removes only its own; the runtime is dropped apart', async ({
  page,
}) => {
  await page.goto('/?device=wasm');
  // The page keeps ONNX Runtime's binary for the next visit (worker/runtime/runtime-binary.ts): wait until it has.
  const runtimeKeys = () => page.evaluate(async () => (await (await caches.open('onnxruntime-wasm')).keys()).length);
  await expect.poll(runtimeKeys).toBe(1);
  await page.evaluate(async () => {
    const cache = await caches.open('transformers-cache');
    // The same owner/name from the hub and from another origin, as a URL model's files are keyed.
    await cache.put('https://huggingface.co/Xenova/x/resolve/main/config.json', new Response('h'.repeat(3_000_000)));
    await cache.put('http://evil.example/Xenova/x/resolve/main/config.json', new Response('e'.repeat(1_000_000)));
    await cache.put('http://evil.example/Xenova/x/resolve/main/onnx/model.onnx', new Response('e'.repeat(1_000_000)));
  });
  await page.reload();
  await page.getByTestId('cache-panel').locator('summary').click();
  const rows = page.getByTestId('cached-model');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Xenova/x from https://huggingface.co — 1 file, 3.0 MB');
  await expect(rows.nth(1)).toContainText('Xenova/x from http://evil.example — 2 files, 2.0 MB');
  await rows.nth(1).getByRole('button', { name: 'Delete' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.getByTestId('cached-model-origin')).toHaveText('https://huggingface.co');
  expect(await page.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).map((r) => r.url))).toEqual([
    'https://huggingface.co/Xenova/x/resolve/main/config.json',
  ]);

  const runtime = page.getByTestId('cached-runtime');
  await expect(runtime).toContainText('ONNX Runtime (WASM)');
  await runtime.getByRole('button', { name: 'Delete' }).click();
  await expect(runtime).toHaveCount(0);
  expect(await page.evaluate(() => caches.has('onnxruntime-wasm'))).toBe(false);
  await expect(rows).toHaveCount(1);
});

test('a worker script that cannot be loaded is tried three times with waits, then named in an error', async ({ page, context }) => {
  const requests: string[] = [];
  await context.route(/\/assets\/reranker\.worker-[\w-]+\.js$/, (route) => {
    if (route.request().method() === 'GET') requests.push(route.request().url());
    return route.fulfill({ status: 404, body: 'gone' });
  });
  await page.goto(`/?model=${BERT_TINY}&device=wasm`);
  const error = page.getByTestId('error');
  await expect(error).toContainText(
    /The reranker worker could not start from http:\/\/localhost:\d+\/assets\/reranker\.worker-[\w-]+\.js \(HTTP 404\)/,
  );
  await expect(error).toContainText('failed 3 times before answering');
  await page.waitForTimeout(3000);
  // Before: 271 requests in 5 s.
  expect(requests).toHaveLength(3);
});
