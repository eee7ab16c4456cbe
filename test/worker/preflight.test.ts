import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../scripts/fixtures/onnx/graph';
import { initializers, largestInitializer } from '../../worker/onnx-initializers';
import {
  WASM_MEMORY_BYTES,
  formatBytes,
  refusal,
  shortfalls,
  unchecked,
  wasmBecause,
  type BrowserLimits,
  type LoadNeeds,
} from '../../worker/preflight';
import { externalDataFiles } from '../../worker/registry';

const MiB = 2 ** 20;
const GiB = 2 ** 30;
/** SwiftShader's limits, as its adapter reports them. */
const swiftShader = { maxBufferSize: GiB, maxStorageBufferBindingSize: GiB };
/** DeAR-3B in q4 as transformers.js's exports make it: the embedding stays fp32. */
const dearQ4: LoadNeeds = {
  device: 'webgpu',
  largestTensor: { bytes: 128256 * 3072 * 4, what: 'the 128256 × 3072 token embedding in fp32' },
  graphBytes: 600_000,
  externalDataBytes: 2.3 * GiB,
  downloadBytes: 2.3 * GiB + 600_000,
};
const plenty: BrowserLimits = { adapter: swiftShader, storage: { quota: 100 * GiB, usage: 0 } };

describe('preflight', () => {
  it('lets a load through when every number fits', () => {
    expect(shortfalls({ ...dearQ4, largestTensor: { bytes: 788 * MiB, what: 'x' } }, plenty)).toEqual([]);
    expect(refusal('m (q4)', [])).toBeNull();
  });

  it("refuses WebGPU when the largest tensor is over the adapter's smaller buffer limit, with both limits", () => {
    const found = shortfalls(dearQ4, plenty);
    expect(found.map((s) => s.kind)).toEqual(['webgpu']);
    expect(refusal('dear (q4)', found)).toBe(
      'dear (q4) was not downloaded because on WebGPU its largest tensor (the 128256 × 3072 token embedding in fp32) needs a 1.47 GiB buffer, ' +
        'but this adapter allows 1.00 GiB (maxBufferSize 1.00 GiB, maxStorageBufferBindingSize 1.00 GiB); ' +
        'load it on WASM, or an export whose embedding is smaller (q4f16 on an adapter with shader-f16).',
    );
    // The binding limit alone is enough to refuse.
    const bindingOnly = { adapter: { maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 128 * MiB }, storage: null };
    expect(shortfalls({ ...dearQ4, largestTensor: { bytes: 129 * MiB, what: 'w' } }, bindingOnly)[0]!.clause).toContain('allows 128 MiB');
    // No adapter limits apply on WASM.
    expect(shortfalls({ ...dearQ4, device: 'wasm' }, plenty)).toEqual([]);
  });

  it('counts external data in WebAssembly memory on WASM only, and the graph twice on both', () => {
    const big = { ...dearQ4, largestTensor: null, externalDataBytes: 4 * GiB };
    expect(shortfalls(big, plenty)).toEqual([]);
    const found = shortfalls({ ...big, device: 'wasm' }, plenty);
    expect(refusal('big (q4)', found)).toBe(
      'big (q4) was not downloaded because on WASM it needs 4.00 GiB of WebAssembly memory, more than the 4.00 GiB that 32-bit WebAssembly can address; ' +
        'load it on WebGPU, or pick a smaller dtype or model.',
    );
    // A graph holding its weights inline: 2.1 GiB twice is over 4 GiB on either device.
    const inline = { ...dearQ4, largestTensor: null, graphBytes: 2.1 * GiB, externalDataBytes: 0 };
    expect(shortfalls(inline, plenty).map((s) => s.clause)).toEqual([
      'on WebGPU it needs 4.20 GiB of WebAssembly memory, more than the 4.00 GiB that 32-bit WebAssembly can address',
    ]);
    expect(WASM_MEMORY_BYTES).toBe(4294967296);
  });

  it('refuses a download larger than the free storage, and ignores storage when nothing is stored or all is cached', () => {
    const small: BrowserLimits = { adapter: swiftShader, storage: { quota: 500 * MiB, usage: 120 * MiB } };
    const needs = { ...dearQ4, device: 'wasm' as const, externalDataBytes: 300 * MiB, downloadBytes: 400 * MiB };
    expect(refusal('m (q4)', shortfalls(needs, small))).toBe(
      'm (q4) was not downloaded because its 400 MiB download does not fit the 380 MiB of storage this site has free (quota 500 MiB, 120 MiB used); ' +
        'delete cached models (Cached models, below the results) or other site data, or pick a smaller model.',
    );
    expect(shortfalls(needs, { ...small, storage: null })).toEqual([]);
    expect(shortfalls({ ...needs, downloadBytes: 0 }, small)).toEqual([]);
  });

  it('names every shortfall in one sentence, each way out once', () => {
    const tight: BrowserLimits = { adapter: swiftShader, storage: { quota: GiB, usage: 0 } };
    const text = refusal('dear (q4)', shortfalls(dearQ4, tight))!;
    expect(text).not.toMatch(/\.\s+[A-Z]/);
    expect(text).toContain('1.47 GiB buffer');
    expect(text).toContain('its 2.30 GiB download does not fit the 1.00 GiB of storage');
    expect(wasmBecause('dear (q4)', shortfalls(dearQ4, plenty))).toMatch(
      /^dear \(q4\) runs on WASM because on WebGPU its largest tensor .* 1\.00 GiB\)\.$/,
    );
  });

  it('says what it could not check when the server hides sizes, and nothing when every size is known', () => {
    expect(unchecked('m (q8)', [])).toBeNull();
    expect(unchecked('m (q8)', ['onnx/model.onnx', 'onnx/model.onnx_data'])).toBe(
      'Could not check that m (q8) fits this browser before downloading it: the server does not let this page read the size of ' +
        'onnx/model.onnx, onnx/model.onnx_data (it exposes no Content-Range).',
    );
  });

  it('formats sizes in binary units', () => {
    expect([formatBytes(1), formatBytes(329021), formatBytes(788 * MiB), formatBytes(1.5 * GiB)]).toEqual([
      '1 KiB',
      '322 KiB',
      '788 MiB',
      '1.50 GiB',
    ]);
  });
});

describe('the graph file read for its largest tensor', () => {
  it('finds every initializer with its shape and type, inline or in external data, without the data', () => {
    const g = new GraphBuilder('t');
    const x = g.input('x', 'int64', [1]);
    const embedding = g.constant('embedding', new Float32Array(300 * 64), [300, 64]);
    const packed = g.constant('packed', new Uint8Array(8 * 4 * 16), [8, 4, 16]);
    g.output(g.op('Gather', [embedding, x]), 'float32', [1, 64]);
    g.op('Identity', [packed]);
    for (const bytes of [g.toBytes().model, g.toBytes({ externalData: { location: 'model.onnx_data' } }).model]) {
      expect(initializers(bytes).map(({ name, dims, type, bytes: size }) => ({ name, dims, type, size }))).toEqual([
        { name: 'embedding', dims: [300, 64], type: 'fp32', size: 300 * 64 * 4 },
        { name: 'packed', dims: [8, 4, 16], type: 'uint8', size: 512 },
      ]);
      expect(largestInitializer(bytes)!.name).toBe('embedding');
    }
  });

  it('throws on a file that is not a protobuf, which the caller turns into the estimate from config.json', () => {
    expect(() => initializers(new TextEncoder().encode('<html>not a graph</html>'))).toThrow(
      'The graph file has a protobuf wire type 4 this reader does not know.',
    );
  });
});

describe('external-data file names, as transformers.js requests them', () => {
  const config = (format: unknown) => ({ 'transformers.js_config': { use_external_data_format: format } });
  it('reads a count, true, or a map by graph file or session name', () => {
    expect(externalDataFiles({}, 'q4')).toEqual([]);
    expect(externalDataFiles(config(true), 'q4')).toEqual(['onnx/model_q4.onnx_data']);
    expect(externalDataFiles(config({ 'model_q4.onnx': 3, 'model.onnx': 1 }), 'q4')).toEqual([
      'onnx/model_q4.onnx_data',
      'onnx/model_q4.onnx_data_1',
      'onnx/model_q4.onnx_data_2',
    ]);
    expect(externalDataFiles(config({ model: 2 }), 'q4f16')).toEqual(['onnx/model_q4f16.onnx_data', 'onnx/model_q4f16.onnx_data_1']);
    expect(externalDataFiles(config({ 'model.onnx': 1 }), 'q4')).toEqual([]);
  });
});
