import { expect, test } from '@playwright/test';
import { expectedCases, expectedRanking, offOrigin, openWithModel, recordRequests, rerankInUi } from './helpers';
import '../web/test-hooks';

/** Generated models checked against the independent TypeScript reference forward passes. */
type Device = 'webgpu' | 'wasm';
type Dtype = 'fp32' | 'q4';
const BOTH: [Device, Dtype][] = [
  ['webgpu', 'fp32'],
  ['webgpu', 'q4'],
  ['wasm', 'fp32'],
  ['wasm', 'q4'],
];
const MODELS: { name: string; runs: [Device, Dtype][] }[] = [
  { name: 'bert-tiny', runs: BOTH },
  { name: 'llama-tiny', runs: BOTH },
  // Weights in `.onnx_data` side files: the >2 GB loading path at small scale.
  { name: 'llama-tiny-extdata', runs: [['webgpu', 'fp32'], ['wasm', 'q4']] },
  // A config whose pad id differs from the padding id: scored at a padding position, so rows are padded to 228.
  { name: 'llama-tiny-padmax', runs: [['wasm', 'fp32']] },
];
const TOLERANCE: Record<Dtype, number> = { fp32: 1e-3, q4: 1e-2 };

for (const { name, runs } of MODELS) {
  for (const [device, dtype] of runs) {
    {
      test(`${name} ${dtype} on ${device} matches the reference`, async ({ page }) => {
        const requests = recordRequests(page);
        await openWithModel(page, `/models/test/${name}`, { device, dtype });
        await expect(page.getByTestId('device-badge')).toHaveText(device);
        await expect(page.getByTestId('dtype-badge')).toHaveText(dtype);

        let worst = 0;
        for (const c of expectedCases(name)) {
          const expected = c.logits[dtype]!;
          const results = await rerankInUi(page, c.query, c.passages);
          expect(results.map((r) => r.index), `${c.name}: ranking`).toEqual(expectedRanking(expected));
          for (const r of results) {
            const delta = Math.abs(r.score - expected[r.index]!);
            worst = Math.max(worst, delta);
            expect(delta, `${c.name}: passage ${r.index}`).toBeLessThanOrEqual(TOLERANCE[dtype]!);
          }
        }
        console.log(`[scores] ${name} ${dtype} ${device}: max |Δ| = ${worst.toExponential(2)}`);
        expect(offOrigin(requests), 'requests that left localhost').toEqual([]);
        expect(requests.some((u) => u.includes('/ort/ort-wasm-simd-threaded'))).toBe(true);
      });
    }
  }
}

for (const device of ['webgpu', 'wasm'] as const) {
  test(`llama-tiny on ${device}: a mixed-length batch scores each pair as if it were alone`, async ({ page }) => {
    await openWithModel(page, '/models/test/llama-tiny', { device, dtype: 'fp32', testHooks: '' });
    const c = expectedCases('llama-tiny').find((x) => x.name === 'lengths')!;
    const scores = await page.evaluate(
      async ({ query, passages }) => {
        const client = window.__reranker!;
        const batched = await client.rerank(query, passages, { batchSize: passages.length });
        const alone = await client.rerank(query, passages, { batchSize: 1 });
        const byIndex = (r: typeof batched) => r.ranking.slice().sort((a, b) => a.index - b.index).map((s) => s.score);
        return { batched: byIndex(batched), alone: byIndex(alone) };
      },
      { query: c.query, passages: c.passages },
    );
    expect(scores.batched).toHaveLength(c.passages.length);
    scores.batched.forEach((s, i) => expect(Math.abs(s - scores.alone[i]!)).toBeLessThan(1e-4));
    scores.batched.forEach((s, i) => expect(Math.abs(s - c.logits['fp32']![i]!)).toBeLessThan(1e-3));
  });
}
