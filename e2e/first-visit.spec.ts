import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { expectedCases, expectedRanking, passagesAsLines, readResults } from './helpers';
import { BERT_TINY } from './test-models';

const MODEL = BERT_TINY;
const edison = expectedCases('bert-tiny').find((c) => c.name === 'edison')!;

test('the example button fills the seed example and reranks it once the model is ready', async ({ page }) => {
  // Clicked at once: the model named in the URL is still loading, and the example waits for it.
  await page.goto(`/?model=${MODEL}&device=wasm`);
  await page.getByTestId('example-button').click();
  await expect(page.getByTestId('query-input')).toHaveValue(edison.query);
  await expect(page.getByTestId('passages-input')).toHaveValue(passagesAsLines(edison.passages));
  await expect(page.getByTestId('result')).toHaveCount(5);
  const results = await readResults(page);
  const expected = edison.logits['fp32']!;
  expect(results.map((r) => r.index)).toEqual(expectedRanking(expected));
  for (const r of results) expect(Math.abs(r.score - expected[r.index]!)).toBeLessThan(1e-3);
});

const PAGES = [
  { path: '/', current: 'Rerank' },
  { path: '/search.html', current: 'Search demo' },
  { path: '/eval.html', current: 'Evaluate' },
];

test('all three pages share one navigation, which keeps the model', async ({ page }) => {
  for (const { path, current } of PAGES) {
    await page.goto(`${path}?model=${MODEL}`);
    const nav = page.locator('nav.page-nav');
    await expect(nav).toHaveCount(1);
    await expect(nav.locator('strong')).toHaveText(current);
    const links = await nav.locator('a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')));
    expect(links).toHaveLength(2);
    for (const href of links) expect(href).toContain(`model=${encodeURIComponent(MODEL)}`);
  }
});

async function axeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const { path } of PAGES) {
  test(`axe finds no violations on ${path}`, async ({ page }) => {
    await page.goto(path);
    await expect(page.locator('nav.page-nav')).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });
}

test('axe finds no violations on the main page with a ranking shown', async ({ page }) => {
  await page.goto(`/?model=${MODEL}&device=wasm`);
  await page.getByTestId('example-button').click();
  await expect(page.getByTestId('result')).toHaveCount(5);
  expect(await axeViolations(page)).toEqual([]);
});
