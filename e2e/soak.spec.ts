import { expect, test, type Browser, type Page } from '@playwright/test';
import { rssKb } from '../bench/procmem';
import { chromiumArgs } from '../playwright.config';
import { openWithModel, rerankInUi } from './helpers';
import { BERT_TINY, LLAMA_TINY } from './test-models';

const MODELS = [BERT_TINY, LLAMA_TINY];
const RERANKS = 200;
const SWITCH_EVERY = 10;
/**
 * Allowed growth from the sample after the first 10 reranks to the last. Live memory (the JS
 * heaps, and the worker's ArrayBuffers and WASM memory) must stay flat; the renderers' resident
 * memory also grows by about 0.6 MB per model load outside all of those (measured: docs/security.md).
 */
const LIVE_GROWTH_MB = 16;
const RSS_GROWTH_MB = 150;

// gc() in the page and its worker, so that samples compare live memory rather than garbage not yet collected;
// precise memory info, or performance.memory is rounded to coarse buckets.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...chromiumArgs, '--js-flags=--expose-gc', '--enable-precise-memory-info'],
  },
});

interface Sample {
  after: number;
  /** Resident memory of every renderer process: the page, its worker, everything they allocated. */
  rssMB: number;
  pageHeapMB: number;
  workerHeapMB: number;
  /** ArrayBuffers held by the worker, ONNX Runtime's WASM memory among them. */
  workerBuffersMB: number;
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 16) / 16;

/** From /proc, for the pids Chromium reports as renderers. */
async function rendererMB(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await cdp.detach();
  return Math.round(processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + rssKb(String(p.id)), 0) / 1024);
}

interface HeapUsage {
  usedSize: number;
  embedderHeapUsedSize?: number;
  backingStorageSize?: number;
}

/** The worker's heap usage, asked over the page's DevTools session (Playwright gives workers none of their own). */
async function workerHeap(page: Page): Promise<HeapUsage> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    // ONNX Runtime's pthread workers are workers too, and one parked in Atomics.wait never answers.
    const worker = targetInfos.find((t) => t.type === 'worker' && t.url.includes('reranker'));
    if (!worker) throw new Error(`The reranker worker is not running: ${targetInfos.map((t) => t.url).join(', ')}`);
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false })) as { sessionId: string };
    const reply = new Promise<HeapUsage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The worker ${worker.url} did not report its heap in 30 s.`)), 30_000);
      cdp.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
        const message = JSON.parse(event.message) as { id?: number; result?: HeapUsage };
        if (message.id === 1) {
          clearTimeout(timer);
          resolve(message.result!);
        }
      });
    });
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }) });
    return await reply;
  } finally {
    await cdp.detach();
  }
}

async function sample(browser: Browser, page: Page, after: number): Promise<Sample> {
  const gc = () => (globalThis as unknown as { gc: () => void }).gc();
  await page
    .workers()
    .find((w) => w.url().includes('reranker'))!
    .evaluate(gc);
  const pageHeap = await page.evaluate(() => {
    (globalThis as unknown as { gc: () => void }).gc();
    return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
  });
  const heap = await workerHeap(page);
  return {
    after,
    rssMB: await rendererMB(browser),
    pageHeapMB: mb(pageHeap),
    workerHeapMB: mb(heap.usedSize + (heap.embedderHeapUsedSize ?? 0)),
    workerBuffersMB: mb(heap.backingStorageSize ?? 0),
  };
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
  const curve: Sample[] = [];
  let switches = 0;
  for (let i = 1; i <= RERANKS; i++) {
    // Consecutive sizes always differ, so each wait sees this rerank's list and not the last one's.
    const size = 1 + ((i * 37) % 150);
    const passages = Array.from(
      { length: size },
      (_, k) => `passage ${k} of run ${i}: ${'light bulb filament '.repeat(1 + ((k * 7) % 12))}`,
    );
    expect(await rerankInUi(page, `query ${i} about light bulbs`, passages)).toHaveLength(size);
    await expect(page.getByTestId('error')).toHaveCount(0);
    if (i % SWITCH_EVERY === 0) {
      await switchModel(page, MODELS[(i / SWITCH_EVERY) % 2]!);
      switches++;
    }
    if (i === SWITCH_EVERY || i % 20 === 0) curve.push(await sample(browser, page, i));
  }
  console.log(`soak: ${RERANKS} reranks, ${switches} model switches`);
  console.table(curve);
  expect(switches).toBe(RERANKS / SWITCH_EVERY);
  const [first, last] = [curve[0]!, curve.at(-1)!];
  expect(first.rssMB).toBeGreaterThan(0);
  expect(first.workerBuffersMB).toBeGreaterThan(0);
  expect(last.pageHeapMB - first.pageHeapMB).toBeLessThan(LIVE_GROWTH_MB);
  expect(last.workerHeapMB - first.workerHeapMB).toBeLessThan(LIVE_GROWTH_MB);
  expect(last.workerBuffersMB - first.workerBuffersMB).toBeLessThan(LIVE_GROWTH_MB);
  expect(last.rssMB - first.rssMB).toBeLessThan(RSS_GROWTH_MB);
});
