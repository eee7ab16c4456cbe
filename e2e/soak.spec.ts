import { expect, test, type Browser, type Page } from '@playwright/test';
import { rssKb } from '../bench/procmem';
import { openWithModel, rerankInUi } from './helpers';

const MODELS = ['/models/test/bert-tiny', '/models/test/llama-tiny'];
const RERANKS = 200;
const SWITCH_EVERY = 10;
/** Allowed growth of the renderers' memory from after the first reranks to the end; see docs/security.md for the measured curve. */
const GROWTH_BOUND_MB = 150;

/** Resident memory of every renderer process (the page, its worker, their WASM heaps), from /proc via the pids Chromium reports. */
async function rendererMB(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await cdp.detach();
  const kb = processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + rssKb(String(p.id)), 0);
  return Math.round(kb / 1024);
}

async function switchModel(page: Page, model: string) {
  await page.getByTestId('model-url-input').fill(model);
  await page.getByRole('button', { name: 'Use' }).click();
  await page.getByTestId('load-button').click();
  await expect(page.getByTestId('model-status')).toContainText(`Ready: ${model}`, { timeout: 60_000 });
}

test('200 reranks and 20 model switches in one page settle every call and leak no memory', async ({ page, browser }) => {
  test.setTimeout(900_000);
  await openWithModel(page, MODELS[0]!, { device: 'wasm' });
  const curve: { after: number; mb: number }[] = [];
  let switches = 0;
  for (let i = 1; i <= RERANKS; i++) {
    // Consecutive sizes always differ, so each wait sees this rerank's list and not the last one's.
    const size = 1 + ((i * 37) % 150);
    const passages = Array.from({ length: size }, (_, k) => `passage ${k} of run ${i}: ${'light bulb filament '.repeat(1 + ((k * 7) % 12))}`);
    expect(await rerankInUi(page, `query ${i} about light bulbs`, passages)).toHaveLength(size);
    await expect(page.getByTestId('error')).toHaveCount(0);
    if (i % SWITCH_EVERY === 0) {
      await switchModel(page, MODELS[(i / SWITCH_EVERY) % 2]!);
      switches++;
    }
    if (i === SWITCH_EVERY || i % 40 === 0) curve.push({ after: i, mb: await rendererMB(browser) });
  }
  console.log(`soak: ${RERANKS} reranks, ${switches} model switches; renderer RSS by rerank: ${curve.map((c) => `${c.after}: ${c.mb} MB`).join(', ')}`);
  expect(switches).toBe(RERANKS / SWITCH_EVERY);
  const baseline = curve[0]!.mb;
  expect(baseline).toBeGreaterThan(0);
  expect(curve.at(-1)!.mb - baseline).toBeLessThan(GROWTH_BOUND_MB);
});
