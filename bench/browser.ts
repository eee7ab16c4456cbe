/**
 * The browser side: Chromium with the project's flags and a raw CDP port, one fresh page (new
 * context, new worker) per group, driven through `window.__reranker` (`/?testHooks`).
 */
import { loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { chromiumArgs } from '../playwright.config';
import { freePort } from '../scripts/free-port';
import type { ModelInfo, RerankOptions, RerankResult } from '../worker/api';
import { CdpConnection, attachPageAndWorker, sampleHeap, startProfile, stopProfile, summarizeProfile, type PageSessions } from './cdp';
import { CHROMIUM, RESULTS, RUN_TIMEOUT_MS, log } from './config';
import { benchInput, type BenchInput } from './data';
import { browserProfileDir, peakRss, rendererPids, rssKb } from './procmem';
import { describe, fastest, maxRows, warmInput, type Extra, type Group, type Measure, type Row } from './rows';

/** Page-side helpers, installed as a string so no bundler helper ends up inside page code. */
const PAGE_HELPERS = `window.__bench = {
  async load(model, options) {
    const t0 = performance.now();
    const info = await window.__reranker.load(model, options);
    return { info, loadMs: performance.now() - t0, isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency };
  },
  async rerank(query, passages, options) {
    let firstMs = null, partials = 0;
    const t0 = performance.now();
    const result = await window.__reranker.rerank(query, passages, {
      ...options,
      onPartial: () => {
        if (firstMs === null) firstMs = performance.now() - t0;
        partials++;
      },
    });
    const totalMs = performance.now() - t0;
    const scores = new Array(passages.length);
    for (const s of result.ranking) scores[s.index] = s.score;
    return { firstMs, totalMs, partials, timing: result.timing, truncated: result.truncated, scores };
  },
}; true`;

export interface PageLoad {
  info: ModelInfo;
  loadMs: number;
  isolated: boolean;
  cores: number;
}

export interface PageRerank extends Pick<RerankResult, 'timing' | 'truncated'> {
  firstMs: number;
  totalMs: number;
  partials: number;
  scores: number[];
}

export interface BenchBrowser {
  browser: Browser;
  /** Null when the raw connection failed: heap peaks and profiles are then skipped. */
  cdp: CdpConnection | null;
  /** Null off Linux: renderer RSS is then not measured. */
  profileDir: string | null;
  /** The preview server's origin. */
  base: string;
}

/** `args` replaces the project's flags (a real GPU needs others than SwiftShader). */
export async function launchBrowser(base: string, args = chromiumArgs): Promise<BenchBrowser> {
  const cdpPort = await freePort();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...args, `--remote-debugging-port=${cdpPort}`, '--remote-allow-origins=*'],
  });
  const profileDir = browserProfileDir(cdpPort);
  let cdp: CdpConnection | null = null;
  try {
    cdp = await CdpConnection.connect(cdpPort);
  } catch (error) {
    log(`no raw CDP connection (${String(error)}): heap peaks and profiles are skipped`);
  }
  return { browser, cdp, profileDir, base };
}

export const js = (v: unknown) => JSON.stringify(v);

/** A fresh context (a fresh worker, no cache) without the app's service worker, whose precaching of the build (27 MB) would overlap a timed first load. */
export const freshContext = (browser: Browser): Promise<BrowserContext> => browser.newContext({ serviceWorkers: 'block' });

/** Opens the app at `search` (`testHooks` added) in `context` and installs the bench's page helpers once `window.__reranker` is there. */
export async function openAppPage(context: BrowserContext, base: string, search = ''): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  await page.goto(`${base}/?testHooks${search}`);
  await page.waitForFunction('!!window.__reranker', undefined, { timeout: 60_000 });
  await page.evaluate(PAGE_HELPERS);
  return page;
}

/** A fresh page of the app. A thread count other than the default must reach ONNX Runtime before anything starts it (the app's prewarm, its default model's load), so it goes in `search`. */
export async function openPage(browser: Browser, base: string, search = ''): Promise<Page> {
  return openAppPage(await freshContext(browser), base, search);
}

function mb(bytes: number | undefined | null): number | undefined {
  return bytes === undefined || bytes === null || bytes === 0 ? undefined : Math.round((bytes / 2 ** 20) * 10) / 10;
}

/** A run past the limit fails its group (its page is closed, which ends the worker) and the bench goes on. */
export async function withTimeout<T>(promise: Promise<T>, what: string, limitMs = RUN_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${limitMs / 1000} s`)), limitMs);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

function rerankOptions(m: Measure): RerankOptions {
  return { batching: m.batching, ...(m.batchSize ? { batchSize: m.batchSize } : {}) };
}

export async function rerank(page: Page, input: BenchInput, options: RerankOptions, what: string): Promise<PageRerank> {
  return (await withTimeout(
    page.evaluate(`window.__bench.rerank(${js(input.query)}, ${js(input.passages)}, ${js(options)})`),
    what,
  )) as PageRerank;
}

/** Loads the group's model in a fresh page, measures its rows into `rows`, and returns the page's `info().threads` for the native replay. */
export async function runBrowserGroup(
  { browser, cdp, profileDir, base }: BenchBrowser,
  g: Group,
  rows: Row[],
  extra: Extra,
): Promise<number> {
  log(`${g.label}: loading ${g.model} on ${g.device}/${g.dtype}${g.wasmThreads ? `, wasmThreads ${g.wasmThreads}` : ''}`);
  const page = await openPage(browser, base, g.wasmThreads ? `&threads=${g.wasmThreads}` : '');
  let threads = 1;
  try {
    const loaded = (await withTimeout(
      page.evaluate(
        `window.__bench.load(${js(`/models/test/${g.model}`)}, ${js({ device: g.device, dtype: g.dtype, ...(g.wasmThreads ? { wasmThreads: g.wasmThreads } : {}) })})`,
      ),
      `${g.label} load`,
    )) as PageLoad;
    threads = loaded.info.threads;
    if (loaded.info.device !== g.device || loaded.info.dtype !== g.dtype) {
      throw new Error(
        `asked for ${g.device}/${g.dtype}, got ${loaded.info.device}/${loaded.info.dtype}: ${loaded.info.fallbackReason ?? ''}`,
      );
    }
    extra.loads.push({
      group: g.label,
      loadMs: Math.round(loaded.loadMs),
      threads,
      crossOriginIsolated: loaded.isolated,
      hardwareConcurrency: loaded.cores,
      adapter: loaded.info.adapter,
    });
    log(
      `  loaded in ${Math.round(loaded.loadMs)} ms (incl. the engine's one-pair warm-up); info().threads ${threads}, crossOriginIsolated ${loaded.isolated}`,
    );

    let sessions: PageSessions | null = null;
    if (cdp) {
      try {
        sessions = await attachPageAndWorker(cdp, `${base}/`, 'reranker');
      } catch (error) {
        log(`  (no CDP session on the worker, heap not sampled: ${String(error)})`);
      }
    }
    // The renderer hosting page and worker: the one that now holds the model.
    const renderer = profileDir ? ([...rendererPids(profileDir)].sort((a, b) => rssKb(b) - rssKb(a))[0] ?? null) : null;
    const rss = peakRss(renderer);
    await rerank(page, warmInput(g), {}, `${g.label} warm-up`);

    for (const m of g.runs) {
      const input = benchInput(m.passages);
      const load1 = loadavg()[0]!;
      rss.reset();
      const sampler = cdp && sessions ? sampleHeap(cdp, sessions) : null;
      const results: PageRerank[] = [];
      try {
        for (let i = 0; i < (m.repeat ?? 1); i++) results.push(await rerank(page, input, rerankOptions(m), `${g.label} ${describe(m)}`));
      } finally {
        await sampler?.stop();
      }
      const heap = await sampler?.stop();
      const peakRssMB = rss.peakMB();
      const r = fastest(results);
      rows.push({
        model: g.model,
        runtime: 'browser',
        device: g.device,
        dtype: g.dtype,
        batching: m.batching,
        ...(m.batchSize ? { batchSize: m.batchSize } : {}),
        maxRows: maxRows(m, g.device),
        threads,
        ...(g.wasmThreads ? { wasmThreadsOption: g.wasmThreads } : {}),
        passages: m.passages,
        passagesPerSecond: m.passages / (r.totalMs / 1000),
        firstResultMs: r.firstMs,
        totalMs: r.totalMs,
        runsMs: results.map((x) => Math.round(x.totalMs)),
        tokenizeMs: r.timing.tokenizeMs,
        inferenceMs: r.timing.inferenceMs,
        partials: r.partials,
        peakJsHeapMB: mb(heap?.jsHeapUsed),
        peakWorkerJsHeapMB: mb(heap?.workerJsHeapUsed),
        peakWorkerBackingStoreMB: mb(heap?.workerBackingStore),
        heapSamples: heap?.samples,
        ...(peakRssMB !== null ? { peakRendererRssMB: peakRssMB } : {}),
        loadAvg1: load1,
        scores: r.scores,
      });
      log(
        `  ${describe(m)}: ${results.map((x) => Math.round(x.totalMs)).join(' / ')} ms (${(m.passages / (r.totalMs / 1000)).toFixed(1)} passages/s), ` +
          `first result ${Math.round(r.firstMs)} ms, tokenize ${Math.round(r.timing.tokenizeMs)} ms, ${r.partials} batches, load avg ${load1.toFixed(1)}`,
      );
    }

    if (g.profile && cdp && sessions) {
      const input = benchInput(g.profile.passages);
      await startProfile(cdp, sessions.worker);
      const r = await rerank(page, input, rerankOptions(g.profile), `${g.label} profile`);
      const profile = await stopProfile(cdp, sessions.worker);
      const file = join(RESULTS, `profile-${g.model}-${g.device}-${g.dtype}-${g.profile.batching}-${g.profile.passages}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      extra.profiles.push({
        group: g.label,
        run: g.profile,
        file,
        rerankTotalMs: Math.round(r.totalMs),
        tokenizeMs: Math.round(r.timing.tokenizeMs),
        inferenceMs: Math.round(r.timing.inferenceMs),
        workerMainThread: summarizeProfile(profile),
      });
      log(`  profiled ${describe(g.profile)} (${Math.round(r.totalMs)} ms under the profiler) → ${file}`);
    }
  } finally {
    await page.context().close();
  }
  return threads;
}
