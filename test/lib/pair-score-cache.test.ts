import { describe, expect, it } from 'vitest';
import { Lru } from '../../lib/lru';
import { PairScoreCache, type PassageRerankOptions } from '../../lib/pair-score-cache';
import type { ModelInfo, PartialResult, Passage, RerankResult } from '../../worker/api';

const span = { start: 0, end: 0 };
const info = (over: Partial<ModelInfo> = {}): ModelInfo => ({
  model: 'bert-tiny',
  source: '/models/test/bert-tiny',
  family: 'cross-encoder',
  device: 'wasm',
  dtype: 'q8',
  file: 'onnx/model_quantized.onnx',
  maxLength: 512,
  threads: 1,
  loadTiming: { runtime: span, files: span, session: span, ready: 0 },
  ...over,
});

/** A stand-in worker: the score is the text's length, so every call is checkable; it records what it was asked. */
function fakeWorker() {
  const calls: { query: string; passages: Passage[]; options: PassageRerankOptions }[] = [];
  const text = (p: Passage) => (typeof p === 'string' ? p : `${p.title ?? ''}|${p.text}`);
  const fresh = async (query: string, passages: Passage[], options: PassageRerankOptions): Promise<RerankResult> => {
    calls.push({ query, passages, options });
    const ranking = passages
      .map((p, index) => ({ index, score: text(p).length, probability: 0.5, ...(text(p).length > 9 ? { truncated: true as const } : {}) }))
      .sort((a, b) => b.score - a.score || a.index - b.index);
    options.onPartial?.({ scored: passages.length, total: passages.length, ranking });
    return {
      ranking,
      truncated: ranking.filter((r) => r.truncated).length,
      timing: { totalMs: 1, tokenizeMs: 0, inferenceMs: 1, passagesPerSecond: 1 },
    };
  };
  return { calls, fresh };
}

describe('Lru', () => {
  it('forgets the least recently used entry first, a read counting as a use', () => {
    const lru = new Lru<string, number>(2);
    lru.setAll([['a', 1]]);
    lru.setAll([['b', 2]]);
    expect(lru.get('a')).toBe(1);
    lru.setAll([['c', 3]]);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3]);
    expect(lru.size).toBe(2);
  });

  it('keeps the newest entries of one setAll larger than it, a key set again counting as its newest use', () => {
    const lru = new Lru<number, string>(4);
    lru.setAll([[0, 'replaced below']]);
    lru.setAll([[1, 'evicted']]);
    lru.setAll([
      [2, 'evicted'],
      [0, 'zero'],
      [3, 'three'],
      [4, 'four'],
      [5, 'five'],
    ]);
    expect(lru.size).toBe(4);
    expect([0, 1, 2, 3, 4, 5].map((k) => lru.get(k))).toEqual(['zero', undefined, undefined, 'three', 'four', 'five']);
  });

  it('refuses a size that is not a positive whole number', () => {
    expect(() => new Lru(0)).toThrow('maxEntries must be a positive whole number, not 0.');
  });
});

describe('PairScoreCache', () => {
  it('sends only the pairs it lacks, batch-independent, and merges both into one ranking in input indices', async () => {
    const cache = new PairScoreCache({ maxEntries: 100 });
    cache.useModel(info());
    const worker = fakeWorker();
    await cache.rerank('q', ['aaa', 'b'], {}, worker.fresh);
    const partials: PartialResult[] = [];
    const result = await cache.rerank('q', ['cccc', 'aaa', 'dd', 'b'], { onPartial: (p) => partials.push(p) }, worker.fresh);
    expect(worker.calls.map((c) => c.passages)).toEqual([
      ['aaa', 'b'],
      ['cccc', 'dd'],
    ]);
    expect(worker.calls.every((c) => c.options.independentRows === true)).toBe(true);
    expect(result.ranking.map((r) => [r.index, r.score])).toEqual([
      [0, 4],
      [1, 3],
      [2, 2],
      [3, 1],
    ]);
    expect(result.cached).toBe(2);
    // The cached rows come first, at once; the fresh ones join them, with the whole call's counts.
    expect(partials.map((p) => [p.scored, p.total, p.ranking.map((r) => r.index)])).toEqual([
      [2, 4, [1, 3]],
      [4, 4, [0, 1, 2, 3]],
    ]);
  });

  it('keys on the exact query and passage text, an empty title being no title', async () => {
    const cache = new PairScoreCache({ maxEntries: 100 });
    cache.useModel(info());
    const worker = fakeWorker();
    await cache.rerank('q', ['x', { title: 't', text: 'x' }], {}, worker.fresh);
    await cache.rerank('q', [{ text: 'x' }, { title: '', text: 'x' }, { title: 't', text: 'x' }, 'x '], {}, worker.fresh);
    await cache.rerank('Q', ['x'], {}, worker.fresh);
    expect(worker.calls.map((c) => c.passages)).toEqual([['x', { title: 't', text: 'x' }], ['x '], ['x']]);
  });

  it('drops its scores when another model, dtype, device or file is loaded, and keeps them for the same one', async () => {
    const cache = new PairScoreCache({ maxEntries: 100 });
    const worker = fakeWorker();
    cache.useModel(info());
    await cache.rerank('q', ['a'], {}, worker.fresh);
    cache.useModel(info());
    expect(cache.size).toBe(1);
    for (const other of [{ dtype: 'fp32' as const }, { device: 'webgpu' as const }, { model: 'other' }, { maxLength: 128 }]) {
      cache.useModel(info());
      await cache.rerank('q', ['a'], {}, worker.fresh);
      expect(cache.size).toBe(1);
      cache.useModel(info(other));
      expect(cache.size).toBe(0);
    }
  });

  it('evicts beyond maxEntries, and ranks, counts truncation and applies topK over the merged rows', async () => {
    const cache = new PairScoreCache({ maxEntries: 2 });
    cache.useModel(info());
    const worker = fakeWorker();
    await cache.rerank('q', ['a', 'bb', 'much too long'], {}, worker.fresh);
    expect(cache.size).toBe(2);
    const result = await cache.rerank('q', ['a', 'bb', 'much too long'], { topK: 2 }, worker.fresh);
    // Stored best first, so the best went first.
    expect(worker.calls[1]!.passages).toEqual(['much too long']);
    expect(worker.calls[1]!.options.topK).toBeUndefined();
    expect(result.ranking.map((r) => r.index)).toEqual([2, 1]);
    expect(result.truncated).toBe(1);
  });

  it('answers a call it has every score for without the worker', async () => {
    const cache = new PairScoreCache({ maxEntries: 10 });
    cache.useModel(info());
    const worker = fakeWorker();
    await cache.rerank('q', ['a', 'bb'], {}, worker.fresh);
    const result = await cache.rerank('q', ['bb', 'a'], {}, worker.fresh);
    expect(worker.calls).toHaveLength(1);
    expect(result.ranking.map((r) => [r.index, r.score])).toEqual([
      [0, 2],
      [1, 1],
    ]);
    expect(result.cached).toBe(2);
  });

  it('checks the input as the worker does before looking anything up', async () => {
    const cache = new PairScoreCache({ maxEntries: 10 });
    cache.useModel(info());
    await expect(cache.rerank(' ', ['a'], {}, fakeWorker().fresh)).rejects.toThrow('The query is empty.');
  });
});
