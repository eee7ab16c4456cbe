/**
 * The engine against what a developer would use instead: plain transformers.js as documented
 * (bench/peer/), in the same browser, on the same model file, device (WASM), threads and
 * passages, back to back. Both load the model from the (simulated) hub, so the browser caches it
 * as it would a real one: time to ready is measured cold (new context, empty caches) and warm
 * (new pages once the model is in the Cache API, the median of five), from page open until a rerank can start.
 */
import { loadavg } from 'node:os';
import type { BrowserContext, Page } from '@playwright/test';
import { SimulatedHub } from '../e2e/simulated-hub';
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
async function engineReady(
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

async function peerReady(
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

/** Cold once, then warm on new pages of the same context; the last warm page stays open for the reranks. */
async function readiness<T extends { page: Page; readyMs: number; phases: Readiness['phases'] }>(
  who: Readiness['who'],
  dtype: Dtype,
  threads: () => number,
  open: () => Promise<T>,
  out: Readiness[],
): Promise<T> {
  const cold = await open();
  out.push({
    who,
    dtype,
    cache: 'cold',
    readyMs: Math.round(cold.readyMs),
    runsMs: [Math.round(cold.readyMs)],
    phases: cold.phases,
    threads: threads(),
  });
  await cold.page.close();
  const warm: T[] = [];
  for (let i = 0; i < WARM_PAGES; i++) {
    if (warm.length) await warm.at(-1)!.page.close();
    warm.push(await open());
  }
  const median = [...warm].sort((a, b) => a.readyMs - b.readyMs)[Math.floor(warm.length / 2)]!;
  out.push({
    who,
    dtype,
    cache: 'warm',
    readyMs: Math.round(median.readyMs),
    runsMs: warm.map((w) => Math.round(w.readyMs)),
    phases: median.phases,
    threads: threads(),
  });
  log(`  ${who} ${dtype} ready: cold ${Math.round(cold.readyMs)} ms, warm ${warm.map((w) => Math.round(w.readyMs)).join(' / ')} ms`);
  return warm.at(-1)!;
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

/** A fresh context (empty caches) in which the hub answers for the bench model; closed after `fn`. */
async function inHubContext(
  browser: BenchBrowser['browser'],
  model: string,
  fn: (context: BrowserContext) => Promise<void>,
): Promise<void> {
  const context = await freshContext(browser);
  try {
    await SimulatedHub.install(context, { [HUB_ID]: model });
    await fn(context);
  } finally {
    await context.close();
  }
}

/** For each dtype: the engine (ready cold and warm, then its default rerank), then the peer (the same, then one call and chunks of 8). */
export async function runPeers({ browser, base }: BenchBrowser, plan: PeerPlan, rows: Row[], ready: Readiness[]): Promise<void> {
  const encoder = await nodeEncoder(plan.model, 'cross-encoder', 512);
  const input = benchInput(plan.passages);
  const group = { warm: 64 } as Group;
  const warm = warmInput(group);
  for (const dtype of plan.dtypes) {
    log(`peers ${dtype}: engine (the app, prewarm on) and plain transformers.js, ${plan.passages} passages`);
    let threads = 1;
    await inHubContext(browser, plan.model, async (context) => {
      const engine = await readiness(
        'engine',
        dtype,
        () => threads,
        async () => {
          const r = await engineReady(context, base, dtype);
          threads = r.threads;
          return r;
        },
        ready,
      );
      await rerank(engine.page, warm, {}, 'engine warm-up');
      const runs: PageRerank[] = [];
      for (let i = 0; i < REPEAT; i++) runs.push(await rerank(engine.page, input, {}, `engine ${dtype} × ${plan.passages}`));
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
    });

    await inHubContext(browser, plan.model, async (context) => {
      const peer = await readiness(
        'peer',
        dtype,
        () => threads,
        () => peerReady(context, base, dtype, threads),
        ready,
      );
      await peerRerank(peer.page, warm, undefined, 'peer warm-up');
      for (const [calls, chunk] of [
        ['one call', undefined],
        ['chunks of 8', PEER_CHUNK],
      ] as [PeerCalls, number | undefined][]) {
        const runs: PeerResult[] = [];
        for (let i = 0; i < REPEAT; i++) runs.push(await peerRerank(peer.page, input, chunk, `peer ${calls}`));
        rows.push(row(plan.model, dtype, threads, plan.passages, 'peer', calls, runs, bertMatmulGflop(plan.model, fastest(runs).shapes)));
        log(
          `  peer ${calls}: ${runs.map((r) => Math.round(r.totalMs)).join(' / ')} ms, first result ${Math.round(fastest(runs).firstMs)} ms`,
        );
      }
    });
  }
}
