import { expect, test } from '@playwright/test';
import { expectedCases, expectedRanking, offOrigin, openWithModel, recordRequests, rerankInUi } from './helpers';

/** Generated models checked against the independent TypeScript reference, on both devices and both dtypes. */
const MODELS = [{ name: 'bert-tiny', family: 'cross-encoder' }];
const TOLERANCE: Record<string, number> = { fp32: 1e-3, q4: 1e-2 };

for (const { name } of MODELS) {
  for (const device of ['webgpu', 'wasm'] as const) {
    for (const dtype of ['fp32', 'q4'] as const) {
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
