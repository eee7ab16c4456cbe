/**
 * `npm run check:dear-scale`: DeAR at its real width in the browser. Generates the DeAR-width
 * folders (model.ts) if needed, builds the app in e2e mode into bench/results/dear-scale/dist,
 * serves it with `vite preview`, and in headless Chromium loads each folder through
 * `window.__reranker` (`/?testHooks`, a fresh page per row), scores DL19 pairs, compares every
 * score with the float64 reference and prints a table, then the 28-layer extrapolation. Its last
 * line is a one-line summary; it exits 1 if a score is off or a row fails.
 *
 * Rows: WASM with the float16 embedding, WebGPU with the 4-bit one. SwiftShader (the CPU WebGPU
 * here) caps buffers at 1 GiB and has no shader-f16; the float16 table is one 788 MB buffer, the
 * 4-bit one 197 MB, so the latter is the WebGPU row here (`--webgpu-f16` tries the other). The
 * ONNX Runtime build transformers.js runs (asyncify, WebGPU's) has no CPU kernel for
 * GatherBlockQuantized, so the 4-bit embedding cannot load on WASM: one 1-layer WASM row probes
 * that and is reported as unsupported, not failed, while the error is exactly that one.
 *
 * Flags: --gpu (a real GPU: Vulkan Chromium flags, WebGPU rows with both embeddings, refuses a
 * software adapter; add --wasm for the WASM rows too), --no-build (reuse the last build),
 * --depth=1 (1-layer rows only: quicker, but no per-layer split), --webgpu-f16.
 * Env: CHROMIUM_PATH (default /usr/bin/chromium), DEAR_SCALE_PAIRS (default 3).
 * Ctrl-C / SIGTERM close the browser and the server before exiting.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { launchBrowser, openPage, withTimeout, type BenchBrowser, type PageLoad, type PageRerank } from '../browser';
import { RESULTS } from '../config';
import { folderSizes } from '../models';
import { rendererPids, rssKb } from '../procmem';
import { build, startPreview } from '../server';
import { chromiumArgs } from '../../playwright.config';
import { freePort } from '../../scripts/free-port';
import { extrapolateMs, formatBytes, formatMs, layerCost, type LayerCost } from './extrapolate';
import { ensureDearScaleModels } from './generate';
import { DEPTHS as MODEL_DEPTHS, REAL_LAYERS, folderName, type Embedding } from './model';
import { pairLengths, referenceCases, scoredPairs } from './reference';

/** The q4 bound the tiny Llama fixtures meet through the engine (e2e/scores.spec.ts); see docs/dear.md for why it holds unscaled at this width. */
const TOLERANCE = 1e-2;
const PASSAGES = 100;
const STEP_TIMEOUT_MS = 10 * 60_000;
/** Chromium on a real GPU: Vulkan through ANGLE, no blocklist; not SwiftShader. */
const GPU_ARGS = [
  ...chromiumArgs,
  '--enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan',
  '--use-angle=vulkan',
  '--use-vulkan=native',
  '--enable-gpu',
  '--ignore-gpu-blocklist',
];

const argv = new Set(process.argv.slice(2));
const GPU = argv.has('--gpu');
const DEPTHS = argv.has('--depth=1') ? [1] : [1, 2];
const PAIRS = Number(process.env.DEAR_SCALE_PAIRS ?? 3);
const OUT = join(RESULTS, 'dear-scale');
const DIST = join(OUT, 'dist');

type Device = 'wasm' | 'webgpu';
interface Run {
  embedding: Embedding;
  layers: number;
  device: Device;
  /** A row expected to fail with this message: reported, not counted as a failure. */
  expectedError?: RegExp;
}

/** What the engine says of the 4-bit embedding on WASM: onnxruntime-web's asyncify build (WebGPU EP + CPU EP, used for both devices) has no CPU kernel for it. */
const NO_WASM_GATHER_BLOCK_QUANTIZED = /uses the operator GatherBlockQuantized, which this browser's ONNX Runtime cannot run on WASM/;

interface Row extends Omit<Run, 'expectedError'> {
  downloadBytes: number;
  loadMs?: number;
  peakRendererMB?: number | null;
  peakGpuProcessMB?: number | null;
  msPerPair?: number;
  maxDelta?: number;
  adapter?: string;
  error?: string;
  unsupported?: boolean;
}

const say = (m: string) => process.stderr.write(`[dear-scale ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

function plan(): Run[] {
  const runs: Run[] = [];
  const add = (device: Device, embeddings: Embedding[]) => {
    for (const embedding of embeddings) for (const layers of DEPTHS) runs.push({ embedding, layers, device });
  };
  if (!GPU || argv.has('--wasm')) {
    add('wasm', ['f16']);
    runs.push({ embedding: 'q4', layers: 1, device: 'wasm', expectedError: NO_WASM_GATHER_BLOCK_QUANTIZED });
  }
  add('webgpu', GPU || argv.has('--webgpu-f16') ? ['f16', 'q4'] : ['q4']);
  return runs;
}

const js = (v: unknown) => JSON.stringify(v);

/**
 * Peak resident memory, summed over this browser's renderers (the page's hosts its worker, WASM
 * memory included) and over its GPU process (where WebGPU buffers live), sampled every 250 ms
 * from /proc: processes may be replaced between rows, which a per-process high-water mark misses.
 */
function sampleMemory(profileDir: string | null): { stop(): { peakRendererMB: number | null; peakGpuProcessMB: number | null } } {
  let renderer = 0;
  let gpu = 0;
  const sum = (type: string) => [...rendererPids(profileDir!, type)].reduce((a, pid) => a + rssKb(pid), 0);
  const sample = () => {
    renderer = Math.max(renderer, sum('renderer'));
    gpu = Math.max(gpu, sum('gpu-process'));
  };
  const timer = profileDir ? setInterval(sample, 250) : undefined;
  const mb = (kb: number) => (profileDir ? Math.round(kb / 1024) : null);
  return {
    stop() {
      if (timer) {
        clearInterval(timer);
        sample();
      }
      return { peakRendererMB: mb(renderer), peakGpuProcessMB: mb(gpu) };
    },
  };
}

async function measure(
  b: BenchBrowser,
  run: Run,
  query: string,
  pairs: { passage: string; inputIds: number[]; expected: number[] }[],
): Promise<Row> {
  const name = folderName(run.embedding, run.layers);
  const downloadBytes = Object.values(folderSizes(name)).reduce((a, s) => a + s, 0);
  const row: Row = { embedding: run.embedding, layers: run.layers, device: run.device, downloadBytes };
  say(`${name} on ${run.device}: loading ${formatBytes(downloadBytes)}`);
  const page = await openPage(b.browser, b.base);
  const memory = sampleMemory(b.profileDir);
  try {
    const loaded = (await withTimeout(
      page.evaluate(`window.__bench.load(${js(`/models/test/${name}`)}, ${js({ device: run.device, dtype: 'q4' })})`),
      `${name} load`,
      STEP_TIMEOUT_MS,
    )) as PageLoad;
    row.loadMs = loaded.loadMs;
    const adapter = loaded.info.adapter;
    if (adapter) row.adapter = `${adapter.vendor}/${adapter.architecture}${adapter.shaderF16 ? ', shader-f16' : ''}`;
    if (loaded.info.device !== run.device) throw new Error(`fell back to ${loaded.info.device}: ${loaded.info.fallbackReason ?? ''}`);
    if (GPU && run.device === 'webgpu' && /swiftshader/i.test(adapter?.architecture ?? '') && adapter?.vendor === 'google') {
      throw new Error('--gpu asked for a real GPU, but the adapter is SwiftShader (software): check the GPU flags and drivers');
    }
    const result = (await withTimeout(
      page.evaluate(`window.__bench.rerank(${js(query)}, ${js(pairs.map((p) => p.passage))}, {})`),
      `${name} rerank`,
      STEP_TIMEOUT_MS,
    )) as PageRerank;
    row.msPerPair = result.totalMs / pairs.length;
    row.maxDelta = Math.max(...result.scores.map((s, i) => Math.abs(s - pairs[i]!.expected[run.layers - 1]!)));
    Object.assign(row, memory.stop());
    say(
      `  loaded in ${formatMs(loaded.loadMs)}, ${formatMs(row.msPerPair)} per pair, max |Δ| ${row.maxDelta.toExponential(1)}, ` +
        `peak renderer ${row.peakRendererMB ?? '?'} MB, GPU process ${row.peakGpuProcessMB ?? '?'} MB`,
    );
  } catch (error) {
    row.error = error instanceof Error ? error.message : String(error);
    row.unsupported = run.expectedError?.test(row.error) ?? false;
    say(`  ${row.unsupported ? 'unsupported, as expected' : 'FAILED'}: ${row.error}`);
  } finally {
    memory.stop();
    await page.context().close();
  }
  return row;
}

function costs(rows: Row[]): Map<string, LayerCost> {
  const out = new Map<string, LayerCost>();
  for (const key of new Set(rows.map((r) => `${r.embedding}/${r.device}`))) {
    const timings = rows
      .filter((r) => `${r.embedding}/${r.device}` === key && r.msPerPair !== undefined && !r.error)
      .map((r) => ({ layers: r.layers, msPerPair: r.msPerPair! }));
    const cost = layerCost(timings);
    if (cost) out.set(key, cost);
  }
  return out;
}

const EMBEDDING_LABEL: Record<Embedding, string> = { f16: 'q4, fp16 embedding', q4: 'q4, 4-bit embedding' };

function table(rows: Row[], cost: Map<string, LayerCost>, tokenRatio: number): string[] {
  const lines = [
    `| variant | layers | device | download | load | peak renderer / GPU process | per pair | per pair per layer | max \\|Δ\\| | ${REAL_LAYERS} layers × ${PASSAGES} passages |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const c = cost.get(`${r.embedding}/${r.device}`);
    const perLayer = c ? `${formatMs(c.perLayerMs)}${c.separated ? '' : ' (≤, not separated)'}` : '–';
    const projected = c ? formatMs(extrapolateMs(c, REAL_LAYERS, PASSAGES, tokenRatio)) : '–';
    lines.push(
      `| ${EMBEDDING_LABEL[r.embedding]} | ${r.layers} | ${r.device}${r.adapter ? ` (${r.adapter})` : ''} | ${formatBytes(r.downloadBytes)} | ` +
        (r.unsupported
          ? 'not in this ONNX Runtime build: no WASM kernel for GatherBlockQuantized | | | | | |'
          : r.error
            ? `FAILED: ${r.error} | | | | | |`
            : `${formatMs(r.loadMs!)} | ${r.peakRendererMB ?? '?'} / ${r.peakGpuProcessMB ?? '?'} MB | ${formatMs(r.msPerPair!)} | ${perLayer} | ${r.maxDelta!.toExponential(1)} | ${projected} |`),
    );
  }
  return lines;
}

let cleanup: (() => Promise<void>) | null = null;
/** Set by an interrupt: whatever the run was doing then ends with this code and no verdict. */
let interrupted: { signal: string; code: number } | null = null;
const finish = (code: number) => void (cleanup ?? (() => Promise.resolve()))().finally(() => process.exit(interrupted?.code ?? code));
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(signal, () => {
    interrupted = { signal, code };
    say(`${signal}: closing the browser and the server`);
    finish(code);
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  mkdirSync(OUT, { recursive: true });
  say(
    `${cpus().length} CPUs, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}${GPU ? ', --gpu' : ''}`,
  );
  const { list, tokenizer, stamp } = ensureDearScaleModels(say);
  const pairs = scoredPairs(tokenizer, list, PAIRS);
  // Always both depths: one pass gives the logit after each layer, and --depth=1 then reuses the cache.
  const reference = referenceCases(tokenizer, pairs, Math.max(...MODEL_DEPTHS), stamp, say);
  const lengths = pairLengths(tokenizer, list);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const tokenRatio = mean(lengths) / mean(pairs.map((p) => p.inputIds.length));

  if (argv.has('--no-build') && existsSync(join(DIST, 'index.html'))) say(`reusing the build in ${DIST}`);
  else build(DIST, say);
  const port = await freePort();
  const preview = await startPreview(port, DIST);
  let browser: BenchBrowser | null = null;
  // The server first: nothing below may keep it alive (an interrupt also ends Playwright's browser under us).
  cleanup = async () => {
    preview.kill();
    try {
      browser?.cdp?.close();
    } catch {
      // The browser already went, and its debugging socket with it.
    }
    await (browser?.browser as Browser | undefined)?.close().catch(() => undefined);
  };
  const rows: Row[] = [];
  try {
    browser = await launchBrowser(`http://127.0.0.1:${port}`, GPU ? GPU_ARGS : chromiumArgs);
    for (const run of plan()) {
      const expected = (embedding: Embedding) => reference.map((c) => ({ ...c, expected: c.logits[embedding] }));
      rows.push(await measure(browser, run, list.query, expected(run.embedding)));
    }
  } finally {
    await cleanup();
    cleanup = null;
  }

  const cost = costs(rows);
  console.log('');
  console.log(
    `DeAR-3B widths (vocab 128256, hidden 3072, 24/8 heads of 128, MLP 8192), random weights, q4 (MatMulNBits block 32); ` +
      `${pairs.length} DL19 pairs of ${pairs.map((p) => p.inputIds.length).join('/')} tokens in one rerank; ${browser?.browser.version() ?? ''} Chromium; ` +
      `${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)} at the end (timings under that load).`,
  );
  console.log('');
  for (const line of table(rows, cost, tokenRatio)) console.log(line);
  console.log('');
  console.log(
    `Extrapolation: ${REAL_LAYERS} layers = fixed part + ${REAL_LAYERS} × (2-layer − 1-layer time per pair), × ${PASSAGES} passages × ${tokenRatio.toFixed(2)} ` +
      `(the list's mean pair of ${mean(lengths).toFixed(0)} tokens over the scored pairs' ${mean(pairs.map((p) => p.inputIds.length)).toFixed(0)}). Reference: float64, |Δ| bound ${TOLERANCE}.`,
  );

  const failed = rows.filter((r) => r.error && !r.unsupported);
  const ran = rows.filter((r) => !r.error);
  const unsupported = rows.length - ran.length - failed.length;
  const off = rows.filter((r) => r.maxDelta !== undefined && !(r.maxDelta <= TOLERANCE));
  const worst = Math.max(...rows.map((r) => r.maxDelta ?? 0));
  const projections = [...cost]
    .map(
      ([key, c]) =>
        `${key.replace('f16/', 'fp16-emb ').replace('q4/', '4-bit-emb ')} ${formatMs(extrapolateMs(c, REAL_LAYERS, PASSAGES, tokenRatio))}`,
    )
    .join(', ');
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const ok = failed.length === 0 && off.length === 0;
  console.log(
    `dear-scale: ${ok ? 'OK' : 'FAIL'}: ${ran.length} rows ran${failed.length ? `, ${failed.length} failed` : ''}${unsupported ? `, ${unsupported} unsupported as expected` : ''}, ` +
      `${off.length ? `${off.length} off the reference (worst |Δ| ${worst.toExponential(1)} > ${TOLERANCE})` : `scores within ${TOLERANCE} of the reference (worst ${worst.toExponential(1)})`}; ` +
      `${REAL_LAYERS} layers × ${PASSAGES} DL19 passages ≈ ${projections || 'n/a'}; ${minutes} min.`,
  );
  return ok ? 0 : 1;
}

main().then(
  (code) => finish(code),
  (error: unknown) => {
    if (interrupted) console.log(`dear-scale: interrupted (${interrupted.signal})`);
    else {
      console.error(error);
      console.log(`dear-scale: FAIL: ${error instanceof Error ? error.message : String(error)}`);
    }
    finish(1);
  },
);
