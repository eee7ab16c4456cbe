import { expect, test, type Page } from '@playwright/test';
import { expectedCases, expectedRanking, expectReferenceScores, offOrigin, openWithModel, recordRequests, type Passage } from './helpers';
import '../web/test-hooks';

/** Generated models checked against the independent TypeScript reference forward passes. */
type Device = 'webgpu' | 'wasm';
const DEVICES: Device[] = ['webgpu', 'wasm'];
const ENCODERS = ['xlm-roberta-tiny', 'deberta-v3-tiny', 'jina-bert-tiny'];
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
  {
    name: 'llama-tiny-extdata',
    runs: [
      ['webgpu', 'fp32'],
      ['wasm', 'q4'],
    ],
  },
  // A config whose pad id differs from the padding id: scored at a padding position, so rows are padded to 228.
  { name: 'llama-tiny-padmax', runs: [['wasm', 'fp32']] },
  // The real presets' architectures: bge-reranker-base, mxbai-rerank-xsmall-v1, jina-reranker-v1-tiny-en.
  ...ENCODERS.map((name) => ({
    name,
    runs: [
      ['webgpu', 'fp32'],
      ['wasm', 'fp32'],
    ] as [Device, Dtype][],
  })),
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

        const worst = await expectReferenceScores(page, name, dtype, TOLERANCE[dtype]!);
        console.log(`[scores] ${name} ${dtype} ${device}: max |Δ| = ${worst.toExponential(2)}`);
        expect(offOrigin(requests), 'requests that left localhost').toEqual([]);
        expect(requests.some((u) => u.includes('/ort/ort-wasm-simd-threaded'))).toBe(true);
      });
    }
  }
}

/** Every pair's score once its rows are batched by `batchSize`, in input order. */
async function scoreInBatches(page: Page, query: string, passages: Passage[], batchSize: number): Promise<number[]> {
  return page.evaluate(
    async ({ query, passages, batchSize }) => {
      const result = await window.__reranker!.rerank(query, passages, { batchSize });
      return result.ranking
        .slice()
        .sort((a, b) => a.index - b.index)
        .map((s) => s.score);
    },
    { query, passages, batchSize },
  );
}

for (const name of ['llama-tiny', ...ENCODERS]) {
  for (const device of DEVICES) {
    test(`${name} on ${device}: a mixed-length batch scores each pair as if it were alone`, async ({ page }) => {
      await openWithModel(page, `/models/test/${name}`, { device, dtype: 'fp32', testHooks: '' });
      const c = expectedCases(name).find((x) => x.name === 'lengths')!;
      const batched = await scoreInBatches(page, c.query, c.passages, c.passages.length);
      const alone = await scoreInBatches(page, c.query, c.passages, 1);
      expect(batched).toHaveLength(c.passages.length);
      batched.forEach((s, i) => expect(Math.abs(s - alone[i]!)).toBeLessThan(1e-4));
      batched.forEach((s, i) => expect(Math.abs(s - c.logits['fp32']![i]!)).toBeLessThan(1e-3));
    });
  }
}

// quantize_dynamic's q8 graphs quantize each activation tensor with one scale over the whole
// padded batch, so a q8 score depends on its batch-mates; scored pair by pair, the graph sees what
// the reference saw.
for (const name of ENCODERS) {
  for (const device of DEVICES) {
    test(`${name} q8 on ${device}: scored pair by pair, ranks as the q8 reference`, async ({ page }) => {
      await openWithModel(page, `/models/test/${name}`, { device, dtype: 'q8', testHooks: '' });
      await expect(page.getByTestId('dtype-badge')).toHaveText('q8');
      let worst = 0;
      for (const c of expectedCases(name)) {
        const expected = c.logits['q8']!;
        const scores = await scoreInBatches(page, c.query, c.passages, 1);
        expect(expectedRanking(scores), `${c.name}: ranking`).toEqual(expectedRanking(expected));
        scores.forEach((s, i) => (worst = Math.max(worst, Math.abs(s - expected[i]!))));
      }
      console.log(`[scores] ${name} q8 ${device}: max |Δ| to the q8 reference = ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(5e-2);
    });
  }
}
