/**
 * Where the browser-WASM ÷ native gap comes from: one linear layer of the benchmark BERT
 * (x[1, M, K] · W[K, N], K 384, N 1536, M = 8 rows × 128 tokens, the engine's WASM batch) as
 * fp32 MatMul, dynamic q8 (quantize-q8.ts) and q4 MatMulNBits, run by onnxruntime-web's WASM
 * build inside Node (the same kernels as in the browser, without a browser) and by
 * onnxruntime-node, one thread each. Reports GFLOP/s (2·M·K·N per run).
 */
import * as ortWeb from 'onnxruntime-web';
import * as ortNode from 'onnxruntime-node';
import { GraphBuilder } from '../scripts/fixtures/onnx/graph';
import { Rng } from '../scripts/fixtures/rng';
import { quantizeDynamicQ8 } from '../scripts/fixtures/onnx/quantize-q8';

export interface KernelResult {
  dtype: 'fp32' | 'q8' | 'q4';
  runtime: 'onnxruntime-web WASM (in Node)' | 'onnxruntime-node';
  threads: number;
  msPerRun: number;
  gflops: number;
}

function linearGraph(K: number, N: number, mode: 'fp32' | 'q4'): Uint8Array {
  const g = new GraphBuilder('linear');
  const x = g.input('x', 'float32', [1, 'M', K]);
  g.output('y', 'float32', [1, 'M', N]);
  const W = new Rng(7).weights(K * N, 1 / Math.sqrt(K));
  const y = g.linear(x, W, K, N, null, mode);
  g.node('Identity', [y], {}, { outputs: ['y'] });
  return g.toBytes().model;
}

type AnyOrt = typeof ortNode;

async function time(
  ort: AnyOrt,
  bytes: Uint8Array,
  input: Float32Array,
  dims: number[],
  options: Record<string, unknown>,
  budgetMs: number,
): Promise<number> {
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all', ...options });
  const feeds = { x: new ort.Tensor('float32', input, dims) };
  await session.run(feeds);
  let runs = 0;
  const started = performance.now();
  while (performance.now() - started < budgetMs || runs < 3) {
    await session.run(feeds);
    runs++;
  }
  const ms = (performance.now() - started) / runs;
  await session.release();
  return ms;
}

export async function kernelBench(threads = 1, budgetMs = 1500): Promise<KernelResult[]> {
  const K = 384;
  const N = 1536;
  const M = 8 * 128;
  const fp32 = linearGraph(K, N, 'fp32');
  const graphs = { fp32, q8: quantizeDynamicQ8(fp32).model, q4: linearGraph(K, N, 'q4') };
  const input = new Rng(8).weights(M * K, 1);
  ortWeb.env.wasm.numThreads = threads;
  const out: KernelResult[] = [];
  for (const [dtype, bytes] of Object.entries(graphs) as [KernelResult['dtype'], Uint8Array][]) {
    const runs: [KernelResult['runtime'], AnyOrt, Record<string, unknown>][] = [
      ['onnxruntime-web WASM (in Node)', ortWeb as unknown as AnyOrt, { executionProviders: ['wasm'] }],
      ['onnxruntime-node', ortNode, { intraOpNumThreads: threads, interOpNumThreads: 1 }],
    ];
    for (const [runtime, ort, options] of runs) {
      const ms = await time(ort, bytes, input, [1, M, K], options, budgetMs);
      out.push({
        dtype,
        runtime,
        threads,
        msPerRun: Math.round(ms * 100) / 100,
        gflops: Math.round(((2 * M * K * N) / (ms / 1000) / 1e9) * 10) / 10,
      });
    }
  }
  return out;
}

export function kernelTable(results: KernelResult[]): string {
  const lines = [
    '| linear layer 1024×384 · 384×1536 | runtime | threads | ms / run | GFLOP/s | WASM ÷ native |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const native = results.find((x) => x.dtype === r.dtype && x.runtime === 'onnxruntime-node');
    const ratio = r.runtime === 'onnxruntime-node' || !native ? '–' : (r.gflops / native.gflops).toFixed(2);
    lines.push(`| ${r.dtype} | ${r.runtime} | ${r.threads} | ${r.msPerRun} | ${r.gflops} | ${ratio} |`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await kernelBench(Number(process.argv[2] ?? 1));
  console.log(kernelTable(results));
}
