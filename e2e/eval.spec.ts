import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { evaluate } from '../eval/metrics';
import { orderedRunFromCandidates, orderedRunFromTrecRun, parseCandidates, parseQrels, parseRun } from '../eval/trec';
import type { EvalReport } from '../web/eval/report';
import { busiestTasks, longestTask } from './main-thread-tasks';
import { waitForReady } from './helpers';

// ../shared beside the checkout, as the unit tests find it; never copied into the repo.
const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/data/trec-dl19');
const CANDIDATES = path.join(DATA, 'retrieve_results_dl19.json');
const QRELS = path.join(DATA, 'qrels.dl19-passage.txt');
const hasData = existsSync(CANDIDATES) && existsSync(QRELS);

const URL = '/eval.html?model=/models/test/bert-tiny&device=wasm';
const QUERIES = 3;
const DEPTH = 20;

async function readReport(page: import('@playwright/test').Page): Promise<EvalReport> {
  return JSON.parse((await page.getByTestId('eval-report').getAttribute('data-json'))!) as EvalReport;
}

test('reranks the first DL19 queries and reports input-order metrics equal to the Node harness', async ({ page }) => {
  test.skip(!hasData, `no TREC DL19 data at ${DATA} (expected ../shared/data/trec-dl19 beside the checkout)`);
  await page.goto(URL);
  await waitForReady(page);
  await page.getByTestId('candidates-input').setInputFiles(CANDIDATES);
  await page.getByTestId('qrels-input').setInputFiles(QRELS);
  await expect(page.getByTestId('candidates-status')).toContainText('43 queries');
  await page.getByTestId('depth-input').fill(String(DEPTH));
  await page.getByTestId('queries-input').fill(String(QUERIES));
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('eval-report')).toBeVisible();

  const qrels = parseQrels(readFileSync(QRELS, 'utf8'));
  const subset = parseCandidates(readFileSync(CANDIDATES, 'utf8'))
    .slice(0, QUERIES)
    .map((q) => ({ ...q, hits: q.hits.slice(0, DEPTH) }));
  const expected = evaluate(qrels, orderedRunFromCandidates(subset), { threshold: 2 });

  const report = await readReport(page);
  expect(report.threshold).toBe(2);
  expect(report.input.perQuery).toEqual(expected.perQuery);
  expect(report.input.mean).toEqual(expected.mean);
  expect(report.reranked.mean.queries).toBe(QUERIES);
  expect(report.reranked.perQuery.map((q) => q.qid)).toEqual(expected.perQuery.map((q) => q.qid));
  for (const value of [report.reranked.mean.ndcg10, report.reranked.mean.ndcg20, report.reranked.mean.mrr10, report.reranked.mean.map]) {
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(1);
  }
  expect(report.table).toContain('| Dataset | NDCG@10 | NDCG@20 | MRR@10 | MAP |');
  expect(report.table).toContain('trec_eval -l 2');
  await expect(page.getByTestId('wins-losses')).toContainText('wins');
  await expect(page.getByTestId('ndcg-chart').locator('rect')).toHaveCount(2 * QUERIES);

  // The reranked run as a TREC run file: read back by the project's run parser in trec_eval's order, it scores what the page reports.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-trec').click()]);
  expect(download.suggestedFilename()).toMatch(/^retrieve_results_dl19-bert-tiny-.*\.run$/);
  const runText = readFileSync((await download.path())!, 'utf8');
  expect(runText.split('\n')[0]).toMatch(/^\S+ Q0 \S+ 1 -?\d[\d.e+-]* bert-tiny$/);
  const readBack = evaluate(qrels, orderedRunFromTrecRun(parseRun(runText)), { threshold: 2 });
  expect(readBack.perQuery.map((q) => q.ndcg10)).toEqual(report.reranked.perQuery.map((q) => q.ndcg10));
  expect(readBack.mean.ndcg10).toBe(report.reranked.mean.ndcg10);
  expect(parseRun(runText).get(report.reranked.perQuery[0]!.qid)).toHaveLength(DEPTH);
  await expect(page.getByTestId('export-trec-status')).toContainText(`Saved ${QUERIES} queries`);

  // The threshold rescoring needs no new rerank.
  await page.getByTestId('threshold-input').fill('1');
  await expect(page.getByTestId('eval-report')).toHaveAttribute('data-json', /"threshold":1,/);
  const relaxed = await readReport(page);
  expect(relaxed.input.mean).toEqual(evaluate(qrels, orderedRunFromCandidates(subset), { threshold: 1 }).mean);
  expect(relaxed.reranked.perQuery.map((q) => q.ndcg10)).toEqual(report.reranked.perQuery.map((q) => q.ndcg10));

  await page.getByTestId('queries-input').fill('');
  await page.getByTestId('depth-input').fill('100');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('eval-progress')).toContainText(/Reranking query \d+ of 43/);
  await page.getByTestId('cancel-button').click();
  await expect(page.getByTestId('eval-notice')).toContainText('Cancelled');
  await expect(page.getByTestId('eval-report')).toHaveCount(0);
  await expect(page.getByTestId('run-button')).toBeEnabled();
});

test('a malformed qrels file gives an error naming the line', async ({ page }) => {
  await page.goto('/eval.html');
  await page.getByTestId('qrels-input').setInputFiles({
    name: 'bad-qrels.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('19335 0 1017759 0\n19335 0 1082489\n'),
  });
  await expect(page.getByTestId('error')).toContainText('bad-qrels.txt: qrels line 2');
  await expect(page.getByTestId('qrels-status')).toContainText('No file chosen');
});

/** A qrels file of `queries` × `perQuery` judgments, 19 bytes a line. */
function writeQrels(file: string, queries: number, perQuery: number): void {
  const fd = openSync(file, 'w');
  for (let q = 0; q < queries; q++) {
    const lines = Array.from({ length: perQuery }, (_, d) => `${100_000 + q} 0 ${1_000_000 + d} ${d % 4}\n`);
    writeSync(fd, lines.join(''));
  }
  closeSync(fd);
}

/** A candidates file of `queries` × `perQuery` hits of a 300-character passage. */
function writeCandidates(file: string, queries: number, perQuery: number): void {
  const content = 'Lamps glow because a filament is heated; the light bulb was invented by Thomas Edison in 1879. '.repeat(3);
  const fd = openSync(file, 'w');
  writeSync(fd, '[');
  for (let q = 0; q < queries; q++) {
    const hits = Array.from({ length: perQuery }, (_, r) => ({ content, qid: q, docid: q * 1000 + r, rank: r + 1, score: 20 - r / 10 }));
    writeSync(fd, `${q ? ',' : ''}${JSON.stringify({ query: `query ${q}`, hits })}`);
  }
  writeSync(fd, ']');
  closeSync(fd);
}

test('45 MiB qrels and candidates files are read in slices that leave the page responsive; a file over 50 MiB gets the limit sentence', async ({
  page,
}) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'eval-files-'));
  const large = path.join(dir, 'large-qrels.txt');
  writeQrels(large, 2000, 1240);
  const candidates = path.join(dir, 'large-candidates.json');
  writeCandidates(candidates, 1350, 100);
  const huge = path.join(dir, 'huge-qrels.txt');
  writeFileSync(huge, '');
  truncateSync(huge, 60 * 1024 * 1024);

  await page.goto('/eval.html');
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] });
  const longest = await longestTask(page, async () => {
    await page.evaluate(() => performance.mark('read-start'));
    await page.getByTestId('qrels-input').setInputFiles(large);
    await expect(page.getByTestId('qrels-status')).toHaveText('large-qrels.txt: 2000 queries, 2480000 judgments');
    await page.getByTestId('candidates-input').setInputFiles(candidates);
    await expect(page.getByTestId('candidates-status')).toHaveText('large-candidates.json: 1350 queries, 135000 candidates');
    await page.evaluate(() => performance.mark('read-end'));
  });
  const [busiest, runnerUp] = busiestTasks(await browser.stopTracing(), 'read-start', 'read-end', 2);
  console.log(
    `[eval] reading 45 MiB of qrels and of candidates: longest task ${longest.toFixed(0)} ms wall; most CPU in one task ${busiest!.cpu.toFixed(0)} ms (posted from ${busiest!.postedFrom}), then ${runnerUp!.cpu.toFixed(0)} ms`,
  );
  // CPU time, as e2e/main-thread.spec.ts judges the page: on this shared machine (load 24 on two
  // cores when measured) other processes stretched a 65 ms task to 1 s of wall-clock time.
  // The slices are 40 ms, but the 2.48 million judgments kept make V8 collect garbage inside some
  // of them (traced: tasks of 60-140 ms), and a stretched task on top must not fail the gate; a
  // parse that holds the page fails all three bounds (before the slicing it was one task, 46 s of
  // wall-clock time there).
  expect(runnerUp!.cpu, 'the second-busiest task (ms of CPU)').toBeLessThan(200);
  expect(busiest!.cpu, 'the busiest task (ms of CPU)').toBeLessThan(500);
  expect(longest, 'no freeze (ms, wall clock)').toBeLessThan(5000);

  for (const input of ['qrels-input', 'candidates-input']) {
    await page.getByTestId(input).setInputFiles(huge);
    await expect(page.getByTestId('error')).toContainText('huge-qrels.txt is 60 MiB; the limit is 50 MiB.');
    await page.getByRole('button', { name: 'Dismiss' }).click();
  }
  await expect(page.getByTestId('qrels-status')).toHaveText('large-qrels.txt: 2000 queries, 2480000 judgments');
  await expect(page.getByTestId('candidates-status')).toHaveText('large-candidates.json: 1350 queries, 135000 candidates');
});
