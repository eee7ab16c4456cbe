import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openWithModel, pasteInto } from './helpers';

const DL19 = path.resolve('..', 'shared', 'data', 'trec-dl19', 'retrieve_results_dl19.json');

/** Real passages when ../shared is there; otherwise synthetic ones of similar length. */
function thousandPassages(): string[] {
  if (existsSync(DL19)) {
    const queries = JSON.parse(readFileSync(DL19, 'utf8')) as { hits: { content: string }[] }[];
    return queries.flatMap((q) => q.hits.map((h) => h.content.replace(/\s+/g, ' '))).slice(0, 1000);
  }
  return Array.from({ length: 1000 }, (_, i) => `passage ${i} ` + 'about light and bulbs and other things '.repeat(1 + (i % 12)));
}

interface Observed {
  longest: number;
  sawPartial: boolean;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** The most CPU time one task took on the page's main thread, from a Chromium trace (µs → ms). */
function longestTaskCpuMs(trace: Buffer): number {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const mainThreads = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}/${e.tid}`),
  );
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && mainThreads.has(`${e.pid}/${e.tid}`));
  expect(tasks.length, 'the trace has main-thread tasks').toBeGreaterThan(100);
  return Math.max(...tasks.map((e) => (e.tdur ?? 0) / 1000));
}

/**
 * Clicks Rerank and waits for all 1000 results from inside the page: Playwright's own
 * polling (visibility checks force style and layout) would add main-thread tasks of its own.
 */
async function observedRerank(page: Page): Promise<Observed & { longestCpu: number }> {
  await page.context().browser()!.startTracing(page, { categories: ['toplevel'] });
  await page.evaluate(() => {
    const w = window as unknown as { __observed: Observed };
    w.__observed = { longest: 0, sawPartial: false };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__observed.longest = Math.max(w.__observed.longest, entry.duration);
    }).observe({ type: 'longtask' });
    const watcher = new MutationObserver(() => {
      if (!document.querySelector('[data-testid="partial-status"]')) return;
      w.__observed.sawPartial = true;
      watcher.disconnect();
    });
    watcher.observe(document.body, { childList: true, subtree: true });
  });
  await page.getByTestId('rerank-button').click();
  await page.waitForFunction(
    () =>
      !(document.querySelector('[data-testid="rerank-button"]') as HTMLButtonElement).disabled &&
      document.querySelector('[data-testid="timing"]') !== null &&
      document.querySelectorAll('[data-testid="result"]').length === 1000,
    undefined,
    { polling: 250, timeout: 170_000 },
  );
  // Let any render still queued after the last result land inside the observation.
  await page.waitForTimeout(500);
  const longestCpu = longestTaskCpuMs(await page.context().browser()!.stopTracing());
  return { ...(await page.evaluate(() => (window as unknown as { __observed: Observed }).__observed)), longestCpu };
}

test('a 1000-passage rerank streams with no main-thread task over 50 ms of CPU', async ({ page }) => {
  await openWithModel(page, '/models/test/bert-tiny', { device: 'wasm' });
  await page.getByTestId('query-input').fill('when was the light bulb invented');
  await pasteInto(page.getByTestId('passages-input'), thousandPassages().join('\n'));
  // The paste itself is saved to localStorage shortly after (one synchronous write); the runs are what is measured.
  await page.waitForTimeout(1000);

  // The page's own work is judged by CPU time per task, which other processes cannot stretch:
  // the wall-clock figure (the longtask API) is logged, and bounded only against freezes,
  // because on this shared 2-core machine any busy neighbour, and in the first rerank after a
  // load V8 optimizing ONNX Runtime's WASM in the background (~4 s of compile threads, traced),
  // can preempt the main thread mid-task. Quiet runs here show no long task at all.
  for (const run of ['first rerank after load', 'next rerank']) {
    const observed = await observedRerank(page);
    console.log(`[main-thread] ${run}: longest task ${observed.longest.toFixed(0)} ms wall, most CPU in one task ${observed.longestCpu.toFixed(0)} ms`);
    expect(observed.sawPartial).toBe(true);
    expect(observed.longestCpu).toBeLessThan(50);
    expect(observed.longest).toBeLessThan(150);
  }
});
