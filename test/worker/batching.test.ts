import { describe, expect, it } from 'vitest';
import { batchPlan, planBatches } from '../../worker/batching';
import { rank } from '../../worker/ranking';

describe('batchPlan', () => {
  const lengths = Array.from({ length: 100 }, (_, i) => 10 + ((i * 37) % 90));

  it('pads every row to the model maximum in 64-row batches when fixed, as the seed did', () => {
    const { batches, padTo } = batchPlan(lengths, 'wasm', 228, { batching: 'fixed' });
    expect(padTo).toBe(228);
    expect(batches.map((b) => b.length)).toEqual([64, 36]);
  });

  it('pads each batch to its own longest row otherwise, with a 2-row first batch unless batchSize is given', () => {
    const dynamic = batchPlan(lengths, 'wasm', 228, {});
    expect(dynamic.padTo).toBe(0);
    expect(dynamic.batches.map((b) => b.length).slice(0, 3)).toEqual([2, 8, 8]);
    expect(batchPlan(lengths, 'wasm', 228, { batchSize: 4 }).batches[0]).toHaveLength(4);
  });
});

describe('planBatches', () => {
  it('covers every row once, shortest first, within the row and token limits', () => {
    const lengths = [50, 3, 200, 7, 7, 90, 12, 300, 4, 60];
    const batches = planBatches(lengths, { maxRows: 3, tokenBudget: 400 });
    expect(batches.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(3);
      const padded = batch.length * Math.max(...batch.map((i) => lengths[i]!));
      if (batch.length > 1) expect(padded).toBeLessThanOrEqual(400);
    }
    const order = batches.flat().map((i) => lengths[i]!);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('keeps a row longer than the budget, alone', () => {
    expect(planBatches([10, 1000, 10], { maxRows: 8, tokenBudget: 100 })).toEqual([[0, 2], [1]]);
  });

  it('closes the first batch early when asked, then fills to maxRows', () => {
    const lengths = [9, 1, 8, 2, 7, 3, 6, 4, 5];
    const batches = planBatches(lengths, { maxRows: 4, tokenBudget: 1e9, firstRows: 2 });
    expect(batches.map((b) => b.map((i) => lengths[i]))).toEqual([
      [1, 2],
      [3, 4, 5, 6],
      [7, 8, 9],
    ]);
  });

  it('keeps equal lengths in input order', () => {
    expect(planBatches([5, 5, 5, 5], { maxRows: 2, tokenBudget: 1e9 })).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });
});

describe('rank', () => {
  const scores = new Map([
    [0, -1],
    [1, 2],
    [2, 2],
    [3, 0.5],
  ]);

  it('sorts by score, ties by original index, with sigmoid probabilities', () => {
    const ranked = rank(scores, 'sigmoid');
    expect(ranked.map((r) => r.index)).toEqual([1, 2, 3, 0]);
    expect(ranked[0]!.probability).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
  });

  it('cuts to topK', () => {
    expect(rank(scores, 'identity', 2).map((r) => [r.index, r.probability])).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });
});

describe('independentRows', () => {
  const lengths = [30, 10, 20, 40];

  it('puts every row in a batch of its own on q8, whose activation scale is shared by a batch', () => {
    expect(batchPlan(lengths, 'wasm', 512, { independentRows: true }, 'q8').batches).toEqual([[1], [2], [0], [3]]);
    expect(batchPlan(lengths, 'wasm', 512, { independentRows: true, batching: 'fixed' }, 'q8').batches).toEqual([[0], [1], [2], [3]]);
  });

  it('leaves the batches of dtypes whose rows never share a scale as they were', () => {
    for (const dtype of ['fp32', 'fp16', 'q4', 'q4f16'] as const) {
      expect(batchPlan(lengths, 'wasm', 512, { independentRows: true }, dtype)).toEqual(batchPlan(lengths, 'wasm', 512, {}));
    }
    expect(batchPlan(lengths, 'wasm', 512, {}, 'q8').batches).toEqual([
      [1, 2],
      [0, 3],
    ]);
  });
});
