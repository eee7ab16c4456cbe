import { expect, test, type Page } from '@playwright/test';
import { PRESETS, exportGuidance, findPreset } from '../worker/registry';
import { expectedCases, expectedRanking, openWithModel, recordRequests, rerankInUi } from './helpers';
import { HUB_REPOS, SimulatedHub } from './simulated-hub';

/**
 * What a BERT-shaped load asks the hub for, given its graph: the model checks its graph with a
 * one-byte ranged GET (transformers.js sizes its progress that way), then every file is fetched
 * whole, once. (transformers.js's probe of tokenizer_config.json and its second ask for it are
 * answered by the worker from the one full GET: worker/model-fetch.ts.)
 */
const loadCalls = (graph: string) =>
  ['GET config.json', 'GET tokenizer.json', 'GET tokenizer_config.json', `GET ${graph}`, `GET ${graph} bytes=0-0`].sort();

/**
 * An 8-bit graph quantizes each activation tensor with one scale per batch, so in the UI's
 * batches a score moves with its batchmates (up to 0.22 on these fixtures; docs/fidelity.md).
 */
const Q8_BATCH_TOLERANCE = 0.3;

/**
 * Reranks the fixture's first case and checks it against the logits of the file that was loaded:
 * the exact order for float graphs, every score within the batch tolerance for q8 (whose
 * pair-by-pair ranking e2e/scores.spec.ts checks).
 */
async function reranksLike(page: Page, fixture: string, logitsKey: string): Promise<void> {
  const c = expectedCases(fixture)[0]!;
  const logits = c.logits[logitsKey]!;
  const results = await rerankInUi(page, c.query, c.passages);
  if (logitsKey !== 'q8') return expect(results.map((r) => r.index)).toEqual(expectedRanking(logits));
  for (const r of results) expect(Math.abs(r.score - logits[r.index]!), `passage ${r.index}`).toBeLessThan(Q8_BATCH_TOLERANCE);
}

const hubPresets = PRESETS.filter((p) => p.hubId);

test('the page with no URL parameters loads the default preset from the hub and reranks', async ({ page, context }) => {
  const hub = await SimulatedHub.install(context);
  const repo = hubPresets[0]!.hubId!;
  await page.goto('/');
  await reranksLike(page, HUB_REPOS[repo]!, 'fp32');
  // Headless Chromium's SwiftShader adapter has no shader-f16, so the page picks WebGPU and float32.
  await expect(page.getByTestId('device-badge')).toHaveText('webgpu');
  await expect(page.getByTestId('model-file')).toHaveText('onnx/model.onnx');
  expect(hub.calls(repo)).toEqual(loadCalls('onnx/model.onnx'));
  expect(hub.requests.every((r) => r.url.startsWith(`https://huggingface.co/${repo}/`))).toBe(true);
});

for (const preset of hubPresets) {
  test(`${preset.id} on WASM fetches onnx/model_quantized.onnx from ${preset.hubId}`, async ({ page, context }) => {
    const hub = await SimulatedHub.install(context);
    await openWithModel(page, preset.id, { device: 'wasm' });
    await expect(page.getByTestId('dtype-badge')).toHaveText('q8');
    await expect(page.getByTestId('model-file')).toHaveText('onnx/model_quantized.onnx');
    expect(hub.calls(preset.hubId!)).toEqual(loadCalls('onnx/model_quantized.onnx'));
    await reranksLike(page, HUB_REPOS[preset.hubId!]!, 'q8');
  });
}

test('a preset forced onto WebGPU fetches onnx/model.onnx', async ({ page, context }) => {
  const hub = await SimulatedHub.install(context);
  const preset = findPreset('bge-reranker-base')!;
  await openWithModel(page, preset.id, { device: 'webgpu' });
  await expect(page.getByTestId('dtype-badge')).toHaveText('fp32');
  expect(hub.calls(preset.hubId!)).toEqual(loadCalls('onnx/model.onnx'));
  await reranksLike(page, HUB_REPOS[preset.hubId!]!, 'fp32');
});

test('a second visit with the hub unreachable loads from the browser cache and reranks', async ({ page, context }) => {
  const hub = await SimulatedHub.install(context);
  const preset = hubPresets[0]!;
  await openWithModel(page, preset.id, { device: 'wasm' });
  const firstVisit = hub.requests.length;
  hub.unreachable = true;
  await openWithModel(page, preset.id, { device: 'wasm' });
  await reranksLike(page, HUB_REPOS[preset.hubId!]!, 'q8');
  // Every file comes from transformers.js's Cache API entries: the second visit does not even try the hub.
  expect(hub.requests.slice(firstVisit)).toEqual([]);
  const cached = await page.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).map((r) => r.url));
  expect(cached).toContain(`https://huggingface.co/${preset.hubId}/resolve/main/onnx/model_quantized.onnx`);
});

test('a hub id that is not a preset loads the 8-bit graph its repository publishes', async ({ page, context }) => {
  const hub = await SimulatedHub.install(context);
  const repo = 'Xenova/ms-marco-TinyBERT-L-2-v2';
  await openWithModel(page, repo, { device: 'wasm' });
  await expect(page.getByTestId('model-status')).toContainText('q8 on wasm, onnx/model_quantized.onnx');
  await expect(page.getByTestId('model-file')).toHaveText('onnx/model_quantized.onnx');
  // The choice's ranged GET is the one transformers.js would make anyway: it remembers the answer.
  expect(hub.calls(repo)).toEqual(loadCalls('onnx/model_quantized.onnx'));
  await reranksLike(page, HUB_REPOS[repo]!, 'q8');
});

test('a hub id whose repository has no 8-bit graph loads onnx/model.onnx', async ({ page, context }) => {
  const hub = await SimulatedHub.install(context);
  const repo = 'cross-encoder/ms-marco-TinyBERT-L2-v2';
  await openWithModel(page, repo, { device: 'wasm' });
  await expect(page.getByTestId('model-status')).toContainText('fp32 on wasm, onnx/model.onnx');
  expect(hub.calls(repo)).toEqual([...loadCalls('onnx/model.onnx'), 'GET onnx/model_quantized.onnx bytes=0-0'].sort());
  expect(hub.requests.find((r) => r.url.endsWith('/onnx/model_quantized.onnx'))?.status).toBe(404);
  await reranksLike(page, HUB_REPOS[repo]!, 'fp32');
});

test('a second visit to that hub id with the hub unreachable loads the graph it cached; the one request tried is the 8-bit check (and the HEAD that asks why it failed)', async ({
  page,
  context,
}) => {
  const hub = await SimulatedHub.install(context);
  const repo = 'cross-encoder/ms-marco-TinyBERT-L2-v2';
  await openWithModel(page, repo, { device: 'wasm' });
  const firstVisit = hub.requests.length;
  hub.unreachable = true;
  await openWithModel(page, repo, { device: 'wasm' });
  await expect(page.getByTestId('model-status')).toContainText('fp32 on wasm, onnx/model.onnx');
  // The 8-bit graph cannot be asked about (status 0: unreachable; the no-cors HEAD that asks why fails too);
  // model.onnx is known from transformers.js's cache.
  expect(hub.requests.slice(firstVisit).map((r) => `${r.method} ${r.url.split('/resolve/main/')[1]} ${r.range ?? ''}`.trim())).toEqual([
    'GET onnx/model_quantized.onnx bytes=0-0',
    'HEAD onnx/model_quantized.onnx',
  ]);
  await reranksLike(page, HUB_REPOS[repo]!, 'fp32');
});

for (const [folder, file, graphs, logits] of [
  // The check for the quantized graph finds it; transformers.js then downloads it.
  ['bert-tiny-q8', 'onnx/model_quantized.onnx', ['onnx/model_quantized.onnx', 'onnx/model_quantized.onnx'], 'q8'],
  // The check finds no quantized graph (404), then model.onnx, which is downloaded.
  ['bert-tiny', 'onnx/model.onnx', ['onnx/model_quantized.onnx', 'onnx/model.onnx', 'onnx/model.onnx'], 'fp32'],
] as const) {
  test(`a same-origin folder (${folder}) loads ${file}, the best graph it has`, async ({ page }) => {
    const requests = recordRequests(page);
    await openWithModel(page, `/models/test/${folder}`, { device: 'wasm' });
    await expect(page.getByTestId('model-file')).toHaveText(file);
    const prefix = `/models/test/${folder}/`;
    expect(requests.filter((u) => u.includes(`${prefix}onnx/`)).map((u) => u.slice(u.indexOf(prefix) + prefix.length))).toEqual(graphs);
    await reranksLike(page, folder, logits);
  });
}

test('picking DeAR shows how to make its export, and Load explains without a request to the hub', async ({ page, context }) => {
  const hub = await SimulatedHub.install(context);
  const requests = recordRequests(page);
  await page.goto('/?device=wasm');
  const guidance = exportGuidance(findPreset('dear-3b-ranknet')!)!;
  await page.getByTestId('model-select').selectOption('dear-3b-ranknet');
  await expect(page.getByTestId('export-guide')).toHaveText(guidance);
  await expect(page.getByTestId('export-guide')).toContainText('scripts/export-dear');
  await page.getByTestId('load-button').click();
  await expect(page.getByTestId('error')).toContainText(guidance);
  expect(hub.requests).toEqual([]);
  expect(requests.filter((u) => /huggingface|hf\.co/.test(u))).toEqual([]);
});
