/** Loads that fail: each names the file or the host that failed and what to do, and the app stays usable. */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { recordRequests, rerankInUi, serveBertAt } from './helpers';
import { BERT_TINY } from './test-models';

test('a missing external-data file fails the load naming it, and another model loads after', async ({ page, context }) => {
  const requests = recordRequests(page);
  await context.route('**/models/test/llama-tiny-extdata/onnx/model.onnx_data', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto('/?model=/models/test/llama-tiny-extdata&device=wasm&dtype=fp32');
  await expect(page.getByTestId('error')).toContainText('onnx/model.onnx_data is missing from http://localhost', { timeout: 60_000 });
  await expect(page.getByTestId('load-button')).toBeEnabled();
  expect(requests.some((u) => u.endsWith('/onnx/model.onnx_data'))).toBe(true);

  await page.getByTestId('model-url-input').fill(BERT_TINY);
  await page.getByRole('button', { name: 'Use' }).click();
  await page.getByTestId('load-button').click();
  await expect(page.getByTestId('model-status')).toContainText('Ready: /models/test/bert-tiny', { timeout: 60_000 });
  expect(await rerankInUi(page, 'light bulb', ['the light bulb', 'a tulip bulb'])).toHaveLength(2);
});

test('local folders: one with a missing data file says which, one named "model (1)" loads', async ({ page }) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'folders-'));
  try {
    const broken = path.join(root, 'broken (copy)');
    const named = path.join(root, 'model (1)');
    await cp(path.resolve('test-models', 'llama-tiny-extdata'), broken, { recursive: true });
    await rm(path.join(broken, 'onnx', 'model_q4.onnx_data'));
    await rm(path.join(broken, 'onnx', 'model.onnx_data'));
    await cp(path.resolve('test-models', 'llama-tiny-extdata'), named, { recursive: true });

    await page.goto('/?device=wasm');
    await page.getByTestId('local-folder-input').setInputFiles(broken);
    await expect(page.getByTestId('error')).toContainText('onnx/model_q4.onnx_data is missing from the local folder "broken (copy)"', {
      timeout: 60_000,
    });
    await page.getByTestId('local-folder-input').setInputFiles(named);
    await expect(page.getByTestId('model-status')).toContainText('Ready: model (1)', { timeout: 120_000 });
    expect(await rerankInUi(page, 'light bulb', ['Edison and the light bulb', 'Coffee'])).toHaveLength(2);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('broken configs and tokenizers are named as such', async ({ page, context }) => {
  await serveBertAt(context, '**/models/test/bad-positions-*', (file, body, url) => {
    if (file !== 'config.json') return body;
    const positions = Number(/bad-positions-(-?\d+)/.exec(url)![1]);
    return JSON.stringify({ ...JSON.parse(body.toString()), max_position_embeddings: positions });
  });
  await serveBertAt(context, '**/models/test/bad-tokenizer', (file, body) => (file === 'tokenizer.json' ? '{"model": ' : body));
  for (const positions of [-5, 1]) {
    await page.goto(`/?model=/models/test/bad-positions-${positions}&device=wasm`);
    await expect(page.getByTestId('error')).toContainText(`max_position_embeddings ${positions}, which is not a usable length`);
  }
  await page.goto('/?model=/models/test/bad-tokenizer&device=wasm');
  await expect(page.getByTestId('error')).toContainText('tokenizer.json from http://localhost');
  await expect(page.getByTestId('error')).not.toContainText('onnx/model');
});

test('a config.json that declares 100,000 external-data files is refused before any other request, naming the limit', async ({
  page,
  context,
}) => {
  const requests = recordRequests(page);
  await serveBertAt(context, '**/models/test/many-chunks', (file, body) =>
    file === 'config.json'
      ? JSON.stringify({ ...JSON.parse(body.toString()), 'transformers.js_config': { use_external_data_format: 100_000 } })
      : body,
  );
  await page.goto('/?model=/models/test/many-chunks&device=wasm&dtype=fp32');
  await expect(page.getByTestId('error')).toHaveText(
    /^config\.json of http:\/\/localhost:\d+\/models\/test\/many-chunks declares 100000 external-data files for model; at most 32 are accepted, so nothing was downloaded\.×$/,
  );
  const folder = requests.filter((u) => u.includes('/models/test/many-chunks/'));
  expect(folder.map((u) => new URL(u).pathname)).toEqual(['/models/test/many-chunks/config.json']);
});

test('an unreachable hub is named as such, with the file that failed and what to do', async ({ page, context }) => {
  const failed: string[] = [];
  await context.route(/^https:\/\/([\w-]+\.)*(huggingface\.co|hf\.co)\//, (route) => {
    failed.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  await page.goto('/?device=wasm');
  await page.getByTestId('load-button').click();
  const error = page.getByTestId('error');
  await expect(error).toContainText('could not be downloaded: the model host https://huggingface.co could not be reached');
  await expect(error).toContainText('load the model from a local folder');
  const named = /^(\S+) could not be downloaded/.exec((await error.textContent())!)![1]!;
  expect(failed[0]).toBe(`https://huggingface.co/Xenova/ms-marco-MiniLM-L-6-v2/resolve/main/${named}`);
});
