/**
 * `npm run bench`: speed of the built app's engine in headless Chromium (WASM, and WebGPU on
 * SwiftShader), seed-style batching (`fixed`) against the engine's (`dynamic`), fp32 against q8/q4,
 * and onnxruntime-node on the same model, ids, batches and thread count as the CPU ceiling.
 * Prints a markdown table and writes bench/results/<timestamp>.json. See bench/README.md.
 *
 * Flags: --no-build (reuse bench/results/dist), --quick (100 passages, fewest rows, ~6 min),
 * --full (also measure fixed × 1000, q8/q4 × 1000, WebGPU × 100: far past 10 minutes),
 * --only=bert|llama, --no-profile, --profile-llama, --no-native, --no-webgpu, --no-kernels.
 * Env: BENCH_WEBGPU_PASSAGES (default 2), BENCH_RUN_TIMEOUT_S (default 300, per rerank),
 * CHROMIUM_PATH (default /usr/bin/chromium).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumArgs } from '../playwright.config';
import { CdpConnection, attachPageAndWorker, sampleHeap, startProfile, stopProfile, summarizeProfile, type PageSessions } from './cdp';
import { REPO_ROOT, benchInput } from './data';
import { DEFAULT_MAX_ROWS, FIRST_BATCH_ROWS, FIXED_BATCH_ROWS, TOKEN_BUDGET } from '../worker/batching';
import { nodeEncoder, type Batching, type NodeEncoder } from './encode';
import { BERT_MODEL, TEST_MODELS_DIR, ensureBertModel, type GeneratedFolder } from './models';
import { openNative, runNative, type NativeModel, type NodeRuntime } from './native';
import { browserProfileDir, peakRss, rendererPids, rssKb } from './procmem';
import { kernelBench, kernelTable, type KernelResult } from './kernels';
import { llamaGroups } from './llama';
import { freePort } from '../scripts/free-port';

const args = new Set(process.argv.slice(2));
const flag = (name: string) => args.has(`--${name}`);
const only = [...args].find((a) => a.startsWith('--only='))?.slice('--only='.length);
const QUICK = flag('quick');
const FULL = flag('full');
const RESULTS = join(REPO_ROOT, 'bench/results');
const DIST = join(RESULTS, 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** WebGPU here is SwiftShader (Vulkan on the CPU): ~0.1 passages/s for these models, so its rows are tiny. */
const WEBGPU_PASSAGES = Number(process.env.BENCH_WEBGPU_PASSAGES ?? 2);
const RUN_TIMEOUT_MS = Number(process.env.BENCH_RUN_TIMEOUT_S ?? 300) * 1000;

type Dtype = 'fp32' | 'q8' | 'q4';
type Device = 'wasm' | 'webgpu';
const FILE_OF: Record<Dtype, string> = { fp32: 'model.onnx', q8: 'model_quantized.onnx', q4: 'model_q4.onnx' };

export interface Measure {
  batching: Batching;
  passages: number;
  /** RerankOptions.batchSize (most rows per batch); the engine's default when absent. */
  batchSize?: number;
  /** Runs of which the fastest is reported (the machine is shared; default 1). */
  repeat?: number;
  /** Browser only: no native counterpart. */
  browserOnly?: boolean;
}

export interface Group {
  label: string;
  model: string;
  family: 'cross-encoder' | 'llama-seq-cls';
  device: Device;
  dtype: Dtype;
  /** LoadOptions.wasmThreads; the engine's default (cores − 1, at most 4) when absent. */
  wasmThreads?: number;
  runs: Measure[];
  /** Run the same rows through onnxruntime-node. */
  native: boolean;
  /** CPU-profile the worker during this extra, unreported run. */
  profile?: Measure;
  /** Passages in the warm-up rerank (dynamic batching); enough to grow ONNX Runtime's memory to a full batch. */
  warm: number;
  /** Rows to replay through onnxruntime-web's WASM build inside Node (same ids, batches, threads). */
  wasmInNode?: Measure[];
}

export interface Row {
  model: string;
  /** `wasm-node`: onnxruntime-web's WASM build inside Node, the browser's kernels without the browser. */
  runtime: 'browser' | 'native' | 'wasm-node';
  device: Device | 'cpu';
  dtype: Dtype;
  batching: Batching;
  batchSize?: number;
  /** Most rows per batch in effect: batchSize, else the engine's default for the device and batching. */
  maxRows: number;
  threads: number;
  /** LoadOptions.wasmThreads of the browser row (or of the browser group a native row mirrors). */
  wasmThreadsOption?: number;
  passages: number;
  passagesPerSecond: number;
  firstResultMs: number;
  totalMs: number;
  /** Every repeat's total, fastest reported. */
  runsMs: number[];
  tokenizeMs: number;
  inferenceMs: number;
  batches?: number;
  partials?: number;
  /** Page + worker JS heap used (CDP Runtime.getHeapUsage, sampled every 100 ms), MB. */
  peakJsHeapMB?: number;
  peakWorkerJsHeapMB?: number;
  /** Worker ArrayBuffer backing stores (CDP backingStorageSize), MB. */
  peakWorkerBackingStoreMB?: number;
  heapSamples?: number;
  /** Peak resident memory of the page's renderer process during the run(s) (Linux VmHWM; page, worker, WASM memory, all), MB. */
  peakRendererRssMB?: number;
  /** vs the fp32 row of the same runtime/device/batching/passages. */
  maxAbsDeltaVsFp32?: number;
  meanAbsDeltaVsFp32?: number;
  /** Browser rows: vs the native row of the same dtype/batching/passages (checks both fed the same ids). */
  maxAbsDeltaVsNative?: number;
  /** Browser (or WASM-in-Node) passages/s ÷ native passages/s, same dtype/batching/passages/threads. */
  browserOverNative?: number;
  /** Not measured: scaled from a smaller run (see `estimatedFrom`). */
  estimated?: boolean;
  estimatedFrom?: string;
  loadAvg1: number;
  scores?: number[];
}

const LOG = join(RESULTS, 'bench.log');

function log(message: string): void {
  const line = `[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`;
  process.stderr.write(line);
  appendFileSync(LOG, line);
}

const VITE = join(REPO_ROOT, 'node_modules/vite/bin/vite.js');

/** The e2e build (it has the test hooks the bench drives) into bench/results/dist, so the bench never rewrites dist-e2e/ under someone's e2e run. */
function build(): void {
  log(`vite build → ${DIST}`);
  const r = spawnSync(process.execPath, [VITE, 'build', '--mode', 'e2e', '--outDir', DIST, '--emptyOutDir', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
}

async function startPreview(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [VITE, 'preview', '--outDir', DIST, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error(`vite preview did not start: ${output}`);
}

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
    const result = await window.__reranker.rerank(query, passages, options, () => {
      if (firstMs === null) firstMs = performance.now() - t0;
      partials++;
    });
    const totalMs = performance.now() - t0;
    const scores = new Array(passages.length);
    for (const s of result.ranking) scores[s.index] = s.score;
    return { firstMs, totalMs, partials, timing: result.timing, truncated: result.truncated, scores };
  },
}; true`;

interface PageRerank {
  firstMs: number;
  totalMs: number;
  partials: number;
  timing: { totalMs: number; tokenizeMs: number; inferenceMs: number; passagesPerSecond: number };
  truncated: number;
  scores: number[];
}

interface ModelInfoLike {
  device: string;
  dtype: string;
  threads: number;
  maxLength: number;
  adapter?: { vendor: string; architecture: string };
  fallbackReason?: string;
}

const js = (v: unknown) => JSON.stringify(v);

async function openPage(browser: Browser, base: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  await page.goto(`${base}/?testHooks`);
  await page.waitForFunction('!!window.__reranker', undefined, { timeout: 60_000 });
  await page.evaluate(PAGE_HELPERS);
  return page;
}

function mb(bytes: number | undefined | null): number | undefined {
  return bytes === undefined || bytes === null || bytes === 0 ? undefined : Math.round((bytes / 2 ** 20) * 10) / 10;
}

/** A run past the limit fails its group (its page is closed, which ends the worker) and the bench goes on. */
async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${RUN_TIMEOUT_MS / 1000} s`)), RUN_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

function rerankOptions(m: Pick<Measure, 'batching' | 'batchSize'>): Record<string, unknown> {
  return { batching: m.batching, ...(m.batchSize ? { batchSize: m.batchSize } : {}) };
}

const describe = (m: Measure) => `${m.batching}${m.batchSize ? ` ≤${m.batchSize} rows` : ''} × ${m.passages}`;

async function runGroup(browser: Browser, cdp: CdpConnection | null, profileDir: string | null, base: string, g: Group, rows: Row[], extra: Extra): Promise<number> {
  log(`${g.label}: loading ${g.model} on ${g.device}/${g.dtype}${g.wasmThreads ? `, wasmThreads ${g.wasmThreads}` : ''}`);
  const page = await openPage(browser, base);
  let threads = 1;
  try {
    const loaded = (await withTimeout(
      page.evaluate(`window.__bench.load(${js(`/models/test/${g.model}`)}, ${js({ device: g.device, dtype: g.dtype, ...(g.wasmThreads ? { wasmThreads: g.wasmThreads } : {}) })})`),
      `${g.label} load`,
    )) as { info: ModelInfoLike; loadMs: number; isolated: boolean; cores: number };
    threads = loaded.info.threads;
    if (loaded.info.device !== g.device || loaded.info.dtype !== g.dtype) {
      throw new Error(`asked for ${g.device}/${g.dtype}, got ${loaded.info.device}/${loaded.info.dtype}: ${loaded.info.fallbackReason ?? ''}`);
    }
    extra.loads.push({ group: g.label, loadMs: Math.round(loaded.loadMs), threads, crossOriginIsolated: loaded.isolated, hardwareConcurrency: loaded.cores, adapter: loaded.info.adapter });
    log(`  loaded in ${Math.round(loaded.loadMs)} ms (incl. the engine's one-pair warm-up); info().threads ${threads}, crossOriginIsolated ${loaded.isolated}`);

    let sessions: PageSessions | null = null;
    if (cdp) {
      try {
        sessions = await attachPageAndWorker(cdp, `${base}/`, 'reranker');
      } catch (error) {
        log(`  (no CDP session on the worker, heap not sampled: ${String(error)})`);
      }
    }
    // The renderer hosting page and worker: the one that now holds the model.
    const renderer = profileDir ? [...rendererPids(profileDir)].sort((a, b) => rssKb(b) - rssKb(a))[0] ?? null : null;
    const rss = peakRss(renderer);
    // Warm-up on other passages (query 2's hits): grows ONNX Runtime's memory to a full batch.
    const warm = benchInput(200);
    await withTimeout(page.evaluate(`window.__bench.rerank(${js(warm.query)}, ${js(warm.passages.slice(100, 100 + g.warm))}, {})`), `${g.label} warm-up`);

    for (const m of g.runs) {
      const input = benchInput(m.passages);
      const load1 = loadavg()[0]!;
      rss.reset();
      const sampler = cdp && sessions ? sampleHeap(cdp, sessions) : null;
      const results: PageRerank[] = [];
      try {
        for (let i = 0; i < (m.repeat ?? 1); i++) {
          results.push(
            (await withTimeout(
              page.evaluate(`window.__bench.rerank(${js(input.query)}, ${js(input.passages)}, ${js(rerankOptions(m))})`),
              `${g.label} ${describe(m)}`,
            )) as PageRerank,
          );
        }
      } finally {
        await sampler?.stop();
      }
      const heap = await sampler?.stop();
      const peakRssMB = rss.peakMB();
      const r = results.reduce((a, b) => (b.totalMs < a.totalMs ? b : a));
      rows.push({
        model: g.model,
        runtime: 'browser',
        device: g.device,
        dtype: g.dtype,
        batching: m.batching,
        ...(m.batchSize ? { batchSize: m.batchSize } : {}),
        maxRows: m.batchSize ?? (m.batching === 'fixed' ? FIXED_BATCH_ROWS : DEFAULT_MAX_ROWS[g.device]),
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
      const r = (await withTimeout(
        page.evaluate(`window.__bench.rerank(${js(input.query)}, ${js(input.passages)}, ${js(rerankOptions(g.profile))})`),
        `${g.label} profile`,
      )) as PageRerank;
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

async function runNativeGroup(g: Group, threads: number, encoder: NodeEncoder, rows: Row[], runtime: NodeRuntime = 'native', runs = g.runs): Promise<void> {
  const model: NativeModel = await openNative(join(TEST_MODELS_DIR, g.model), FILE_OF[g.dtype], threads, runtime);
  try {
    const warm = benchInput(200);
    await runNative(model, encoder, warm.query, warm.passages.slice(100, 100 + g.warm), 'dynamic');
    for (const m of runs.filter((x) => !x.browserOnly)) {
      const input = benchInput(m.passages);
      const load1 = loadavg()[0]!;
      const results = [];
      for (let i = 0; i < (m.repeat ?? 1); i++) results.push(await runNative(model, encoder, input.query, input.passages, m.batching, m.batchSize));
      const r = results.reduce((a, b) => (b.totalMs < a.totalMs ? b : a));
      rows.push({
        model: g.model,
        runtime: runtime === 'native' ? 'native' : 'wasm-node',
        device: 'cpu',
        dtype: g.dtype,
        batching: m.batching,
        ...(m.batchSize ? { batchSize: m.batchSize } : {}),
        maxRows: m.batchSize ?? (m.batching === 'fixed' ? FIXED_BATCH_ROWS : DEFAULT_MAX_ROWS.wasm),
        threads,
        ...(g.wasmThreads ? { wasmThreadsOption: g.wasmThreads } : {}),
        passages: m.passages,
        passagesPerSecond: r.passagesPerSecond,
        firstResultMs: r.firstBatchMs,
        totalMs: r.totalMs,
        runsMs: results.map((x) => Math.round(x.totalMs)),
        tokenizeMs: r.tokenizeMs,
        inferenceMs: r.inferenceMs,
        batches: r.batches,
        loadAvg1: load1,
        scores: r.scores,
      });
      log(
        `  ${runtime === 'native' ? 'native' : 'WASM in Node'} ${g.dtype} ${describe(m)} (${threads} threads): ${results.map((x) => Math.round(x.totalMs)).join(' / ')} ms ` +
          `(${r.passagesPerSecond.toFixed(1)} passages/s; ${r.batches} batches, ${r.paddedTokens} padded / ${r.realTokens} real tokens)`,
      );
    }
  } finally {
    await model.session.release();
  }
}

function absDelta(a: number[], b: number[]): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  a.forEach((x, i) => {
    const d = Math.abs(x - b[i]!);
    max = Math.max(max, d);
    sum += d;
  });
  return { max, mean: sum / a.length };
}

const rowKey = (r: Row) => `${r.model}|${r.runtime}|${r.device}|${r.dtype}|${r.threads}|${r.batchSize ?? ''}`;

/** Seed-style rows not measured at 1000 passages: every row is maxLength wide, so inference scales with rows. */
function estimateFixed(rows: Row[], target: number): void {
  const add: Row[] = [];
  for (const small of rows.filter((r) => r.batching === 'fixed' && r.passages < target && !r.estimated && r.device !== 'webgpu')) {
    if (rows.some((r) => rowKey(r) === rowKey(small) && r.batching === 'fixed' && r.passages === target)) continue;
    const dynamicTarget = rows.find((r) => rowKey(r) === rowKey(small) && r.batching === 'dynamic' && r.passages === target);
    const scale = target / small.passages;
    const tokenizeMs = dynamicTarget?.tokenizeMs ?? small.tokenizeMs * scale;
    const inferenceMs = small.inferenceMs * scale;
    const totalMs = tokenizeMs + inferenceMs;
    add.push({
      ...small,
      passages: target,
      totalMs,
      runsMs: [],
      tokenizeMs,
      inferenceMs,
      firstResultMs: small.firstResultMs + (tokenizeMs - small.tokenizeMs),
      passagesPerSecond: target / (totalMs / 1000),
      peakJsHeapMB: undefined,
      peakWorkerJsHeapMB: undefined,
      peakWorkerBackingStoreMB: undefined,
      peakRendererRssMB: undefined,
      heapSamples: undefined,
      partials: undefined,
      batches: undefined,
      scores: undefined,
      estimated: true,
      estimatedFrom: `fixed × ${small.passages}: inference × ${scale}, plus the tokenization time of the dynamic × ${target} run`,
    });
  }
  rows.push(...add);
}

function compare(rows: Row[]): void {
  const same = (a: Row, b: Row) =>
    a.model === b.model && a.batching === b.batching && a.passages === b.passages && a.threads === b.threads && a.batchSize === b.batchSize;
  for (const r of rows) {
    if (r.scores && r.dtype !== 'fp32') {
      const base = rows.find((b) => same(b, r) && b.runtime === r.runtime && b.device === r.device && b.dtype === 'fp32' && b.scores);
      if (base) {
        const d = absDelta(r.scores, base.scores!);
        r.maxAbsDeltaVsFp32 = d.max;
        r.meanAbsDeltaVsFp32 = d.mean;
      }
    }
    if (r.runtime !== 'native') {
      const native = rows.find((b) => same(b, r) && b.runtime === 'native' && b.dtype === r.dtype);
      if (native) {
        if (native.scores && r.scores) r.maxAbsDeltaVsNative = absDelta(r.scores, native.scores).max;
        if (r.device === 'wasm' || r.runtime === 'wasm-node') r.browserOverNative = r.passagesPerSecond / native.passagesPerSecond;
      }
    }
  }
}

const f = (v: number | undefined, digits = 0) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits));

function table(rows: Row[]): string {
  const header = [
    'model', 'runtime', 'dtype', 'batching', 'threads', 'passages', 'passages/s', 'first result ms', 'total ms',
    'tokenize ms', 'peak JS heap MB', 'peak renderer RSS MB', '\\|Δscore\\| vs fp32 max / mean', '÷ native (passages/s)',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
  const order = (r: Row) =>
    [r.model, r.runtime === 'native' ? 'z' : r.runtime === 'wasm-node' ? 'y' : r.device, r.dtype, 9 - r.threads, r.batching, r.batchSize ?? 999, String(r.passages).padStart(5)].join('|');
  for (const r of [...rows].sort((a, b) => (order(a) < order(b) ? -1 : 1))) {
    const runtime =
      r.runtime === 'native' ? 'onnxruntime-node' : r.runtime === 'wasm-node' ? 'onnxruntime-web WASM in Node' : r.device === 'wasm' ? 'browser WASM' : 'browser WebGPU (SwiftShader)';
    const ramp = r.batching === 'dynamic' && !r.batchSize ? `${FIRST_BATCH_ROWS} then ` : '';
    const batching = `${r.batching === 'fixed' ? 'seed-style (fixed)' : 'engine (dynamic)'}, ${ramp}≤${r.maxRows} rows${r.batchSize ? ' (batchSize)' : ''}`;
    lines.push(
      `| ${[
        r.model.replace(/^bench-/, ''),
        runtime,
        r.dtype,
        batching,
        r.threads,
        `${r.passages}${r.estimated ? ' (est.)' : ''}`,
        f(r.passagesPerSecond, r.passagesPerSecond < 1 ? 3 : 1),
        f(r.firstResultMs),
        f(r.totalMs),
        f(r.tokenizeMs),
        f(r.peakJsHeapMB, 1),
        f(r.peakRendererRssMB),
        r.maxAbsDeltaVsFp32 === undefined ? '–' : `${r.maxAbsDeltaVsFp32.toFixed(3)} / ${r.meanAbsDeltaVsFp32!.toFixed(3)}`,
        r.browserOverNative === undefined ? '–' : r.browserOverNative.toFixed(2),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

function goals(rows: Row[], model: string): Record<string, number | undefined> {
  const wasm = (r: Row) => r.model === model && r.runtime === 'browser' && r.device === 'wasm' && !r.wasmThreadsOption && !r.batchSize;
  const find = (p: (r: Row) => boolean) => rows.find((r) => wasm(r) && p(r));
  const pps = (p: (r: Row) => boolean) => find(p)?.passagesPerSecond;
  const div = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : a / b);
  const out: Record<string, number | undefined> = {};
  for (const n of [100, 1000]) {
    out[`engineOverSeed_wasm_fp32_${n}`] = div(pps((r) => r.dtype === 'fp32' && r.batching === 'dynamic' && r.passages === n), pps((r) => r.dtype === 'fp32' && r.batching === 'fixed' && r.passages === n));
    for (const d of ['fp32', 'q8', 'q4'] as const) {
      out[`browserOverNative_wasm_${d}_dynamic_${n}`] = find((r) => r.dtype === d && r.batching === 'dynamic' && r.passages === n)?.browserOverNative;
    }
    for (const q of ['q8', 'q4'] as const) {
      out[`${q}OverFp32_wasm_dynamic_${n}`] = div(pps((r) => r.dtype === q && r.batching === 'dynamic' && r.passages === n), pps((r) => r.dtype === 'fp32' && r.batching === 'dynamic' && r.passages === n));
      out[`${q}MaxAbsDelta_wasm_${n}`] = find((r) => r.dtype === q && r.batching === 'dynamic' && r.passages === n)?.maxAbsDeltaVsFp32;
    }
  }
  for (const d of ['fp32', 'q8', 'q4'] as const) {
    out[`firstResultMs_wasm_${d}_dynamic_100`] = find((r) => r.dtype === d && r.batching === 'dynamic' && r.passages === 100)?.firstResultMs;
  }
  const rows64 = rows.find((r) => r.model === model && r.runtime === 'browser' && r.device === 'wasm' && !r.wasmThreadsOption && r.batchSize === 64 && r.passages === 100);
  out.defaultRowsOver64Rows_wasm_fp32_100 = div(pps((r) => r.dtype === 'fp32' && r.batching === 'dynamic' && r.passages === 100), rows64?.passagesPerSecond);
  out.firstResultMs_wasm_fp32_64rows_100 = rows64?.firstResultMs;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

function bertGroups(): Group[] {
  const base = { model: BERT_MODEL, family: 'cross-encoder' as const, native: true, warm: 64 };
  const profile: Measure | undefined = flag('no-profile') ? undefined : { batching: 'dynamic', passages: 100 };
  const groups: Group[] = [
    {
      ...base,
      label: 'BERT WASM fp32',
      device: 'wasm',
      dtype: 'fp32',
      // Seed-style last: WASM memory never shrinks, so the rows after it would inherit its peak.
      runs: [
        { batching: 'dynamic', passages: 100, repeat: 2 },
        ...(QUICK
          ? []
          : [
              // The engine's earlier default (≤64 rows per batch) against today's (≤8 on WASM), and what a
              // 2-row first batch would do to the time to first result.
              { batching: 'dynamic', passages: 100, batchSize: 64, repeat: 2 } as Measure,
              { batching: 'dynamic', passages: 100, batchSize: 2, browserOnly: true } as Measure,
              { batching: 'dynamic', passages: 1000 } as Measure,
            ]),
        { batching: 'fixed', passages: 100 },
        ...(FULL ? [{ batching: 'fixed', passages: 1000 } as Measure] : []),
      ],
      ...(profile ? { profile } : {}),
      ...(QUICK ? {} : { wasmInNode: [{ batching: 'dynamic', passages: 100 } as Measure] }),
    },
    ...(['q8', 'q4'] as const).map(
      (dtype): Group => ({
        ...base,
        label: `BERT WASM ${dtype}`,
        device: 'wasm',
        dtype,
        runs: [{ batching: 'dynamic', passages: 100 }, ...(FULL ? [{ batching: 'dynamic', passages: 1000 } as Measure] : [])],
        ...(QUICK ? {} : { wasmInNode: [{ batching: 'dynamic', passages: 100 } as Measure] }),
      }),
    ),
  ];
  if (!QUICK) {
    // The other thread count than the engine's default on this machine (cores − 1): both cores.
    groups.push({ ...base, label: 'BERT WASM fp32, all cores', device: 'wasm', dtype: 'fp32', wasmThreads: Math.min(4, cpus().length), runs: [{ batching: 'dynamic', passages: 100 }] });
  }
  if (!flag('no-webgpu')) {
    groups.push({
      ...base,
      label: 'BERT WebGPU fp32',
      device: 'webgpu',
      dtype: 'fp32',
      native: false,
      warm: 1,
      runs: [
        { batching: 'dynamic', passages: WEBGPU_PASSAGES },
        ...(QUICK ? [] : [{ batching: 'fixed', passages: WEBGPU_PASSAGES } as Measure]),
        ...(FULL ? [{ batching: 'dynamic', passages: 100 } as Measure] : []),
      ],
    });
  }
  return groups;
}

interface Extra {
  loads: unknown[];
  profiles: unknown[];
  failures: unknown[];
}

async function main(): Promise<void> {
  const started = Date.now();
  mkdirSync(RESULTS, { recursive: true });
  const load0 = loadavg();
  log(`start: ${cpus().length} CPUs, load average ${load0.map((x) => x.toFixed(1)).join(' ')}`);
  const models: GeneratedFolder[] = [];
  const groups: Group[] = [];
  if (only !== 'llama') {
    const bert = ensureBertModel();
    log(`${bert.name}: ${bert.generated ? `generated in ${Math.round(bert.ms)} ms` : 'up to date'}`);
    models.push(bert);
    groups.push(...bertGroups());
  }
  if (only !== 'bert') {
    const llama = await llamaGroups({ quick: QUICK, full: FULL, webgpuPassages: WEBGPU_PASSAGES, profile: flag('profile-llama'), webgpu: !flag('no-webgpu') });
    log(`${llama.folder.name}: ${llama.folder.generated ? `generated in ${Math.round(llama.folder.ms)} ms` : 'up to date'}`);
    models.push(llama.folder);
    groups.push(...llama.groups);
  }

  if (!flag('no-build') || !existsSync(join(DIST, 'index.html'))) build();
  const port = await freePort();
  const preview = await startPreview(port);
  const base = `http://127.0.0.1:${port}`;
  const cdpPort = await freePort();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...chromiumArgs, `--remote-debugging-port=${cdpPort}`, '--remote-allow-origins=*'],
  });
  const profileDir = browserProfileDir(cdpPort);
  let cdp: CdpConnection | null = null;
  try {
    cdp = await CdpConnection.connect(cdpPort);
  } catch (error) {
    log(`no raw CDP connection (${String(error)}): heap peaks and profiles are skipped`);
  }

  const rows: Row[] = [];
  const extra: Extra = { loads: [], profiles: [], failures: [] };
  const encoders = new Map<string, NodeEncoder>();
  try {
    for (const g of groups) {
      let threads: number;
      try {
        threads = await runGroup(browser, cdp, profileDir, base, g, rows, extra);
      } catch (error) {
        log(`${g.label} FAILED: ${String(error)}`);
        extra.failures.push({ group: g.label, error: String(error) });
        continue;
      }
      if (g.native && !flag('no-native')) {
        let encoder = encoders.get(g.model);
        if (!encoder) {
          encoder = await nodeEncoder(g.model, g.family, g.family === 'cross-encoder' ? 512 : 131072);
          encoders.set(g.model, encoder);
        }
        await runNativeGroup(g, threads, encoder, rows);
        // onnxruntime-web keeps its first thread count for the life of the process: one thread only.
        if (g.wasmInNode && threads === 1) await runNativeGroup(g, threads, encoder, rows, 'wasm', g.wasmInNode);
      }
    }
  } finally {
    cdp?.close();
    await browser.close();
    preview.kill();
  }

  let kernels: KernelResult[] = [];
  if (!flag('no-kernels') && !QUICK) {
    log('kernels: one linear layer, onnxruntime-web WASM in Node against onnxruntime-node, 1 thread');
    kernels = await kernelBench(1, 1000);
  }

  if (!FULL) estimateFixed(rows, 1000);
  compare(rows);
  const printed = table(rows);
  const goalsByModel = Object.fromEntries([...new Set(rows.map((r) => r.model))].map((m) => [m, goals(rows, m)]));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = join(RESULTS, `${stamp}.json`);
  const load1 = loadavg();
  writeFileSync(
    out,
    JSON.stringify(
      {
        timestamp: new Date().toISOString(),
        flags: [...args],
        machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, loadAvgStart: load0, loadAvgEnd: load1 },
        chromium: browser.version(),
        engine: { tokenBudget: TOKEN_BUDGET, defaultMaxRows: DEFAULT_MAX_ROWS, firstBatchRows: FIRST_BATCH_ROWS, fixedBatchRows: FIXED_BATCH_ROWS },
        input: 'TREC DL19 BM25 hits: 100 = query 1 hits, 1000 = hits of queries 1-10, all scored against query 1 in one rerank call',
        memory: {
          peakJsHeapMB: 'CDP Runtime.getHeapUsage usedSize, page + reranker worker, sampled every 100 ms (WASM memory is not JS heap)',
          peakRendererRssMB: 'peak resident memory (Linux VmHWM, reset through /proc/<pid>/clear_refs before each row) of the renderer process hosting the page and its worker: JS heaps, WASM memory, everything',
        },
        models: models.map(({ name, files, notes }) => ({ name, files, notes })),
        ...extra,
        goals: goalsByModel,
        kernels,
        rows: rows.map(({ scores, ...r }) => ({ ...r, scoresFirst5: scores?.slice(0, 5) })),
        wallSeconds: Math.round((Date.now() - started) / 1000),
      },
      null,
      2,
    ) + '\n',
  );
  console.log(printed);
  if (kernels.length) console.log(`\n${kernelTable(kernels)}`);
  console.log('');
  console.log(`load average (1/5/15 min): start ${load0.map((x) => x.toFixed(1)).join(' ')}, end ${load1.map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
  console.log('goals:', JSON.stringify(goalsByModel, (_, v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v), 2));
  console.log(`\nwrote ${out} (${Math.round((Date.now() - started) / 1000)} s)`);
}

// The CDP client needs a global WebSocket: Node 20 has it behind a flag, so start again with it.
if (typeof WebSocket === 'undefined' && !process.env.BENCH_WEBSOCKET_RESTART) {
  const r = spawnSync(process.execPath, ['--experimental-websocket', '--no-warnings', ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_WEBSOCKET_RESTART: '1' },
  });
  process.exit(r.status ?? 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
