import { expect, test, type Page } from '@playwright/test';
import { Bm25Index } from '../web/search/bm25';
import { DEMO_CORPUS } from '../web/search/demo-corpus';
import { busiestTasks } from './main-thread-tasks';

const index = Bm25Index.of(DEMO_CORPUS);
const bm25Ids = (query: string) => index.top(query, 20).map((hit) => hit.doc.id);
const ids = (page: Page, testId: string) => page.getByTestId(testId).evaluateAll((els) => els.map((el) => el.getAttribute('data-id')!));

/** The reranked column holds exactly `query`'s BM25 hits and says it has settled. */
async function expectSettledOn(page: Page, query: string) {
  const expected = bm25Ids(query);
  await expect(page.getByTestId('search-status')).toContainText(`“${query}”`);
  await expect(page.getByTestId('reranked-list')).toHaveAttribute('aria-busy', 'false');
  expect(await ids(page, 'bm25-result')).toEqual(expected);
  expect((await ids(page, 'reranked-result')).sort()).toEqual([...expected].sort());
}

test('typing searches and reranks live; the column settles, and more typing supersedes it at once', async ({ page }) => {
  await page.goto('/search.html?model=/models/test/bert-tiny&device=wasm');
  await expect(page.getByTestId('model-status')).toContainText('Ready', { timeout: 150_000 });
  const input = page.getByTestId('search-input');
  const browser = page.context().browser()!;

  // 8 characters per second, as a person types; no button, no Enter.
  await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] });
  await page.evaluate(() => performance.mark('typing-start'));
  await input.pressSequentially('electric light', { delay: 125 });
  await expect(page.getByTestId('bm25-result').first()).toBeVisible();
  await expectSettledOn(page, 'electric light');
  await page.evaluate(() => performance.mark('typing-end'));
  const [busiest, runnerUp] = busiestTasks(await browser.stopTracing(), 'typing-start', 'typing-end', 2);
  const described = (task: { cpu: number; postedFrom: string }) => `${task.cpu.toFixed(1)} ms CPU (${task.postedFrom})`;
  console.log(`[live-search] busiest main-thread tasks while typing: ${described(busiest!)}, then ${described(runnerUp!)}`);
  // A page that blocks does so at every keystroke; one stretched task is the shared machine (e2e/main-thread.spec.ts says how).
  expect(runnerUp!.cpu, 'the second-busiest task (ms of CPU)').toBeLessThan(50);
  expect(busiest!.cpu, 'no freeze: the busiest task (ms of CPU)').toBeLessThan(200);

  // One more keystroke: the settled column is superseded at once (busy again), then settles on the new query.
  // Watched from before the key: the new rerank may settle (much of it from the cache) before a poll would look.
  await page.evaluate(() => {
    const w = window as unknown as { __wentBusy: boolean };
    w.__wentBusy = false;
    const busy = (node: Node) => node instanceof Element && node.matches('[data-testid="reranked-list"][aria-busy="true"]');
    new MutationObserver((records) => {
      for (const r of records)
        w.__wentBusy ||=
          busy(r.target) ||
          [...r.addedNodes].some(
            (n) => busy(n) || (n instanceof Element && n.querySelector('[data-testid="reranked-list"][aria-busy="true"]') !== null),
          );
    }).observe(document.body, { subtree: true, childList: true, attributeFilter: ['aria-busy'] });
  });
  await input.press('s');
  await expect.poll(() => page.evaluate(() => (window as unknown as { __wentBusy: boolean }).__wentBusy)).toBe(true);
  await input.pressSequentially(' bulb', { delay: 125 });
  await expectSettledOn(page, 'electric lights bulb');

  // The button and Enter still search (the pairs now come from the cache).
  await input.press('Enter');
  await expectSettledOn(page, 'electric lights bulb');
  await input.fill('planets and moons');
  await page.getByTestId('search-button').click();
  await expectSettledOn(page, 'planets and moons');
});
