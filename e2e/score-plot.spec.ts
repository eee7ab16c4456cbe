import { expect, test, type Page } from '@playwright/test';
import { openWithModel, rerankInUi } from './helpers';
import { BERT_TINY } from './test-models';

const PASSAGES = [
  'The light bulb was invented by Thomas Edison in 1879.',
  'Bananas are rich in potassium.',
  'Joseph Swan demonstrated an incandescent lamp in Newcastle.',
  'The stock market closed higher today.',
  'Incandescent lamps glow because a filament is heated.',
  'Cats sleep for most of the day.',
];

/** Each mark's rank range and its x position on the score axis. */
const marks = (page: Page) =>
  page
    .getByTestId('score-plot')
    .locator('[data-group]')
    .evaluateAll((groups) =>
      groups.map((g) => ({
        start: Number(g.getAttribute('data-start')),
        end: Number(g.getAttribute('data-end')),
        x: Number(g.querySelector('rect')!.getAttribute('x')),
      })),
    );

const hotRanks = (page: Page) =>
  page.locator('[data-testid="result"].hot').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-rank'))));

test('each passage is a mark on the score axis; the top-k cut is drawn; hover and focus highlight across plot and list', async ({
  page,
}) => {
  await openWithModel(page, BERT_TINY, { device: 'wasm' });
  const shown = await rerankInUi(page, 'who invented the light bulb', PASSAGES);
  const plot = page.getByTestId('score-plot');
  await expect(plot).toHaveAttribute('data-kind', 'marks');
  await expect(plot).toHaveAttribute('aria-label', new RegExp(`^Score distribution of ${PASSAGES.length} passages, from -?\\d`));

  // One mark per rank, placed left to right from the lowest score to the highest.
  const drawn = await marks(page);
  expect(drawn.map((m) => m.start)).toEqual(shown.map((_, rank) => rank));
  const xs = drawn.map((m) => m.x);
  expect(xs).toEqual([...xs].sort((a, b) => b - a));
  expect(xs[0]).toBeGreaterThan(xs.at(-1)!);
  await expect(page.getByTestId('score-plot-cut')).toHaveCount(0);

  // The cut sits between the 2nd and 3rd scores.
  await page.getByTestId('top-k').fill('2');
  await expect(page.getByTestId('score-plot-cut')).toContainText('top 2');
  const cutX = Number(await page.getByTestId('score-plot-cut').locator('line').getAttribute('x1'));
  expect(cutX).toBeLessThan(drawn[1]!.x + 1.5);
  expect(cutX).toBeGreaterThan(drawn[2]!.x + 1.5);
  await expect(plot.locator('[data-group="2"] title')).toContainText('below the cut');
  await page.getByTestId('top-k').fill('');

  // Plot → list: hovering the best mark highlights the first row.
  await plot.locator('[data-group="0"]').hover({ force: true });
  await expect.poll(() => hotRanks(page)).toEqual([0]);
  // List → plot: hovering a row highlights its mark.
  await page.locator('[data-testid="result"][data-rank="3"]').hover();
  await expect(plot.locator('[data-group="3"]')).toHaveClass(/hot/);
  await expect.poll(() => hotRanks(page)).toEqual([3]);

  // Keyboard: one tab stop for the plot; arrows move to the next lower score, focus highlights.
  await page.mouse.move(0, 0);
  // The plot comes right after the export buttons in tab order.
  await page.getByTestId('export-copy').focus();
  await page.keyboard.press('Tab');
  await expect(plot.locator('[data-group="0"]')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(plot.locator('[data-group="1"]')).toBeFocused();
  await expect.poll(() => hotRanks(page)).toEqual([1]);
  await page.keyboard.press('End');
  await expect(plot.locator(`[data-group="${PASSAGES.length - 1}"]`)).toBeFocused();
  await expect(plot.locator('[tabindex="0"]')).toHaveCount(1);
});

test('above 200 passages the plot is a histogram whose focused bin highlights its rank range', async ({ page }) => {
  await openWithModel(page, BERT_TINY, { device: 'wasm' });
  const many = Array.from({ length: 300 }, (_, i) => `${PASSAGES[i % PASSAGES.length]} (${i})`);
  const shown = await rerankInUi(page, 'who invented the light bulb', many);
  const plot = page.getByTestId('score-plot');
  await expect(plot).toHaveAttribute('data-kind', 'bins');
  const bins = await marks(page);
  expect(bins.length).toBeLessThanOrEqual(40);
  expect(bins.reduce((n, b) => n + b.end - b.start, 0)).toBe(300);

  const bin = bins.find((b) => b.end - b.start > 1 && b.start > 0)!;
  // Focus scrolls the list to the bin's first passage; a pointer left over the list would then hover a row.
  await page.mouse.move(0, 0);
  await plot.locator(`[data-start="${bin.start}"]`).focus();
  const ranks = Array.from({ length: bin.end - bin.start }, (_, i) => bin.start + i);
  await expect.poll(() => hotRanks(page)).toEqual(ranks);
  // The bin's title states its count and score interval, which holds every highlighted passage.
  const title = (await plot.locator(`[data-start="${bin.start}"] title`).textContent())!;
  expect(title).toContain(`${ranks.length} passages (#${bin.start + 1}–${bin.end})`);
  const [lo, hi] = title
    .match(/scores (-?[\d.]+) to (-?[\d.]+)/)!
    .slice(1)
    .map(Number) as [number, number];
  for (const rank of ranks) {
    expect(shown[rank]!.score).toBeGreaterThanOrEqual(lo - 5e-4);
    expect(shown[rank]!.score).toBeLessThanOrEqual(hi + 5e-4);
  }
});
