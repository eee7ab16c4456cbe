import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect, test, type Download, type Page } from '@playwright/test';
import type { ExportedRanking } from '../web/ranking-export';
import { openWithModel, readResults, rerankInUi, waitForReady } from './helpers';
import { BERT_TINY } from './test-models';

const MODEL = BERT_TINY;
const TRICKY = 'Edison said "genius is one percent inspiration", and, famously, 99% perspiration';
/** A formula with a Unicode line separator after it, which Papa Parse's own check let through. */
const FORMULA = '=HYPERLINK("http://evil.example","lamp")\u2028click';
const PASSAGES = [
  'The light bulb was invented by Thomas Edison in 1879.',
  { title: 'Swan, Joseph', text: TRICKY },
  'Bananas are rich in potassium.',
  'Incandescent lamps glow because a filament is heated.',
  FORMULA,
];

async function saved(page: Page, testId: string): Promise<{ download: Download; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { download, text: readFileSync((await download.path())!, 'utf8') };
}

/** An independent RFC 4180 reader (csv-parse), not the Papa Parse that wrote the file. */
const readCsv = (text: string, delimiter = ',') =>
  parse(text, { columns: true, delimiter, skip_empty_lines: true }) as Record<string, string>[];

test.describe('export on the main page', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('JSON and CSV downloads read back to the ranking shown; Copy puts the same table on the clipboard', async ({ page }) => {
    await openWithModel(page, MODEL, { device: 'wasm' });
    const shown = await rerankInUi(page, 'who invented the light bulb', PASSAGES);

    const json = await saved(page, 'export-json');
    expect(json.download.suggestedFilename()).toMatch(/^rerank-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.json$/);
    const exported = JSON.parse(json.text) as ExportedRanking;
    expect(exported.query).toBe('who invented the light bulb');
    expect(exported.model).toBe(MODEL);
    expect(exported.device).toBe('wasm');
    expect(exported.dtype).toBe(await page.getByTestId('dtype-badge').textContent());
    expect(Date.now() - Date.parse(exported.time)).toBeLessThan(10 * 60_000);
    expect(exported.rerankMs).toBeGreaterThan(0);
    // Same order, same scores to the last bit, and each row the passage at that input position.
    expect(exported.ranking.map((r) => ({ index: r.index, score: r.score }))).toEqual(shown);
    exported.ranking.forEach((row, i) => {
      expect(row.rank).toBe(i + 1);
      expect(row.probability).toBeCloseTo(1 / (1 + Math.exp(-row.score)), 12);
      const passage = PASSAGES[row.index]!;
      expect({ title: row.title, text: row.text }).toEqual(typeof passage === 'string' ? { title: '', text: passage } : passage);
    });

    const csv = await saved(page, 'export-csv');
    expect(csv.download.suggestedFilename()).toMatch(/^rerank-.*\.csv$/);
    expect(csv.text.split('\r\n')[0]).toBe('rank,index,score,probability,title,text');
    const rows = readCsv(csv.text);
    expect(rows.map((r) => ({ index: Number(r.index), score: Number(r.score) }))).toEqual(shown);
    expect(rows.find((r) => Number(r.index) === 1)).toMatchObject({ title: 'Swan, Joseph', text: TRICKY });
    expect(rows.find((r) => Number(r.index) === 4)?.text).toBe(`'${FORMULA}`);

    await page.getByTestId('export-copy').click();
    await expect(page.getByTestId('export-status')).toHaveText(
      `Copied ${PASSAGES.length} passages as tab-separated text: paste it into a spreadsheet or an editor.`,
    );
    const copied = readCsv(await page.evaluate(() => navigator.clipboard.readText()), '\t');
    expect(copied).toEqual(rows);
  });
});

test('a refused clipboard says so, and the downloads still work', async ({ page }) => {
  await openWithModel(page, MODEL, { device: 'wasm' });
  await rerankInUi(page, 'light bulb', PASSAGES.slice(0, 2));
  // Headless Chromium grants writes to a focused page whatever its permission settings (tried: CDP
  // Browser.setPermission denied, another tab in front), so the refusal is Chromium's own error, raised here.
  await page.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  await page.getByTestId('export-copy').click();
  await expect(page.getByTestId('export-status')).toHaveText(
    'The browser refused clipboard access (Write permission denied). Allow it for this site, or use Download CSV.',
  );
  expect(readCsv((await saved(page, 'export-csv')).text)).toHaveLength(2);
});

test('the export and the plot follow the latest rerank', async ({ page }) => {
  await openWithModel(page, MODEL, { device: 'wasm' });
  await rerankInUi(page, 'light bulb', PASSAGES);
  await rerankInUi(page, 'bananas', PASSAGES.slice(2));
  // One plot, of the latest ranking (a key shared with the list once left each old plot behind).
  await expect(page.getByTestId('score-plot')).toHaveCount(1);
  await expect(page.getByTestId('score-plot')).toHaveAttribute('data-passages', String(PASSAGES.length - 2));
  const exported = JSON.parse((await saved(page, 'export-json')).text) as ExportedRanking;
  expect(exported.query).toBe('bananas');
  expect(exported.ranking.map((r) => ({ index: r.index, score: r.score }))).toEqual(await readResults(page));
});

test('the search page exports its reranked hits with their ids; a passage with a line break survives the CSV', async ({ page }) => {
  await page.goto(`/search.html?model=${MODEL}&device=wasm`);
  await waitForReady(page);
  const docs = [
    { id: 'q1', title: 'Quotes, "and" commas', text: 'A lamp, a "filament"\nand a second line.' },
    { id: 'q2', text: 'Lamps glow when current heats the filament.' },
    { id: 'q3', text: '=HYPERLINK("http://evil.example","lamp")\nfilament' },
  ];
  await page
    .getByTestId('corpus-input')
    .setInputFiles({ name: 'lamps.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(docs)) });
  await expect(page.getByTestId('corpus-status')).toContainText('3 documents');
  await page.getByTestId('search-input').fill('lamp filaments');
  await page.getByTestId('search-button').click();
  await expect(page.getByTestId('reranked-result')).toHaveCount(3);
  await expect(page.getByTestId('reranked-list')).toHaveAttribute('aria-busy', 'false');
  const shown = await page
    .getByTestId('reranked-result')
    .evaluateAll((els) => els.map((el) => ({ id: el.getAttribute('data-id')!, score: Number(el.getAttribute('data-score')) })));

  const { download, text } = await saved(page, 'export-csv');
  expect(download.suggestedFilename()).toMatch(/^search-.*\.csv$/);
  const rows = readCsv(text);
  expect(rows.map((r) => ({ id: r.id, score: Number(r.score) }))).toEqual(shown);
  expect(rows.find((r) => r.id === 'q1')).toMatchObject({ title: docs[0]!.title, text: docs[0]!.text });
  expect(rows.find((r) => r.id === 'q3')?.text).toBe(`'${docs[2]!.text}`);
  const exported = JSON.parse((await saved(page, 'export-json')).text) as ExportedRanking;
  expect(exported.query).toBe('lamp filaments');
  expect(exported.ranking.map((r) => r.id)).toEqual(shown.map((r) => r.id));
});
