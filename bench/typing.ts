/**
 * `npm run bench -- --only=typing`: the search page as a person uses it. The DL19 candidates are the
 * page's corpus; each query is typed at 8 characters per second, and after every keystroke BM25's
 * top 20 is reranked by the MiniLM-shaped q8 model on WASM at the default threads (pair-score cache
 * on, as the app ships). Per query: final keystroke → first reranked row and → settled top 10, and
 * the passages scored by reranks that a later keystroke superseded, and the same 20 pairs scored
 * again with nothing on screen changing (the model's share of the wait). Then, per query, top N grown
 * from 20 to 40 with the cache against without, and the cached scores against fresh ones.
 * `--quick`: the first 3 queries. Writes bench/results/typing-<timestamp>.json.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../scripts/free-port';
import { freshContext, launchBrowser } from './browser';
import { QUICK, RESULTS, flag, log } from './config';
import { loadDl19 } from './data';
import { ensureBertModel } from './models';
import { build, startPreview } from './server';
import { Bm25Index } from '../web/search/bm25';

const CHARS_PER_SECOND = 8;
const TOP_N = 20;

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;

/** Counts, in the page, the passages scored by rerank calls that a later one superseded (their CancelledError says how many). */
const COUNT_THROWN_AWAY = `(() => {
  const r = window.__reranker;
  const original = r.rerank.bind(r);
  window.__thrownAway = 0;
  r.rerank = (query, passages, options = {}) => {
    window.__lastCall = { query, passages };
    const call = original(query, passages, options);
    call.catch((e) => {
      const scored = e?.name === 'CancelledError' && /\\((\\d+) of \\d+ passages scored\\)/.exec(e.message);
      if (scored) window.__thrownAway += Number(scored[1]);
    });
    return call;
  };
})(); true`;

/** Resolves, in the page, once the key pressed next has been answered: first reranked row and settled top 10, in ms after the keydown. */
const WATCH_FINAL_KEY = `window.__final = new Promise((resolve) => {
  let t0 = null, first = null;
  addEventListener('keydown', () => { t0 = performance.now(); }, { once: true, capture: true });
  const check = () => {
    if (t0 === null) return;
    const list = document.querySelector('[data-testid="reranked-list"]');
    const rows = list ? list.querySelectorAll('[data-testid="reranked-result"]').length : 0;
    if (first === null && rows > 0 && performance.now() > t0) first = performance.now() - t0;
    if (list && rows >= Math.min(10, ${TOP_N}) && list.getAttribute('aria-busy') === 'false') {
      observer.disconnect();
      resolve({ firstMs: first ?? performance.now() - t0, top10Ms: performance.now() - t0 });
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { subtree: true, childList: true, attributes: true });
}); true`;

export async function runTyping(): Promise<void> {
  const bert = ensureBertModel();
  const dist = join(RESULTS, 'dist');
  if (!flag('no-build')) build(dist);
  const port = await freePort();
  const preview = await startPreview(port, dist);
  const base = `http://127.0.0.1:${port}`;
  const { browser } = await launchBrowser(base);
  const queries = loadDl19().slice(0, QUICK ? 3 : undefined);
  const seen = new Set<string>();
  const docs = loadDl19()
    .flatMap((q) => q.hits)
    .filter((h) => !seen.has(h.docid) && seen.add(h.docid))
    .map((h) => ({ id: h.docid, text: h.content }));
  const corpus = docs.map((d) => JSON.stringify(d)).join('\n');
  // The page's own index, built the same way, gives the top 40 for the growth measurement.
  const index = Bm25Index.of(docs);
  const load0 = loadavg();
  const perQuery: {
    query: string;
    firstMs: number;
    top10Ms: number;
    floorMs: number;
    thrownAway: number;
    growthSpeedup: number;
    maxAbsDelta: number;
  }[] = [];
  try {
    const page = await (await freshContext(browser)).newPage();
    await page.goto(`${base}/search.html?testHooks&cache&model=/models/test/${bert.name}&device=wasm&dtype=q8`);
    await page.getByTestId('model-status').filter({ hasText: 'Ready' }).waitFor({ timeout: 300_000 });
    await page
      .getByTestId('corpus-input')
      .setInputFiles({ name: 'dl19.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(corpus) });
    await page
      .getByTestId('corpus-status')
      .filter({ hasText: `${seen.size} documents from dl19.jsonl` })
      .waitFor({ timeout: 120_000 });
    await page.getByTestId('indexing-status').waitFor({ state: 'detached', timeout: 300_000 });
    await page.evaluate(COUNT_THROWN_AWAY);
    // The same model without the cache, for the top-N growth it is compared against.
    const noCache = await (await freshContext(browser)).newPage();
    await noCache.goto(`${base}/?testHooks&model=/models/test/${bert.name}&device=wasm&dtype=q8`);
    await noCache.getByTestId('model-status').filter({ hasText: 'Ready' }).waitFor({ timeout: 300_000 });
    const input = page.getByTestId('search-input');
    for (const { query } of queries) {
      await input.fill('');
      await page.evaluate('window.__reranker.clearCache(); window.__thrownAway = 0; true');
      await input.pressSequentially(query.slice(0, -1), { delay: 1000 / CHARS_PER_SECOND });
      await page.evaluate(WATCH_FINAL_KEY);
      await page.waitForTimeout(1000 / CHARS_PER_SECOND);
      await input.press(query.slice(-1));
      const { firstMs, top10Ms } = (await page.evaluate('window.__final')) as { firstMs: number; top10Ms: number };
      const thrownAway = (await page.evaluate('window.__thrownAway')) as number;
      // The same 20 pairs scored again by the page's reranker, cache cleared, nothing rendered: the model's share of top10Ms.
      const floorMs = (await page.evaluate(
        `(async () => { const r = window.__reranker, c = window.__lastCall; r.clearCache(); return (await r.rerank(c.query, c.passages)).timing.totalMs; })()`,
      )) as number;
      // Top N grown from 20 to 40: with the cache the first 20 are answered from it; without (page B), all 40 are scored, batched.
      const top40 = index.top(query, 40).map((hit) => hit.doc.text);
      const growth: { cachedMs: number; delta: number; speedup?: number } = (await page.evaluate(
        `(async () => {
        const r = window.__reranker, q = ${JSON.stringify(query)}, top40 = ${JSON.stringify(top40)};
        r.clearCache();
        const top20 = await r.rerank(q, top40.slice(0, 20));
        const t = performance.now();
        await r.rerank(q, top40);
        const cachedMs = performance.now() - t;
        r.clearCache();
        const reversed = top40.slice().reverse();
        const fresh = await r.rerank(q, reversed);
        const freshScore = new Map(fresh.ranking.map((s) => [reversed[s.index], s.score]));
        let delta = 0;
        for (const s of top20.ranking) delta = Math.max(delta, Math.abs(s.score - freshScore.get(top40[s.index])));
        return { cachedMs, delta };
      })()`,
      )) as { cachedMs: number; delta: number };
      const uncachedMs = (await noCache.evaluate(
        `(async () => { const t = performance.now(); await window.__reranker.rerank(${JSON.stringify(query)}, ${JSON.stringify(top40)}); return performance.now() - t; })()`,
      )) as number;
      growth.speedup = uncachedMs / growth.cachedMs;
      perQuery.push({ query, firstMs, top10Ms, floorMs, thrownAway, growthSpeedup: growth.speedup ?? 0, maxAbsDelta: growth.delta });
      log(
        `typing "${query}": first ${firstMs.toFixed(0)} ms, top 10 ${top10Ms.toFixed(0)} ms (scoring alone ${floorMs.toFixed(0)}), thrown away ${thrownAway}, growth ×${(growth.speedup ?? 0).toFixed(2)}, |Δ| ${growth.delta}`,
      );
    }
  } finally {
    await browser.close();
    preview.kill();
  }
  const goals = {
    typingTop10P95Ms_wasm_q8: p95(perQuery.map((q) => q.top10Ms)),
    typingFirstResultP95Ms_wasm_q8: p95(perQuery.map((q) => q.firstMs)),
    cacheSpeedupTopNGrowth_wasm_q8: median(perQuery.map((q) => q.growthSpeedup)),
    cacheScoreMaxAbsDelta_wasm_q8: Math.max(...perQuery.map((q) => q.maxAbsDelta)),
  };
  const thrown = perQuery.map((q) => q.thrownAway);
  const scoringAlone = { medianMs: median(perQuery.map((q) => q.floorMs)), p95Ms: p95(perQuery.map((q) => q.floorMs)) };
  const file = join(RESULTS, `typing-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const loadEnd = loadavg();
  writeFileSync(
    file,
    JSON.stringify(
      {
        cpus: cpus().length,
        loadAverage: { start: load0, end: loadEnd },
        model: bert.name,
        topN: TOP_N,
        goals,
        scoringAlone,
        thrownAwayPerQuery: thrown,
        perQuery,
      },
      null,
      2,
    ),
  );
  console.log(JSON.stringify({ goals, scoringAlone, thrownAwayMean: thrown.reduce((a, b) => a + b, 0) / thrown.length }, null, 2));
  log(`typing: wrote ${file}`);
}
