import { expect, test } from '@playwright/test';
import { serveTestModel } from 'rerank-in-browser/testing';

test('the search page reranks with the default preset, and nothing leaves the machine', async ({ page, context }) => {
  // Every request to another host is refused and noted; the kit's route, on the page, answers the hub first.
  const leaked: string[] = [];
  await context.route(
    (url) => !['localhost', '127.0.0.1'].includes(url.hostname),
    (route) => {
      leaked.push(route.request().url());
      return route.abort();
    },
  );
  await serveTestModel(page);

  await page.goto('/');
  await expect(page.locator('#status')).toHaveText('done');

  // The test model is untrained: assert shapes and ordering rules, not which passage wins.
  const rows = await page
    .locator('#results li')
    .evaluateAll((items) => items.map((li) => ({ index: Number(li.dataset.index), score: Number(li.dataset.score) })));
  expect(rows.map((r) => r.index).sort((a, b) => a - b)).toEqual([0, 1, 2]);
  expect(rows.every((r) => Number.isFinite(r.score))).toBe(true);
  const scores = rows.map((r) => r.score);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  expect(leaked).toEqual([]);
});
