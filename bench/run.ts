/**
 * `npm run bench`: speed of the built app's engine in headless Chromium (WASM, and WebGPU on
 * SwiftShader), seed-style batching (`fixed`) against the engine's (`dynamic`), fp32 against q8/q4,
 * and onnxruntime-node on the same model, ids, batches and thread count as the CPU ceiling.
 * Prints a markdown table and writes bench/results/<timestamp>.json. See bench/README.md.
 *
 * Flags: --no-build (reuse bench/results/dist), --quick (100 passages, fewest rows, ~6 min),
 * --full (also measure fixed × 1000, q8/q4 × 1000, WebGPU × 100: far past 10 minutes),
 * --only=bert|llama|peers|threads|typing (bench/typing.ts), --no-profile, --profile-llama, --no-native, --no-webgpu, --no-kernels.
 * --only=peers: the engine against plain transformers.js (bench/peer/) on the MiniLM-shaped model,
 * WASM, q8 and fp32: time to ready cold and warm, 100 passages, and the kernels for GFLOP/s
 * (≈ 5 min; --no-fp32 halves it). Prints the GOAL lines. --only=threads: q8 × 100 at 1–4 threads (≈ 3 min).
 * Env: BENCH_WEBGPU_PASSAGES (default 2), BENCH_RUN_TIMEOUT_S (default 300, per rerank),
 * CHROMIUM_PATH (default /usr/bin/chromium).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../scripts/free-port';
import { launchBrowser, runBrowserGroup } from './browser';
import { DIST, FULL, QUICK, RESULTS, WEBGPU_PASSAGES, flag, log, only } from './config';
import { compare, estimateFixed, rates } from './figures';
import { addMatmulWork } from './flops';
import { kernelBench, type KernelResult } from './kernels';
import { ensureLlamaModel } from './llama-model';
import { ensureBertModel, type GeneratedFolder } from './models';
import { runNativeGroup } from './native-rows';
import { runPeers } from './peers';
import { bertGroups, llamaGroups, threadGroups, type PlanOptions } from './plan';
import { report } from './report';
import type { Extra, Group, Row } from './rows';
import { build, buildPeer, startPreview } from './server';
import { runTyping } from './typing';

function logFolder(folder: GeneratedFolder): void {
  log(`${folder.name}: ${folder.generated ? `generated in ${Math.round(folder.ms)} ms` : 'up to date'}`);
}

async function main(): Promise<void> {
  const started = Date.now();
  mkdirSync(RESULTS, { recursive: true });
  if (only === 'typing') return runTyping();
  const load0 = loadavg();
  log(`start: ${cpus().length} CPUs, load average ${load0.map((x) => x.toFixed(1)).join(' ')}`);
  const plan: Omit<PlanOptions, 'profile'> = { quick: QUICK, full: FULL, webgpuPassages: WEBGPU_PASSAGES, webgpu: !flag('no-webgpu') };
  const models: GeneratedFolder[] = [];
  const groups: Group[] = [];
  const peers = only === undefined || only === 'peers';
  if (only !== 'llama') {
    const bert = ensureBertModel();
    logFolder(bert);
    models.push(bert);
    if (only === 'threads') groups.push(...threadGroups(bert.name));
    else if (only !== 'peers') groups.push(...bertGroups(bert.name, { ...plan, profile: !flag('no-profile') }));
  }
  if (only === undefined || only === 'llama') {
    const llama = await ensureLlamaModel();
    logFolder(llama);
    models.push(llama);
    groups.push(...llamaGroups(llama.name, { ...plan, profile: flag('profile-llama') }));
  }

  if (!flag('no-build') || !existsSync(join(DIST, 'index.html'))) build();
  if (!flag('no-build') || !existsSync(join(DIST, 'peer', 'index.html'))) buildPeer();
  const port = await freePort();
  const preview = await startPreview(port);
  const browser = await launchBrowser(`http://127.0.0.1:${port}`);

  const rows: Row[] = [];
  const extra: Extra = { loads: [], profiles: [], failures: [], ready: [] };
  try {
    if (peers) {
      const dtypes = flag('no-fp32') ? (['q8'] as const) : (['q8', 'fp32'] as const);
      try {
        await runPeers(browser, { model: models[0]!.name, dtypes: [...dtypes], passages: 100 }, rows, extra.ready);
      } catch (error) {
        log(`peers FAILED: ${String(error)}`);
        extra.failures.push({ group: 'peers', error: String(error) });
      }
    }
    for (const g of groups) {
      let threads: number;
      try {
        threads = await runBrowserGroup(browser, g, rows, extra);
      } catch (error) {
        log(`${g.label} FAILED: ${String(error)}`);
        extra.failures.push({ group: g.label, error: String(error) });
        continue;
      }
      if (g.native && !flag('no-native')) await runNativeGroup(g, threads, rows);
    }
  } finally {
    browser.cdp?.close();
    await browser.browser.close();
    preview.kill();
  }

  let kernels: KernelResult[] = [];
  if (!flag('no-kernels') && !QUICK) {
    log('kernels: one linear layer, onnxruntime-web WASM in Node against onnxruntime-node, 1 thread');
    kernels = await kernelBench(1, 1000);
  }

  if (!FULL) estimateFixed(rows, 1000);
  compare(rows);
  if (only !== 'llama') await addMatmulWork(rows, models[0]!.name);
  rates(rows, kernels);
  report({ started, load0, chromium: browser.browser.version(), models, extra, kernels, rows });
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
