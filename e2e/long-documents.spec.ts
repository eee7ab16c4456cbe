import { expect, test } from '@playwright/test';
import { expectedCases, openWithModel, rerankInUi } from './helpers';
import '../web/test-hooks';

const longCase = expectedCases('bert-tiny').find((c) => c.name === 'long-passage')!;
const query = longCase.query;
// Twice the fixture's long passage (2771 characters, past bert-tiny's 512 tokens): several windows.
const long = `${longCase.passages[0] as string} ${longCase.passages[0] as string}`;

test('bert-tiny fp32 on wasm: a long passage takes its best window, and that window alone scores the same', async ({ page }) => {
  await openWithModel(page, '/models/test/bert-tiny', { device: 'wasm', dtype: 'fp32', testHooks: '' });
  const { maxp, truncated, alone, windowText } = await page.evaluate(
    async ({ query, long }) => {
      const reranker = window.__reranker!;
      const maxp = (await reranker.rerank(query, [long, 'a short passage'], { longDocuments: 'maxp' })).ranking.find((r) => r.index === 0)!;
      const truncated = (await reranker.rerank(query, [long])).ranking[0]!;
      const windowText = long.slice(maxp.window!.start, maxp.window!.end);
      const alone = (await reranker.rerank(query, [windowText])).ranking[0]!;
      return { maxp, truncated, alone, windowText };
    },
    { query, long },
  );
  expect(truncated.truncated).toBe(true);
  expect(truncated.window).toBeUndefined();
  expect(maxp.truncated).toBeUndefined();
  expect(windowText.length).toBeLessThan(long.length);
  expect(windowText).toBe(windowText.trim());
  expect(alone.truncated).toBeUndefined();
  console.log(`[maxp] window ${maxp.window!.start}–${maxp.window!.end} of ${long.length}: ${maxp.score} vs alone ${alone.score}`);
  expect(Math.abs(maxp.score - alone.score)).toBeLessThanOrEqual(1e-3);
});

test('?long=maxp shows the window that scored inside the result', async ({ page }) => {
  await openWithModel(page, '/models/test/bert-tiny', { device: 'wasm', dtype: 'fp32', long: 'maxp' });
  await rerankInUi(page, query, [long, 'a short passage']);
  const window = page.locator(`[data-testid="result"][data-index="0"] [data-testid="result-window"]`);
  await expect(window).toBeVisible();
  const [start, end] = await window.evaluate((el) => [Number(el.dataset.start), Number(el.dataset.end)]);
  await expect(window).toContainText(long.slice(start, end));
  await expect(page.locator(`[data-testid="result"][data-index="1"] [data-testid="result-window"]`)).toHaveCount(0);
});
