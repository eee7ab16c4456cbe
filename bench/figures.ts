/** Figures derived from the measured rows: estimated seed-style rows, score deltas, speed ratios and the goals. */
import type { KernelResult } from './kernels';
import type { Readiness, Row } from './rows';

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
export function estimateFixed(rows: Row[], target: number): void {
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

/** Effective GFLOP/s of every row whose matmul work is known, against the WASM kernels' GFLOP/s for its dtype on as many threads. */
export function rates(rows: Row[], kernels: KernelResult[]): void {
  for (const r of rows) {
    if (r.matmulGflop === undefined) continue;
    r.effectiveGflops = r.matmulGflop / (r.totalMs / 1000);
    const kernel = kernels.find((k) => k.dtype === r.dtype && k.runtime === 'onnxruntime-web WASM (in Node)');
    if (kernel) r.ofKernel = r.effectiveGflops / (kernel.gflops * r.threads);
  }
}

/** The engine against plain transformers.js (bench/peer/): WASM, the engine's default threads, `passages` passages, per dtype. */
export function peerGoals(rows: Row[], ready: Readiness[], model: string, passages = 100): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  const at = (runtime: Row['runtime'], batching: Row['batching'], dtype: string) =>
    rows.find(
      (r) =>
        r.model === model &&
        r.runtime === runtime &&
        r.batching === batching &&
        r.dtype === dtype &&
        r.passages === passages &&
        !r.wasmThreadsOption &&
        !r.batchSize,
    );
  const warm = (who: Readiness['who'], dtype: string) =>
    ready.find((x) => x.who === who && x.dtype === dtype && x.cache === 'warm')?.readyMs;
  for (const dtype of new Set(ready.map((x) => x.dtype))) {
    const engine = at('browser', 'dynamic', dtype);
    const peer = at('peer', 'one call', dtype);
    // Unsuffixed: the MiniLM preset's WASM dtype, q8, which the goals name.
    const suffix = dtype === 'q8' ? '' : `_${dtype}`;
    if (engine && peer) {
      out[`engineOverPlainTransformersJs_wasm_${passages}${suffix}`] = engine.passagesPerSecond / peer.passagesPerSecond;
      out[`firstResultSpeedupOverPlainTransformersJs_wasm_${passages}${suffix}`] = peer.firstResultMs / engine.firstResultMs;
    }
    const [e, p] = [warm('engine', dtype), warm('peer', dtype)];
    if (e !== undefined && p !== undefined) {
      out[`warmReadyOverPlainTransformersJs_wasm${suffix}`] = e / p;
      out[`warmReadyMs_wasm${suffix}`] = e;
    }
  }
  return out;
}

/** The three goals of the peer comparison and whether each is met. */
export const PEER_GOALS: Record<string, { at: 'least' | 'most'; value: number }> = {
  engineOverPlainTransformersJs_wasm_100: { at: 'least', value: 2 },
  firstResultSpeedupOverPlainTransformersJs_wasm_100: { at: 'least', value: 10 },
  warmReadyOverPlainTransformersJs_wasm: { at: 'most', value: 1 },
  warmReadyMs_wasm: { at: 'most', value: 1000 },
};

export function compare(rows: Row[]): void {
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
    if (r.runtime !== 'native' && r.runtime !== 'peer') {
      const native = rows.find((b) => same(b, r) && b.runtime === 'native' && b.dtype === r.dtype);
      if (native) {
        if (native.scores && r.scores) r.maxAbsDeltaVsNative = absDelta(r.scores, native.scores).max;
        if (r.device === 'wasm' || r.runtime === 'wasm-node') r.browserOverNative = r.passagesPerSecond / native.passagesPerSecond;
      }
    }
  }
}

export function goals(rows: Row[], model: string): Record<string, number | undefined> {
  const wasm = (r: Row) => r.model === model && r.runtime === 'browser' && r.device === 'wasm' && !r.wasmThreadsOption && !r.batchSize;
  const find = (p: (r: Row) => boolean) => rows.find((r) => wasm(r) && p(r));
  const pps = (p: (r: Row) => boolean) => find(p)?.passagesPerSecond;
  const div = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : a / b);
  const out: Record<string, number | undefined> = {};
  for (const n of [100, 1000]) {
    out[`engineOverSeed_wasm_fp32_${n}`] = div(
      pps((r) => r.dtype === 'fp32' && r.batching === 'dynamic' && r.passages === n),
      pps((r) => r.dtype === 'fp32' && r.batching === 'fixed' && r.passages === n),
    );
    for (const d of ['fp32', 'q8', 'q4'] as const) {
      out[`browserOverNative_wasm_${d}_dynamic_${n}`] = find(
        (r) => r.dtype === d && r.batching === 'dynamic' && r.passages === n,
      )?.browserOverNative;
    }
    for (const q of ['q8', 'q4'] as const) {
      out[`${q}OverFp32_wasm_dynamic_${n}`] = div(
        pps((r) => r.dtype === q && r.batching === 'dynamic' && r.passages === n),
        pps((r) => r.dtype === 'fp32' && r.batching === 'dynamic' && r.passages === n),
      );
      out[`${q}MaxAbsDelta_wasm_${n}`] = find((r) => r.dtype === q && r.batching === 'dynamic' && r.passages === n)?.maxAbsDeltaVsFp32;
    }
  }
  for (const d of ['fp32', 'q8', 'q4'] as const) {
    out[`firstResultMs_wasm_${d}_dynamic_100`] = find(
      (r) => r.dtype === d && r.batching === 'dynamic' && r.passages === 100,
    )?.firstResultMs;
  }
  const rows64 = rows.find(
    (r) =>
      r.model === model &&
      r.runtime === 'browser' &&
      r.device === 'wasm' &&
      !r.wasmThreadsOption &&
      r.batchSize === 64 &&
      r.passages === 100,
  );
  out.defaultRowsOver64Rows_wasm_fp32_100 = div(
    pps((r) => r.dtype === 'fp32' && r.batching === 'dynamic' && r.passages === 100),
    rows64?.passagesPerSecond,
  );
  out.firstResultMs_wasm_fp32_64rows_100 = rows64?.firstResultMs;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}
