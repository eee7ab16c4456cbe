import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { busiestTask } from './main-thread-tasks';
import { openWithModel, pasteInto } from './helpers';
import { BERT_TINY, median } from './test-models';

const DL19 = path.resolve('..', 'shared', 'data', 'trec-dl19', 'retrieve_results_dl19.json');

/** Real passages when ../shared is there; otherwise synthetic ones of similar length. */
function thousandPassages(): string[] {
  if (existsSync(DL19)) {
    const queries = JSON.parse(readFileSync(DL19, 'utf8')) as { hits: { content: string }[] }[];
    return queries.flatMap((q) => q.hits.map((h) => h.content.replace(/\s+/g, ' '))).slice(0, 1000);
  }
  return Array.from({ length: 1000 }, (_, i) => `passage ${i} ` + 'about light and bulbs and other things '.repeat(1 + (i % 12)));
}

/**
 * A few words each: the model's time grows with passage length and the plot's cost does not, so
 * short passages keep three 10,000-passage reranks within minutes on a busy machine (full-length
 * ones took over three minutes each there).
 */
function shortPassages(count: number): string[] {
  const words = ['light bulb', 'filament', 'banana', 'telephone', 'orbit', 'patent', 'lamp glow', 'stock market', 'cats sleep'];
  return Array.from({ length: count }, (_, i) => `${words[i % words.length]} ${words[(i * 7) % words.length]} ${i}`);
}

interface Observed {
  longest: number;
  sawPartial: boolean;
}

/**
 * Clicks Rerank and waits from inside the page, in one evaluate, for `rows` results and the score
 * plot of all `passages`: the window between the marks then holds the page's own tasks only.
 * Playwright's click and its polling would add tasks of their own (actionability checks, its
 * injected script compiling).
 */
async function observedRerank(
  page: Page,
  { rows, passages }: { rows: number; passages: number },
): Promise<Observed & { busiest: { cpu: number; postedFrom: string } }> {
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] });
  const observed = await page.evaluate(
    async ({ rows, passages }) => {
      const seen: Observed = { longest: 0, sawPartial: false };
      const longTasks = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) seen.longest = Math.max(seen.longest, entry.duration);
      });
      longTasks.observe({ type: 'longtask' });
      const watcher = new MutationObserver(() => {
        if (document.querySelector('[data-testid="partial-status"]')) seen.sawPartial = true;
      });
      watcher.observe(document.body, { childList: true, subtree: true });
      const button = document.querySelector<HTMLButtonElement>('[data-testid="rerank-button"]')!;
      const done = () =>
        !button.disabled &&
        document.querySelector('[data-testid="timing"]') !== null &&
        document.querySelectorAll('[data-testid="result"]').length === rows &&
        document.querySelector(`[data-testid="score-plot"][data-passages="${passages}"]`) !== null;
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

      performance.mark('observe-start');
      setTimeout(() => button.click());
      await sleep(250);
      while (!done()) await sleep(250);
      // Let any render still queued after the last result land inside the observation.
      await sleep(500);
      performance.mark('observe-end');
      longTasks.disconnect();
      watcher.disconnect();
      return seen;
    },
    { rows, passages },
  );
  return { ...observed, busiest: busiestTask(await browser.stopTracing(), 'observe-start', 'observe-end') };
}

/**
 * `E2E_CORES=n` has the page report n cores (CDP `Emulation.setHardwareConcurrencyOverride`),
 * so the reranker's default thread count follows n (bench/README.md, "Threads"): how the thread
 * default was checked against this test. Unset, the machine's own count applies.
 */
const EMULATED_CORES = Number(process.env.E2E_CORES ?? 0);

async function openBertTiny(page: Page): Promise<void> {
  if (EMULATED_CORES) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: EMULATED_CORES });
  }
  await openWithModel(page, BERT_TINY, { device: 'wasm' });
  const threads = await page.getByText(/^\d+ threads?$/).textContent();
  console.log(`[main-thread] ${EMULATED_CORES || 'real'} cores: ${threads}`);
}

/**
 * The page's own work is judged by CPU time per task, which other processes stretch far less
 * than wall-clock time: on this shared 2-core machine any busy neighbour, and in the first
 * rerank after a load V8 optimizing ONNX Runtime's WASM in the background (~4 s of compile
 * threads, traced), can preempt the main thread mid-task. CPU time is not immune either (a
 * virtual machine's stolen time counts as the thread's; a GC can land in any task): one
 * rerank in about ten here had a task of 49 ms where the rest peaked at 11-31 ms. So the
 * bounds apply to the median of three reranks: a page that blocks does so in every rerank,
 * while one hiccup of the machine fails nothing. Each rerank must still be free of freezes.
 */
async function threeReranks(page: Page, label: string, expected: { rows: number; passages: number }) {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (const [take, run] of ['first rerank after load', 'second rerank', 'third rerank'].entries()) {
    // A query of its own each time: the app's pair-score cache would answer a repeated one at once, with nothing to stream.
    await page.getByTestId('query-input').fill(`when was the light bulb invented, take ${take + 1}`);
    const observed = await observedRerank(page, expected);
    const { busiest } = observed;
    console.log(
      `[main-thread] ${label}, ${run}: longest task ${observed.longest.toFixed(0)} ms wall; most CPU in one task ${busiest.cpu.toFixed(0)} ms (posted from ${busiest.postedFrom})`,
    );
    expect(observed.sawPartial).toBe(true);
    expect(observed.longest, 'no freeze').toBeLessThan(1000);
    cpu.push(busiest.cpu);
    wall.push(observed.longest);
  }
  expect(median(cpu), 'median over the reranks of the most CPU one task used (ms)').toBeLessThan(50);
  expect(median(wall), 'median over the reranks of the longest task (ms, wall clock)').toBeLessThan(150);
}

test('1000-passage reranks stream with no main-thread task over 50 ms of CPU', async ({ page }) => {
  await openBertTiny(page);
  await pasteInto(page.getByTestId('passages-input'), thousandPassages().join('\n'));
  // The paste itself is saved to localStorage shortly after (one synchronous write); the runs are what is measured.
  await page.waitForTimeout(1000);
  await threeReranks(page, '1000 passages', { rows: 1000, passages: 1000 });
});

test('a 10,000-passage rerank draws its score plot as bins, with a bounded SVG and no main-thread task over 50 ms of CPU', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await openBertTiny(page);
  await pasteInto(page.getByTestId('passages-input'), shortPassages(10_000).join('\n'));
  // The list shows the top 100, so the plot of all 10,000 scores is what this case adds to the page's work.
  await page.getByTestId('top-k').fill('100');
  await page.waitForTimeout(1000);
  await threeReranks(page, '10,000 passages', { rows: 100, passages: 10_000 });

  const plot = page.getByTestId('score-plot');
  await expect(plot).toHaveAttribute('data-kind', 'bins');
  const { nodes, covered } = await plot.evaluate((svg) => ({
    nodes: svg.querySelectorAll('*').length,
    covered: [...svg.querySelectorAll('[data-group]')].reduce(
      (n, g) => n + Number(g.getAttribute('data-end')) - Number(g.getAttribute('data-start')),
      0,
    ),
  }));
  expect(covered, 'the bins hold every passage').toBe(10_000);
  // 40 bins of four nodes, the axis, the cut and the labels.
  expect(nodes).toBeLessThanOrEqual(200);
  await expect(page.getByTestId('score-plot-cut')).toContainText('top 100');
});
