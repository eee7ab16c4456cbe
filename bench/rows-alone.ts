/**
 * What batch-independent scoring (`independentRows`, which the pair-score cache turns on) costs
 * on q8: passages/s of a 100-passage DL19 rerank with the engine's default batches and with every
 * row alone, alternated, on WASM at the default thread count. Run against a preview of the e2e
 * build: `npx tsx bench/rows-alone.ts http://localhost:4174 [model …]`. Figures in docs/design.md.
 */
import { benchInput } from './data';
import { freshContext, launchBrowser, openAppPage, rerank } from './browser';
import { ensureBertModel } from './models';

const [base = 'http://localhost:4174', ...names] = process.argv.slice(2);
const models = names.length > 0 ? names : ['bert-tiny-q8', ensureBertModel().name];
const REPEATS = 3;
const input = benchInput(100);
const { browser } = await launchBrowser(base);
try {
  for (const model of models) {
    const page = await openAppPage(await freshContext(browser), base);
    await page.evaluate(`window.__bench.load('/models/test/${model}', { device: 'wasm', dtype: 'q8' })`);
    await rerank(page, { query: input.query, passages: input.passages.slice(0, 16) }, {}, 'warm-up');
    const rates: Record<'batched' | 'alone', number[]> = { batched: [], alone: [] };
    for (let i = 0; i < REPEATS; i++) {
      rates.batched.push((await rerank(page, input, {}, 'batched')).timing.passagesPerSecond);
      rates.alone.push((await rerank(page, input, { independentRows: true }, 'alone')).timing.passagesPerSecond);
    }
    const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [batched, alone] = [median(rates.batched), median(rates.alone)];
    console.log(
      `${model} q8 wasm, 100 passages: batched ${batched.toFixed(1)} p/s, alone ${alone.toFixed(1)} p/s ` +
        `(${((alone / batched - 1) * 100).toFixed(0)} %); runs ${JSON.stringify(rates)}`,
    );
    await page.context().close();
  }
} finally {
  await browser.close();
}
