import { expect, test, type Page } from '@playwright/test';
import { expectedCases, openWithModel, type Passage } from './helpers';
import '../web/test-hooks';

/** Every pair's score in input order, and how many came from the cache. */
async function rerank(page: Page, query: string, passages: Passage[]): Promise<{ scores: number[]; cached: number }> {
  return page.evaluate(
    async ({ query, passages }) => {
      const result = await window.__reranker!.rerank(query, passages);
      const scores = result.ranking
        .slice()
        .sort((a, b) => a.index - b.index)
        .map((s) => s.score);
      return { scores, cached: result.cached ?? 0 };
    },
    { query, passages },
  );
}

// q8 graphs take one activation scale per padded batch: the cache must store scores that no batchmate moved.
test('bert-tiny-q8 on wasm: a cached score equals the same pair scored fresh beside other passages, exactly', async ({ page }) => {
  await openWithModel(page, '/models/test/bert-tiny-q8', { device: 'wasm', dtype: 'q8', testHooks: '', cache: '' });
  await expect(page.getByTestId('dtype-badge')).toHaveText('q8');
  const cases = expectedCases('bert-tiny-q8');
  const lengths = cases.find((c) => c.name === 'lengths')!;
  const query = lengths.query;
  const first = lengths.passages;
  // The same pairs among other passages, in another order: other batches, other batchmates.
  const others = cases.filter((c) => c !== lengths).flatMap((c) => c.passages);
  const second = [...others.slice(0, 4), ...first.slice().reverse(), ...others.slice(4)];

  const stored = await rerank(page, query, first);
  expect(stored.cached).toBe(0);
  const answered = await rerank(page, query, second);
  expect(answered.cached).toBe(first.length);
  await page.evaluate(() => window.__reranker!.clearCache());
  const fresh = await rerank(page, query, second);
  expect(fresh.cached).toBe(0);

  let worst = 0;
  second.forEach((_, i) => (worst = Math.max(worst, Math.abs(answered.scores[i]! - fresh.scores[i]!))));
  console.log(`[cache] bert-tiny-q8 wasm: max |cached − fresh| = ${worst.toExponential(2)} over ${second.length} pairs`);
  expect(worst).toBeLessThanOrEqual(1e-6);
});
