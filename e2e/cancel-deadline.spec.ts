import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { openWithModel, pasteInto, rerankInUi } from './helpers';

const WEDGED = '/models/test/bert-tiny-wedged';

/**
 * bert-tiny with one rule added to its tokenizer: a `Replace` whose regex backtracks
 * exponentially on a long run of letters and spaces with no `#`. Short words and punctuation
 * pass it in microseconds; a passage of forty words holds the worker's thread for good.
 */
async function wedgedTokenizer(): Promise<string> {
  const tokenizer = JSON.parse(await readFile(path.resolve('test-models/bert-tiny/tokenizer.json'), 'utf8')) as { normalizer: unknown };
  tokenizer.normalizer = {
    type: 'Sequence',
    normalizers: [tokenizer.normalizer, { type: 'Replace', pattern: { Regex: '(?:[a-z]+ ?)+#' }, content: '' }],
  };
  return JSON.stringify(tokenizer);
}

test('Cancel returns control within 2 s from a worker held by a catastrophic tokenizer regex; the model is reloaded and reranks again', async ({
  page,
}) => {
  const tokenizer = await wedgedTokenizer();
  await page.context().route(`**${WEDGED}/**`, async (route) => {
    const file = new URL(route.request().url()).pathname.slice(WEDGED.length + 1);
    const body =
      file === 'tokenizer.json' ? Buffer.from(tokenizer) : await readFile(path.resolve('test-models/bert-tiny', file)).catch(() => null);
    if (!body) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, body, headers: { 'content-length': String(body.length) } });
  });
  await openWithModel(page, WEDGED, { device: 'wasm' });

  await page.getByTestId('query-input').fill('light bulb');
  await pasteInto(page.getByTestId('passages-input'), 'aaaa '.repeat(40).trim());
  await page.getByTestId('rerank-button').click();
  const cancel = page.getByTestId('cancel-button');
  await cancel.click();
  // The deadline the issue sets: the page is the user's again within 2 s of Cancel.
  await expect(cancel).toBeHidden({ timeout: 2_000 });
  await expect(page.getByTestId('rerank-button')).toBeEnabled({ timeout: 200 });
  await expect(page.getByTestId('error')).toContainText(
    "The rerank did not stop within 1 s of Cancel: something held the reranker's thread " +
      '(a tokenizer rule or a kernel that never returns), so its worker was replaced and the model is reloading.',
    { timeout: 200 },
  );

  const results = await rerankInUi(page, 'light bulb', ['Edison, 1879.', 'A lamp.', 'Bananas.']);
  expect(results.map((r) => r.index)).toEqual(expect.arrayContaining([0, 1, 2]));
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByTestId('model-status')).toContainText(`Ready: ${WEDGED}`);
});
