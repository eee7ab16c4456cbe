/** What a run hands over: the markdown table and summary on stdout, everything in bench/results/<timestamp>.json. */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MAX_ROWS, FIRST_BATCH_ROWS, FIXED_BATCH_ROWS, TOKEN_BUDGET } from '../worker/batching';
import { RESULTS, args } from './config';
import { PEER_GOALS, goals, peerGoals } from './figures';
import { kernelTable, type KernelResult } from './kernels';
import type { GeneratedFolder } from './models';
import type { Extra, Readiness, Row } from './rows';

const f = (v: number | undefined, digits = 0) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits));

function table(rows: Row[]): string {
  const header = [
    'model',
    'runtime',
    'dtype',
    'batching',
    'threads',
    'passages',
    'passages/s',
    'first result ms',
    'total ms',
    'tokenize ms',
    'peak JS heap MB',
    'peak renderer RSS MB',
    '\\|Δscore\\| vs fp32 max / mean',
    '÷ native (passages/s)',
    'effective GFLOP/s (÷ kernel × threads)',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
  const order = (r: Row) =>
    [
      r.model,
      r.runtime === 'native' ? 'z' : r.runtime === 'wasm-node' ? 'y' : r.runtime === 'peer' ? 'x' : r.device,
      r.dtype,
      9 - r.threads,
      r.batching,
      r.batchSize ?? 999,
      String(r.passages).padStart(5),
    ].join('|');
  for (const r of [...rows].sort((a, b) => (order(a) < order(b) ? -1 : 1))) {
    const runtime =
      r.runtime === 'peer'
        ? 'plain transformers.js, browser WASM'
        : r.runtime === 'native'
          ? 'onnxruntime-node'
          : r.runtime === 'wasm-node'
            ? 'onnxruntime-web WASM in Node'
            : r.device === 'wasm'
              ? 'browser WASM'
              : 'browser WebGPU (SwiftShader)';
    const ramp = r.batching === 'dynamic' && !r.batchSize ? `${FIRST_BATCH_ROWS} then ` : '';
    const batching =
      r.batching === 'one call'
        ? 'one call, padded to the longest'
        : r.batching === 'chunks of 8'
          ? 'chunks of 8, input order'
          : `${r.batching === 'fixed' ? 'seed-style (fixed)' : 'engine (dynamic)'}, ${ramp}≤${r.maxRows} rows${r.batchSize ? ' (batchSize)' : ''}`;
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
        r.effectiveGflops === undefined
          ? '–'
          : `${r.effectiveGflops.toFixed(1)}${r.ofKernel === undefined ? '' : ` (${r.ofKernel.toFixed(2)})`}`,
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** Time to ready, with its phases as start–end ms after page open. */
function readyTable(ready: Readiness[]): string {
  const lines = [
    '| who | dtype | cache | threads | ready ms (runs) | phases (ms after page open) |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of ready) {
    const phases = Object.entries(r.phases)
      .map(([k, p]) => `${k} ${p.startMs}–${p.endMs}`)
      .join(', ');
    const who = r.who === 'engine' ? 'engine (app, prewarm)' : 'plain transformers.js';
    lines.push(`| ${who} | ${r.dtype} | ${r.cache} | ${r.threads} | ${r.readyMs} (${r.runsMs.join(' / ')}) | ${phases} |`);
  }
  return lines.join('\n');
}

/** One line per goal of the peer comparison: value, bound, met or not (or not measured, when the peers ran and failed). */
function goalLines(byModel: Record<string, Record<string, number | undefined>>): string[] {
  const lines: string[] = [];
  if (!Object.keys(byModel).length) lines.push('GOAL: not measured, no row came back; see "failures" in the JSON');
  for (const [model, values] of Object.entries(byModel)) {
    for (const [key, goal] of Object.entries(PEER_GOALS)) {
      const v = values[key];
      const bound = `${goal.at === 'least' ? '≥' : '≤'} ${goal.value}`;
      if (v === undefined) lines.push(`GOAL ${model} ${key}: not measured (${bound}); see "failures" in the JSON`);
      else
        lines.push(
          `GOAL ${model} ${key} = ${v.toFixed(2)} (${bound}): ${(goal.at === 'least' ? v >= goal.value : v <= goal.value) ? 'met' : 'NOT met'}`,
        );
    }
  }
  return lines;
}

export interface RunResults {
  /** Date.now() at the start of the run. */
  started: number;
  /** Load averages at the start of the run. */
  load0: number[];
  chromium: string;
  models: GeneratedFolder[];
  extra: Extra;
  kernels: KernelResult[];
  rows: Row[];
}

export function report({ started, load0, chromium, models, extra, kernels, rows }: RunResults): void {
  const printed = table(rows);
  const goalsByModel = Object.fromEntries(
    [...new Set(rows.map((r) => r.model))].map((m) => [m, { ...goals(rows, m), ...peerGoals(rows, extra.ready, m) }]),
  );
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
        chromium,
        engine: {
          tokenBudget: TOKEN_BUDGET,
          defaultMaxRows: DEFAULT_MAX_ROWS,
          firstBatchRows: FIRST_BATCH_ROWS,
          fixedBatchRows: FIXED_BATCH_ROWS,
        },
        input: 'TREC DL19 BM25 hits: 100 = query 1 hits, 1000 = hits of queries 1-10, all scored against query 1 in one rerank call',
        memory: {
          peakJsHeapMB: 'CDP Runtime.getHeapUsage usedSize, page + reranker worker, sampled every 100 ms (WASM memory is not JS heap)',
          peakRendererRssMB:
            'peak resident memory (Linux VmHWM, reset through /proc/<pid>/clear_refs before each row) of the renderer process hosting the page and its worker: JS heaps, WASM memory, everything',
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
  if (extra.ready.length) console.log(`\n${readyTable(extra.ready)}`);
  if (kernels.length) console.log(`\n${kernelTable(kernels)}`);
  console.log('');
  console.log(
    `load average (1/5/15 min): start ${load0.map((x) => x.toFixed(1)).join(' ')}, end ${load1.map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} CPUs`,
  );
  console.log(
    'goals:',
    JSON.stringify(goalsByModel, (_, v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v), 2),
  );
  const peersRan = extra.ready.length > 0 || extra.failures.some((f) => (f as { group?: string }).group === 'peers');
  if (peersRan) console.log(`\n${goalLines(goalsByModel).join('\n')}`);
  console.log(`\nwrote ${out} (${Math.round((Date.now() - started) / 1000)} s)`);
}
