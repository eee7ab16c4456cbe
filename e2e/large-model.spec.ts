import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { HOOKS_PORT } from '../playwright.config';
import { formatBytes } from '../worker/preflight';
import { expectedCases, expectedRanking, rerankInUi, waitForReady } from './helpers';
import { SimulatedHub, type MadeUpFile } from './simulated-hub';
import { BERT_TINY } from './test-models';

/**
 * The preflight and large downloads, on made-up hub repositories built from the fixtures:
 * config.json declares DeAR-3B's real widths, and the hub claims sizes it never sends, so the
 * browser's real limits (SwiftShader's buffers, wasm32, a quota set through DevTools) are met
 * without gigabytes.
 */

const GiB = 2 ** 30;
const fixture = (folder: string, file: string) => readFileSync(path.resolve('test-models', folder, file));
const json = (value: unknown) => JSON.stringify(value);

/** llama-tiny's files under a config with DeAR-3B's hidden size (its vocabulary is already Llama 3's 128256). */
function dearWidth(folder: 'llama-tiny' | 'llama-tiny-extdata', config: Record<string, unknown> = {}): Record<string, MadeUpFile> {
  const base = JSON.parse(fixture(folder, 'config.json').toString()) as Record<string, unknown>;
  return {
    'config.json': { bytes: json({ ...base, hidden_size: 3072, ...config }) },
    'tokenizer.json': { bytes: fixture(folder, 'tokenizer.json') },
    'tokenizer_config.json': { bytes: fixture(folder, 'tokenizer_config.json') },
    'onnx/model_q4.onnx': { bytes: fixture(folder, 'onnx/model_q4.onnx') },
  };
}
/** llama-tiny-extdata's graph (small: it keeps its weights outside) with these external-data chunks, `onnx/model_q4.onnx_data`, `…_data_1`, … */
function chunkedRepo(chunks: MadeUpFile[]): Record<string, MadeUpFile> {
  const files = dearWidth('llama-tiny-extdata', {
    'transformers.js_config': { use_external_data_format: { 'model_q4.onnx': chunks.length } },
  });
  chunks.forEach((chunk, i) => (files[`onnx/model_q4.onnx_data${i ? `_${i}` : ''}`] = chunk));
  return files;
}

/** Requests that fetched a weights file whole: a refused load must have none. */
const wholeWeights = (hub: SimulatedHub, repo: string) => hub.calls(repo).filter((c) => c.includes('onnx/') && !c.endsWith('bytes=0-0'));

/** Makes navigator.storage.estimate() (and the quota writes meet) report `bytes` for the page's origin, as DevTools does. */
async function overrideQuota(page: Page, origin: string, bytes: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: bytes });
}

const error = (page: Page) => page.getByTestId('error');

/** The simulated hub, answering `repo` with `files`. */
async function hubWith(context: BrowserContext, repo: string, files: Record<string, MadeUpFile>): Promise<SimulatedHub> {
  const hub = await SimulatedHub.install(context);
  hub.madeUp.set(repo, files);
  return hub;
}

test('a small adapter: WebGPU refuses a DeAR-width embedding over its buffer limit, naming the numbers, before any weight is fetched', async ({
  page,
  context,
}) => {
  const repo = 'test/dear-width';
  const hub = await hubWith(context, repo, dearWidth('llama-tiny'));
  await page.goto(`/?model=${repo}&device=webgpu`);
  // 128256 × 3072 × 4 bytes (q4 keeps the embedding in fp32) against SwiftShader's real 1 GiB.
  await expect(error(page)).toHaveText(
    /^test\/dear-width \(q4\) was not downloaded because on WebGPU its largest tensor \(the 128256 × 3072 token embedding in fp32\) needs a 1\.47 GiB buffer, but this adapter allows (\d+ MiB|\d\.\d\d GiB) \(maxBufferSize .+, maxStorageBufferBindingSize .+\); load it on WASM, or an export whose embedding is smaller \(q4f16 on an adapter with shader-f16\)\./,
  );
  await expect(page.getByTestId('model-status')).toHaveText('Loading failed.');
  expect(hub.calls(repo)).toEqual(['GET config.json', 'GET onnx/model_q4.onnx bytes=0-0']);
});

test('a small adapter without a forced device: the model loads on WASM, says why, and scores as on WASM', async ({ page, context }) => {
  const repo = 'test/dear-width';
  const hub = await hubWith(context, repo, dearWidth('llama-tiny'));
  await page.goto(`/?model=${repo}`);
  await waitForReady(page);
  await expect(page.getByTestId('device-badge')).toHaveText('wasm');
  await expect(page.getByTestId('fallback-reason')).toContainText(
    'test/dear-width (q4) runs on WASM because on WebGPU its largest tensor (the 128256 × 3072 token embedding in fp32) needs a 1.47 GiB buffer',
  );
  // The preflight's ranged GET is the one transformers.js makes anyway; the graph is downloaded once.
  expect(hub.calls(repo).filter((c) => c.startsWith('GET onnx/'))).toEqual(['GET onnx/model_q4.onnx', 'GET onnx/model_q4.onnx bytes=0-0']);
  const c = expectedCases('llama-tiny')[0]!;
  const results = await rerankInUi(page, c.query, c.passages);
  expect(results.map((r) => r.index)).toEqual(expectedRanking(c.logits['q4']!));
});

test('too large for WASM: 4.5 GiB of external data is refused on WASM, through the library too, with only ranged requests made', async ({
  page,
  context,
}) => {
  const repo = 'test/dear-width-chunks';
  const chunk: MadeUpFile = { bytes: 'never sent', claimedSize: 1.5 * GiB };
  const hub = await hubWith(context, repo, chunkedRepo([chunk, chunk, chunk]));
  await page.goto(`/?model=${repo}&device=wasm`);
  await expect(error(page)).toContainText(
    'test/dear-width-chunks (q4) was not downloaded because on WASM it needs 4.50 GiB of WebAssembly memory, more than the 4.00 GiB that 32-bit WebAssembly can address',
  );
  await expect(error(page)).toContainText('load it on WebGPU, or pick a smaller dtype or model');
  expect(wholeWeights(hub, repo)).toEqual([]);
  expect(hub.calls(repo).filter((c) => c.includes('_data'))).toEqual([
    'GET onnx/model_q4.onnx_data bytes=0-0',
    'GET onnx/model_q4.onnx_data_1 bytes=0-0',
    'GET onnx/model_q4.onnx_data_2 bytes=0-0',
  ]);

  // A library caller gets the same sentence as a ModelTooLargeError.
  await page.goto(`http://localhost:${HOOKS_PORT}/?testHooks`);
  const thrown = await page.evaluate(
    (model) =>
      window.__reranker!.load(model, { device: 'wasm' }).then(
        () => null,
        (e: Error) => ({ name: e.name, message: e.message }),
      ),
    repo,
  );
  expect(thrown?.name).toBe('ModelTooLargeError');
  expect(thrown?.message).toContain('needs 4.50 GiB of WebAssembly memory');
  expect(wholeWeights(hub, repo)).toEqual([]);
});

test('storage: a download larger than the free storage is refused with the quota and usage the browser reports, before any weight is fetched', async ({
  page,
  context,
}) => {
  const hub = await SimulatedHub.install(context);
  const repo = 'test/over-quota';
  await page.goto('/');
  // Chrome reports a quota of its own choosing to estimate() (10 GiB here, whatever the disk or a DevTools
  // override): the hub claims four chunks that add up to 1 GiB more than is free.
  const { quota, usage } = await page.evaluate(() => navigator.storage.estimate() as Promise<{ quota: number; usage: number }>);
  const chunk: MadeUpFile = { bytes: 'never sent', claimedSize: (quota - usage + GiB) / 4 };
  hub.madeUp.set(repo, chunkedRepo([chunk, chunk, chunk, chunk]));
  await page.goto(`/?model=${repo}&device=webgpu`);
  const graph = fixture('llama-tiny-extdata', 'onnx/model_q4.onnx').length;
  const free = quota - usage;
  // Usage grows by the config.json stored before the preflight, so it is read from the message.
  await expect(error(page)).toContainText(
    `${repo} (q4) was not downloaded because its ${formatBytes(free + GiB + graph)} download does not fit the ${formatBytes(free)} of storage ` +
      `this site has free (quota ${formatBytes(quota)}, `,
  );
  await expect(error(page)).toContainText(
    /, \d+ KiB used\); delete cached models \(Cached models, below the results\) or other site data, or pick a smaller model\./,
  );
  // The graph alone was fetched whole, to read its largest tensor: it holds no weights.
  expect(wholeWeights(hub, repo)).toEqual(['GET onnx/model_q4.onnx']);
});

test('the quota running out mid-way: the model loads and reranks, and the page says what could not be stored', async ({
  page,
  context,
}) => {
  const hub = await SimulatedHub.install(context);
  await page.goto('/');
  // A quota of 200 KiB, enforced on writes; estimate() still reports its usual figure, so the preflight lets the load through.
  await overrideQuota(page, new URL(page.url()).origin, 200 * 1024);
  await page.goto('/?model=ms-marco-minilm-l6&device=wasm');
  await waitForReady(page);
  // bert-tiny-q8's graph is 329021 bytes.
  await expect(page.getByTestId('not-stored')).toHaveText(
    'The model loaded, but this browser refused to store 322 KiB of it (model_quantized.onnx; QuotaExceededError: Quota exceeded.), ' +
      'so it will be downloaded again next time: delete cached models or other site data to make room.',
  );
  const c = expectedCases('bert-tiny-q8')[0]!;
  expect((await rerankInUi(page, c.query, c.passages)).length).toBe(c.passages.length);
  const cached = await page.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).map((r) => r.url));
  expect(cached.filter((u) => u.endsWith('.onnx'))).toEqual([]);
  expect(hub.calls('Xenova/ms-marco-MiniLM-L-6-v2')).toContain('GET onnx/model_quantized.onnx');
});

test('Cancel stops a multi-chunk download: progress covered every chunk, no request follows, nothing partial is stored, the page loads another model', async ({
  page,
  context,
}) => {
  const hub = await SimulatedHub.install(context);
  const repo = 'test/slow-chunks';
  const MiB = 2 ** 20;
  let release!: () => void;
  const stalled = new Promise<void>((resolve) => (release = resolve));
  // The last chunk's response does not start until the test lets it: a download slowed to a stop.
  hub.madeUp.set(
    repo,
    chunkedRepo([{ bytes: Buffer.alloc(MiB) }, { bytes: Buffer.alloc(MiB) }, { bytes: Buffer.alloc(MiB), until: stalled }]),
  );
  await page.goto(`/?model=${repo}&device=wasm`);
  const progress = page.getByTestId('load-progress');
  const row = (file: string) => progress.locator('li').filter({ hasText: new RegExp(`^${file.replaceAll('.', '\\.')} `) });
  // Every chunk is listed with its size from the start, the stalled one included.
  await expect(row('onnx/model_q4.onnx_data')).toContainText('1.0 MB / 1.0 MB');
  await expect(row('onnx/model_q4.onnx_data_1')).toContainText('1.0 MB / 1.0 MB');
  await expect(row('onnx/model_q4.onnx_data_2')).toContainText('0.0 MB / 1.0 MB');
  await expect(progress).toContainText(/Downloading 2\.\d MB of 3\.\d MB/);

  await page.getByTestId('cancel-load-button').click();
  await expect(page.getByTestId('model-status')).toHaveText('No model loaded.');
  await expect(error(page)).toHaveCount(0);
  const after = hub.requests.length;
  await page.waitForTimeout(1000);
  release();
  await page.waitForTimeout(500);
  expect(hub.requests.slice(after).map((r) => r.url)).toEqual([]);
  const cached = await page.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).map((r) => r.url));
  expect(cached.filter((u) => u.endsWith('_data_2'))).toEqual([]);

  // The page is usable: another model loads and reranks.
  await page.getByTestId('model-url-input').fill(BERT_TINY);
  await page.getByRole('button', { name: 'Use' }).click();
  const c = expectedCases('bert-tiny')[0]!;
  const results = await rerankInUi(page, c.query, c.passages);
  expect(results.map((r) => r.index)).toEqual(expectedRanking(c.logits['fp32']!));
});
