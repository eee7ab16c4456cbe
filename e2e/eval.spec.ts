import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { evaluate } from '../eval/metrics';
import { orderedRunFromCandidates, orderedRunFromTrecRun, parseCandidates, parseQrels, parseRun } from '../eval/trec';
import type { EvalReport } from '../web/eval/report';

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
  await expect(page.getByTestId('model-status')).toContainText('Ready', { timeout: 150_000 });
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
