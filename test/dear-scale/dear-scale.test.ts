/**
 * The cheap pieces of `npm run check:dear-scale` (bench/dear-scale/): external data in several
 * side files as transformers.js names them, GatherBlockQuantized (the 4-bit embedding's layout) in
 * onnxruntime-web against a TypeScript dequantization, float16 rounding, and the
 * extrapolation arithmetic. The full check loads gigabytes and stays out of `npm test`.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../scripts/fixtures/onnx/graph';
import { ExternalDataFiles, externalDataChunkName, planChunks } from '../../scripts/fixtures/onnx/external-data';
import { Q4_BLOCK, float16Bits, float16Value, quantizeQ4 } from '../../scripts/fixtures/quant';
import { Rng } from '../../scripts/fixtures/rng';
import { extrapolateMs, layerCost } from '../../bench/dear-scale/extrapolate';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dear-scale-'));
  ort.env.wasm.numThreads = 1;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(model: Uint8Array, files: string[], feeds: Record<string, ort.Tensor>): Promise<ort.Tensor> {
  // The browser build reads no files: side files are handed over by name, as transformers.js does.
  const externalData = files.map((path) => ({ path, data: readFileSync(join(dir, path)) }));
  const session = await ort.InferenceSession.create(model, { externalData });
  try {
    return Object.values(await session.run(feeds))[0]!;
  } finally {
    await session.release();
  }
}

describe('external data chunks', () => {
  it('are named as transformers.js fetches them', () => {
    expect([0, 1, 2].map((i) => externalDataChunkName('model_q4.onnx', i))).toEqual([
      'model_q4.onnx_data',
      'model_q4.onnx_data_1',
      'model_q4.onnx_data_2',
    ]);
  });

  it('start a new file when the next tensor would pass the limit, aligned within a file', () => {
    expect(planChunks([1_500_000_000, 300_000_000, 200_000_000, 10], 1_900_000_000, 4096)).toEqual([
      { chunk: 0, offset: 0 },
      { chunk: 0, offset: 1_500_000_256 },
      { chunk: 1, offset: 0 },
      { chunk: 1, offset: 200_003_584 },
    ]);
    expect(() => planChunks([2_000_000_000], 1_900_000_000, 4096)).toThrow(
      'a tensor of 2000000000 bytes cannot fit a 1900000000-byte chunk',
    );
  });

  it('written while the graph is built, load in onnxruntime-web across several files', async () => {
    const external = new ExternalDataFiles(dir, 'chunked.onnx', { chunkBytes: 5000 });
    const g = new GraphBuilder('chunked', { external });
    const x = g.input('x', 'float32', [1, 1024]);
    const a = Float32Array.from({ length: 1024 }, (_, i) => i);
    const b = Float32Array.from({ length: 1024 }, (_, i) => 2 * i);
    // Streamed in two pieces, then a plain constant over the threshold: both leave the graph.
    const aName = g.streamedConstant('a', 'float32', [1, 1024], 4096, [
      new Uint8Array(a.buffer, 0, 2048),
      new Uint8Array(a.buffer, 2048, 2048),
    ]);
    g.node('Add', [g.op('Add', [x, aName]), g.constant('b', b, [1, 1024])], {}, { outputs: ['y'] });
    g.output('y', 'float32', [1, 1024]);
    expect(external.close()).toBe(2);
    const model = g.toBytes().model;
    expect(model.byteLength).toBeLessThan(1024);
    expect(readdirSync(dir).sort()).toEqual(['chunked.onnx_data', 'chunked.onnx_data_1']);
    const y = await run(model, ['chunked.onnx_data', 'chunked.onnx_data_1'], {
      x: new ort.Tensor('float32', new Float32Array(1024).fill(1), [1, 1024]),
    });
    expect([...(y.data as Float32Array)]).toEqual(Array.from({ length: 1024 }, (_, i) => 1 + 3 * i));
  });
});

describe('GatherBlockQuantized (com.microsoft), the 4-bit embedding', () => {
  // Node runs onnxruntime-web's plain WASM build, which has the CPU kernel; the browser's (asyncify,
  // which transformers.js uses for WASM too) has only the WebGPU one: npm run check:dear-scale shows both.
  it('gathers rows in onnxruntime-web (plain WASM build) exactly as the TypeScript dequantization of quantizeQ4 per row', async () => {
    const [vocab, hidden] = [6, 64];
    const rng = new Rng(7);
    const rows = Array.from({ length: vocab }, () => rng.weights(hidden, 1));
    const quantized = rows.map((row) => quantizeQ4(row, hidden, 1));
    const g = new GraphBuilder('gbq');
    const ids = g.input('ids', 'int64', [1, 'n']);
    const data = new Uint8Array(vocab * (hidden / 2));
    quantized.forEach((q, i) => data.set(q.B, i * (hidden / 2)));
    const scales = new Float32Array(vocab * (hidden / Q4_BLOCK));
    quantized.forEach((q, i) => scales.set(q.scales, (i * hidden) / Q4_BLOCK));
    g.node(
      'GatherBlockQuantized',
      [g.constant('data', data, [vocab, hidden / 2]), ids, g.constant('scales', scales, [vocab, hidden / Q4_BLOCK])],
      { bits: { i: 4 }, block_size: { i: Q4_BLOCK }, gather_axis: { i: 0 }, quantize_axis: { i: 1 } },
      { outputs: ['rows'], domain: 'com.microsoft' },
    );
    g.output('rows', 'float32', [1, 'n', hidden]);
    const picked = [5, 0, 3, 3];
    const out = await run(g.toBytes().model, [], { ids: new ort.Tensor('int64', BigInt64Array.from(picked, BigInt), [1, picked.length]) });
    expect(out.dims).toEqual([1, picked.length, hidden]);
    expect(out.data).toEqual(Float32Array.from(picked.flatMap((id) => [...quantized[id]!.dequantized])));
  });
});

describe('float16', () => {
  it('rounds to nearest, ties to even, as numpy does', () => {
    expect([1, -2, 65504, 0.1, 2 ** -24, 1e-9, 1e6].map(float16Bits)).toEqual([0x3c00, 0xc000, 0x7bff, 0x2e66, 0x0001, 0x0000, 0x7c00]);
    // Halfway between 1 and the next float16 goes to the even mantissa; just past it, up.
    expect(float16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(float16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(float16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
  });

  it('reads back what it wrote', () => {
    for (const bits of [0x3c00, 0x2e66, 0x0001, 0x03ff, 0x7bff, 0xc000]) expect(float16Bits(float16Value(bits))).toBe(bits);
  });
});

describe('extrapolation', () => {
  it('splits the fixed part from the per-layer cost and scales to 28 layers and 100 passages', () => {
    const cost = layerCost([
      { layers: 2, msPerPair: 1600 },
      { layers: 1, msPerPair: 1000 },
    ]);
    expect(cost).toEqual({ fixedMs: 400, perLayerMs: 600, separated: true });
    expect(extrapolateMs(cost!, 28, 100, 1.25)).toBe(100 * 1.25 * (400 + 28 * 600));
  });

  it('falls back to an upper bound when one depth was measured or the difference is noise', () => {
    expect(layerCost([{ layers: 1, msPerPair: 900 }])).toEqual({ fixedMs: 0, perLayerMs: 900, separated: false });
    expect(
      layerCost([
        { layers: 1, msPerPair: 900 },
        { layers: 2, msPerPair: 880 },
      ]),
    ).toEqual({ fixedMs: 0, perLayerMs: 900, separated: false });
    expect(layerCost([])).toBeNull();
  });
});
