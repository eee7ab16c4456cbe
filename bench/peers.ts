/**
 * The engine against what a developer would use instead: plain transformers.js as documented
 * (bench/peer/), in the same browser, on the same model file, device (WASM), threads and
 * passages, back to back. Both load the model from the (simulated) hub, so the browser caches it
 * as it would a real one: time to ready is measured cold (new context, empty caches) and warm
 * (new pages once the model is in the Cache API, engine and peer taking turns, the median of
 * five), from page open until a rerank can start.
 */
import { loadavg } from 'node:os';
import type { BrowserContext, Page } from '@playwright/test';
import { SimulatedHub } from '../e2e/simulated-hub';
import { median as medianOf } from '../e2e/test-models';
import type { Dtype, LoadTiming, ModelInfo } from '../worker/api';
import { freshContext, openAppPage, rerank, withTimeout, js, type BenchBrowser, type PageRerank } from './browser';
import { log } from './config';
import { benchInput, type BenchInput } from './data';
import { engineShapes, bertMatmulGflop, type Shape } from './flops';
import { nodeEncoder } from './encode';
import { fastest, warmInput, type Group, type PeerCalls, type Readiness, type Row } from './rows';

/** The hub repository the bench model is served as, to engine and peer alike. */
const HUB_ID = 'bench/bert-minilm';
/** Warm time to ready is the median of this many new pages: single pages on two shared cores vary by ±0.3 s. */
const WARM_PAGES = 5;
const REPEAT = 2;
const PEER_CHUNK = 8;

export interface PeerPlan {
  model: string;
  dtypes: Dtype[];
  passages: number;
}

interface PeerResult {
  firstMs: number;
  totalMs: number;
  scores: number[];
  shapes: Shape[];
}

const relative = (origin: number, spans: Record<string, { start: number; end: number }>) =>
  Object.fromEntries(
    Object.entries(spans).map(([k, s]) => [k, { startMs: Math.round(s.start - origin), endMs: Math.round(s.end - origin) }]),
  );

/** Opens the app with the model in its URL (it loads on its own, prewarm included) and waits until the model is ready. */
export async function engineReady(
  context: BrowserContext,
  base: string,
  dtype: Dtype,
): Promise<{ page: Page; readyMs: number; phases: Readiness['phases']; threads: number }> {
  const page = await openAppPage(context, base, `&model=${encodeURIComponent(HUB_ID)}&device=wasm&dtype=${dtype}`);
  const { info, origin } = (await withTimeout(
    page.evaluate(`(async () => {
      for (;;) {
        const info = await window.__reranker.info();
        if (info) return { info, origin: performance.timeOrigin };
        await new Promise((r) => setTimeout(r, 20));
      }
    })()`),
    'engine load',
  )) as { info: ModelInfo; origin: number };
  const timing: LoadTiming = info.loadTiming;
  if (info.device !== 'wasm' || info.dtype !== dtype) throw new Error(`the app loaded ${info.device}/${info.dtype}, not wasm/${dtype}`);
  const { ready, ...spans } = timing;
  return { page, readyMs: ready - origin, phases: relative(origin, spans), threads: info.threads };
}

export async function peerReady(
  context: BrowserContext,
  base: string,
  dtype: Dtype,
  threads: number,
): Promise<{ page: Page; readyMs: number; phases: Readiness['phases'] }> {
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`peer page error: ${e.message}`));
  await page.goto(`${base}/peer/?model=${encodeURIComponent(HUB_ID)}&dtype=${dtype}&threads=${threads}`);
  const { timing, origin } = (await withTimeout(
    page.evaluate('window.__peer.ready.then((r) => ({ ...r, origin: performance.timeOrigin }))'),
    'peer load',
  )) as { timing: Record<string, { start: number; end: number }>; origin: number };
  return { page, readyMs: timing.runtimeAndSession!.end - origin, phases: relative(origin, timing) };
}

/** The middle value (the upper one of an even count). */

type Opened = { page: Page; readyMs: number; phases: Readiness['phases'] };

/** Lets a closed page's renderer wind down before the next page is timed: two cores, shared. */
export const SETTLE_MS = 500;

/**
 * Each side cold once (its own context, empty caches), then WARM_PAGES rounds of a new page per
 * side, engine and peer taking turns, so that a change in the machine's load falls on both. The
 * last warm page of each side stays open for the reranks.
 */
async function readiness(
  sides: { who: Readiness['who']; open: () => Promise<Opened> }[],
  dtype: Dtype,
  threads: () => number,
  out: Readiness[],
): Promise<Opened[]> {
  const result = (who: Readiness['who'], cache: Readiness['cache'], pages: Opened[], shown: Opened) =>
    out.push({
      who,
      dtype,
      cache,
      readyMs: Math.round(shown.readyMs),
      runsMs: pages.map((p) => Math.round(p.readyMs)),
      phases: shown.phases,
      threads: threads(),
    });
  const warm: Opened[][] = sides.map(() => []);
  for (const side of sides) {
    const cold = await side.open();
    result(side.who, 'cold', [cold], cold);
    log(`  ${side.who} ${dtype} cold ready: ${Math.round(cold.readyMs)} ms`);
    await cold.page.close();
  }
  for (let round = 0; round < WARM_PAGES; round++) {
    for (const [i, side] of sides.entries()) {
      const previous = warm[i]!.at(-1);
      if (previous) await previous.page.close();
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      warm[i]!.push(await side.open());
    }
  }
  return sides.map((side, i) => {
    const pages = warm[i]!;
    const median = pages.find((p) => p.readyMs === medianOf(pages.map((q) => q.readyMs)))!;
    result(side.who, 'warm', pages, median);
    log(
      `  ${side.who} ${dtype} warm ready: ${pages.map((w) => Math.round(w.readyMs)).join(' / ')} ms (median ${Math.round(median.readyMs)})`,
    );
    return pages.at(-1)!;
  });
}

function peerRerank(page: Page, input: BenchInput, chunk: number | undefined, what: string): Promise<PeerResult> {
  return withTimeout(
    page.evaluate(`window.__peer.rerank(${js(input.query)}, ${js(input.passages)}, ${js(chunk)})`),
    what,
  ) as Promise<PeerResult>;
}

function row(
  model: string,
  dtype: Dtype,
  threads: number,
  passages: number,
  runtime: Row['runtime'],
  batching: Row['batching'],
  results: { firstMs: number; totalMs: number; scores: number[] }[],
  gflop: number,
): Row {
  const r = fastest(results);
  return {
    model,
    runtime,
    device: 'wasm',
    dtype,
    batching,
    maxRows: batching === 'one call' ? passages : 8,
    threads,
    passages,
    passagesPerSecond: passages / (r.totalMs / 1000),
    firstResultMs: r.firstMs,
    totalMs: r.totalMs,
    runsMs: results.map((x) => Math.round(x.totalMs)),
    tokenizeMs: NaN,
    inferenceMs: NaN,
    loadAvg1: loadavg()[0]!,
    scores: r.scores,
    matmulGflop: gflop,
  };
}

/** A fresh context (empty caches) in which the hub answers for the bench model. */
export async function hubContext(browser: BenchBrowser['browser'], model: string): Promise<BrowserContext> {
  const context = await freshContext(browser);
  await SimulatedHub.install(context, { [HUB_ID]: model });
  return context;
}

/** For each dtype: time to ready for the engine (the app, prewarm on) and the peer, pages taking turns; then the engine's default rerank, and the peer's one call and chunks of 8. */
export async function runPeers({ browser, base }: BenchBrowser, plan: PeerPlan, rows: Row[], ready: Readiness[]): Promise<void> {
  const encoder = await nodeEncoder(plan.model, 'cross-encoder', 512);
  const input = benchInput(plan.passages);
  const group = { warm: 64 } as Group;
  const warm = warmInput(group);
  for (const dtype of plan.dtypes) {
    log(`peers ${dtype}: engine (the app, prewarm on) and plain transformers.js, ${plan.passages} passages`);
    let threads = 1;
    const engineContext = await hubContext(browser, plan.model);
    const peerContext = await hubContext(browser, plan.model);
    try {
      const [engine, peer] = await readiness(
        [
          {
            who: 'engine',
            open: async () => {
              const r = await engineReady(engineContext, base, dtype);
              threads = r.threads;
              return r;
            },
          },
          { who: 'peer', open: () => peerReady(peerContext, base, dtype, threads) },
        ],
        dtype,
        () => threads,
        ready,
      );
      await engineRows(engine!.page, plan, dtype, threads, encoder, input, warm, rows);
      await peerRows(peer!.page, plan, dtype, threads, input, warm, rows);
    } finally {
      await engineContext.close();
      await peerContext.close();
    }
  }
}

async function engineRows(
  page: Page,
  plan: PeerPlan,
  dtype: Dtype,
  threads: number,
  encoder: Awaited<ReturnType<typeof nodeEncoder>>,
  input: BenchInput,
  warm: BenchInput,
  rows: Row[],
): Promise<void> {
  await rerank(page, warm, {}, 'engine warm-up');
  const runs: PageRerank[] = [];
  for (let i = 0; i < REPEAT; i++) runs.push(await rerank(page, input, {}, `engine ${dtype} × ${plan.passages}`));
  const measure = { batching: 'dynamic' as const, passages: plan.passages };
  const engineRow = row(
    plan.model,
    dtype,
    threads,
    plan.passages,
    'browser',
    'dynamic',
    runs,
    bertMatmulGflop(plan.model, engineShapes(encoder, input, measure)),
  );
  engineRow.maxRows = 8;
  const best = fastest(runs);
  engineRow.tokenizeMs = best.timing.tokenizeMs;
  engineRow.inferenceMs = best.timing.inferenceMs;
  engineRow.partials = best.partials;
  rows.push(engineRow);
  log(
    `  engine: ${runs.map((r) => Math.round(r.totalMs)).join(' / ')} ms, first result ${Math.round(best.firstMs)} ms (${threads} threads)`,
  );
}

async function peerRows(
  page: Page,
  plan: PeerPlan,
  dtype: Dtype,
  threads: number,
  input: BenchInput,
  warm: BenchInput,
  rows: Row[],
): Promise<void> {
  await peerRerank(page, warm, undefined, 'peer warm-up');
  for (const [calls, chunk] of [
    ['one call', undefined],
    ['chunks of 8', PEER_CHUNK],
  ] as [PeerCalls, number | undefined][]) {
    const runs: PeerResult[] = [];
    for (let i = 0; i < REPEAT; i++) runs.push(await peerRerank(page, input, chunk, `peer ${calls}`));
    rows.push(row(plan.model, dtype, threads, plan.passages, 'peer', calls, runs, bertMatmulGflop(plan.model, fastest(runs).shapes)));
    log(`  peer ${calls}: ${runs.map((r) => Math.round(r.totalMs)).join(' / ')} ms, first result ${Math.round(fastest(runs).firstMs)} ms`);
  }
}
