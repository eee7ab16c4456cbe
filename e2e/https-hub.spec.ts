import { chromium, expect, test, type Page } from '@playwright/test';
import { HTTPS_HUB_PORT, chromiumArgs } from '../playwright.config';
import { DEFAULT_PRESET_ID, findPreset } from '../worker/registry';
import { expectedCases, expectedRanking, rerankInUi } from './helpers';
import { CDN_HOST, HUB_HOST, HttpsHub, hubBrowserArgs, type WireRequest } from './https-hub';
import { HUB_REPOS } from './simulated-hub';

/**
 * The app against the hub as it is on the wire (e2e/https-hub.ts): real HTTPS, the 307 and 302
 * chains the browser follows itself, and the hub's and the CDN's CORS headers. Everything opens
 * `/` with no URL parameters: the default preset, on the device the browser offers.
 */
const repo = findPreset(DEFAULT_PRESET_ID)!.hubId!;
const resolve = (file: string) => `/${repo}/resolve/main/${file}`;
const cache = (file: string) => `/api/resolve-cache/models/${repo}/0123456789abcdef0123456789abcdef01234567/${file}`;
/** A request as `status METHOD host path [range]`, the query (signatures, etags) left out. */
const wire = (r: WireRequest) => `${r.status} ${r.method} ${r.host}${r.path.split('?')[0]}${r.range ? ` ${r.range}` : ''}`;

/** What the default preset's load asks of the hub and the CDN for `graph`, and what each answered. */
const chains = (graph: string) =>
  [
    ...['config.json', 'tokenizer.json', 'tokenizer_config.json'].flatMap((f) => [
      `307 GET ${HUB_HOST}${resolve(f)}`,
      `200 GET ${HUB_HOST}${cache(f)}`,
    ]),
    `302 GET ${HUB_HOST}${resolve(graph)}`,
    `302 GET ${HUB_HOST}${resolve(graph)} bytes=0-0`,
    `200 GET ${CDN_HOST}/xet-bridge-us/HASH`,
    `206 GET ${CDN_HOST}/xet-bridge-us/HASH bytes=0-0`,
  ].sort();
const withoutHashes = (r: WireRequest) => wire(r).replace(/xet-bridge-us\/\S+/, 'xet-bridge-us/HASH');

let hub: HttpsHub;
test.beforeEach(async () => {
  hub = new HttpsHub(HTTPS_HUB_PORT);
  await hub.start();
});
test.afterEach(async () => hub.stop());

async function reranks(page: Page, logitsKey: 'fp32' | 'q8') {
  const c = expectedCases(HUB_REPOS[repo]!)[0]!;
  const results = await rerankInUi(page, c.query, c.passages);
  const logits = c.logits[logitsKey]!;
  // An 8-bit graph's batch scales move a score with its batchmates (docs/fidelity.md): q8 is checked within 0.3.
  if (logitsKey === 'fp32') expect(results.map((r) => r.index)).toEqual(expectedRanking(logits));
  else for (const r of results) expect(Math.abs(r.score - logits[r.index]!)).toBeLessThan(0.3);
}

/** Every request through the chain: the hub saw the page's Origin, the CDN `Origin: null`, and nobody a Referer. */
function expectFaithfulHeaders(page: Page) {
  expect(hub.requests.filter((r) => r.referer !== undefined)).toEqual([]);
  expect(new Set(hub.requests.filter((r) => r.host === HUB_HOST).map((r) => r.origin))).toEqual(new Set([new URL(page.url()).origin]));
  expect(new Set(hub.requests.filter((r) => r.host === CDN_HOST).map((r) => r.origin))).toEqual(new Set(['null']));
}

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// This file's browser has no WebGPU, so the page with no URL parameters picks WASM; the WebGPU test launches its own.
test.use({
  launchOptions: {
    executablePath,
    args: [...chromiumArgs.filter((a) => a !== '--enable-unsafe-webgpu'), ...hubBrowserArgs(HTTPS_HUB_PORT)],
  },
});

test('on WebGPU, the page with no URL parameters loads the default preset through the 307 and 302 chains and reranks', async ({
  baseURL,
}) => {
  const browser = await chromium.launch({ executablePath, args: [...chromiumArgs, ...hubBrowserArgs(HTTPS_HUB_PORT)] });
  try {
    const page = await (await browser.newContext({ baseURL: baseURL!, serviceWorkers: 'block' })).newPage();
    await page.goto('/');
    await reranks(page, 'fp32');
    await expect(page.getByTestId('device-badge')).toHaveText('webgpu');
    expect(hub.requests.map(withoutHashes).sort()).toEqual(chains('onnx/model.onnx'));
    expectFaithfulHeaders(page);
  } finally {
    await browser.close();
  }
});

test.describe('on WASM (a browser without WebGPU)', () => {
  test('the page with no URL parameters loads the default preset through the chains, and again from the cache with the hub down', async ({
    page,
  }) => {
    await page.goto('/');
    await reranks(page, 'q8');
    await expect(page.getByTestId('device-badge')).toHaveText('wasm');
    expect(hub.requests.map(withoutHashes).sort()).toEqual(chains('onnx/model_quantized.onnx'));
    expectFaithfulHeaders(page);
    await hub.stop();
    await page.goto('/');
    await reranks(page, 'q8');
    await expect(page.getByTestId('model-file')).toHaveText('onnx/model_quantized.onnx');
  });

  test('an answer without CORS headers is named a refusal, not a lost connection', async ({ page }) => {
    hub.fault = (r) => (r.host === HUB_HOST && r.path === resolve('config.json') ? 'refuse' : undefined);
    await page.goto('/');
    await page.getByTestId('load-button').click();
    await expect(page.getByTestId('error')).toContainText(
      'config.json could not be downloaded: the model host https://huggingface.co answered but refused this page ' +
        '(its answer carries no CORS headers, so the browser withholds it). ' +
        'This is not a connection problem: load the model from a local folder, or from a host that allows this site.',
    );
    // The second ask is the no-cors HEAD that told the refusal from being offline.
    expect(hub.requests.map((r) => `${r.status} ${r.method} ${r.path}`)).toEqual([
      `404 GET ${resolve('config.json')}`,
      `404 HEAD ${resolve('config.json')}`,
    ]);
    expect(hub.requests.filter((r) => r.referer !== undefined)).toEqual([]);
  });

  test('a 429 says the hub is limiting requests and to retry in a minute', async ({ page }) => {
    hub.fault = (r) => (r.host === HUB_HOST && r.path === resolve('config.json') ? 'limit' : undefined);
    await page.goto('/');
    await page.getByTestId('load-button').click();
    await expect(page.getByTestId('error')).toContainText(
      'config.json could not be downloaded: the model host https://huggingface.co is limiting requests (429 Too Many Requests). Retry in a minute.',
    );
    await expect(page.getByTestId('error')).not.toContainText('Error (429)');
  });

  test('a CDN that hides Content-Range leaves the size unknown: no made-up total, and the preflight says it could not check', async ({
    page,
  }) => {
    hub.fault = (r) => (r.host === CDN_HOST ? 'cdn-hides-headers' : undefined);
    let release!: () => void;
    hub.holdDownloads = new Promise((resolve) => (release = resolve));
    await page.goto('/');
    await page.getByTestId('load-button').click();
    const progress = page.getByTestId('load-progress');
    await expect(progress.getByTestId('load-progress-text')).toHaveText(/^Downloading \d+\.\d MB so far \(total size unknown\)$/);
    await expect(progress.getByRole('listitem').filter({ hasText: 'onnx/model_quantized.onnx' })).toHaveText(
      'onnx/model_quantized.onnx 0.0 MB of unknown size',
    );
    await expect(progress.getByTestId('load-note')).toHaveText(
      `Could not check that ${DEFAULT_PRESET_ID} (q8) fits this browser before downloading it: ` +
        'the server does not let this page read the size of onnx/model_quantized.onnx (it exposes no Content-Range).',
    );
    release();
    await reranks(page, 'q8');
  });
});
