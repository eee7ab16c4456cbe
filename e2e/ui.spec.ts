import { expect, test } from '@playwright/test';
import { openWithModel, rerankInUi } from './helpers';
import { BERT_TINY } from './test-models';

const MODEL = BERT_TINY;

test('markup in passages renders as inert text', async ({ page }) => {
  await openWithModel(page, MODEL, { device: 'wasm' });
  const payloads = [
    '<script>window.__pwned = 1</script> plain words',
    '<img src=x onerror="window.__pwned = 2"> an image',
    '<a href="javascript:window.__pwned=3">click me</a>',
  ];
  await rerankInUi(page, 'which passage is plain', payloads);
  for (const payload of payloads) await expect(page.getByTestId('results')).toContainText(payload);
  await expect(page.locator('.results img, .results script, .results a')).toHaveCount(0);
  await page
    .locator('.results a')
    .first()
    .click({ timeout: 500 })
    .catch(() => undefined);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('an empty query or no passages gives an error, keeps the input, and the page stays usable', async ({ page }) => {
  await openWithModel(page, MODEL, { device: 'wasm' });
  await page.getByTestId('passages-input').fill('first passage\nsecond passage');
  await page.getByTestId('query-input').fill('   ');
  await page.getByTestId('rerank-button').click();
  await expect(page.getByTestId('error')).toContainText('query is empty');
  await expect(page.getByTestId('passages-input')).toHaveValue('first passage\nsecond passage');

  await page.getByTestId('query-input').fill('a question');
  await page.getByTestId('passages-input').fill('  \n ');
  await page.getByTestId('rerank-button').click();
  await expect(page.getByTestId('error')).toContainText('no passages');
  await expect(page.getByTestId('query-input')).toHaveValue('a question');

  const results = await rerankInUi(page, 'a question', ['one passage', 'another passage']);
  expect(results).toHaveLength(2);
  await expect(page.getByTestId('error')).toHaveCount(0);
});

test('Ctrl+Enter reranks and top-k limits the list', async ({ page }) => {
  await openWithModel(page, MODEL, { device: 'wasm' });
  await page.getByTestId('query-input').fill('light bulb');
  await page.getByTestId('passages-input').fill('a\nb c\nd e f\ng');
  await page.getByTestId('query-input').press('Control+Enter');
  await expect(page.getByTestId('result')).toHaveCount(4);
  await page.getByTestId('top-k').fill('2');
  await expect(page.getByTestId('result')).toHaveCount(2);
});

test('a model URL that does not exist gives an error naming it', async ({ page }) => {
  await page.goto('/?model=/models/test/does-not-exist&device=wasm');
  await expect(page.getByTestId('error')).toContainText('does-not-exist');
  await expect(page.getByTestId('model-status')).toContainText('failed');
});
