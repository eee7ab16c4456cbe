import MiniSearch from 'minisearch';
import { afterEach, describe, expect, it } from 'vitest';
import { rerankHits } from '../../lib/rerank-hits';
import type { Reranker } from '../../lib/reranker';
import { sigmoid, wordCountReranker } from './word-count-worker';

let reranker: Reranker;
afterEach(() => reranker?.dispose());

const DOCS = [
  { id: 1, title: 'Cats', body: 'a cat sat on the mat' },
  { id: 2, title: 'Edison', body: 'Edison made the light bulb last' },
  { id: 3, title: 'Bulbs', body: 'tulip bulb planting in autumn' },
];

describe('rerankHits', () => {
  it('reranks MiniSearch hits best first, every field kept, with the score and probability added', async () => {
    reranker = wordCountReranker().reranker;
    const search = new MiniSearch({ fields: ['title', 'body'], storeFields: ['title', 'body'] });
    search.addAll(DOCS);
    const hits = search.search('edison light bulb', { fuzzy: 0.2 });
    const reranked = await rerankHits(reranker, 'edison light bulb', hits, { text: (h) => h['body'] as string, title: (h) => h['title'] });
    expect(reranked.map((h) => h.id)).toEqual([2, 3]);
    expect(reranked[0]).toEqual({ ...hits.find((h) => h.id === 2), rerankScore: 3, rerankProbability: sigmoid(3) });
    expect(reranked[1]!.terms).toEqual(hits.find((h) => h.id === 3)!.terms);
  });

  it('keeps the best topK and returns no hits for no hits without asking the worker', async () => {
    const made = wordCountReranker();
    reranker = made.reranker;
    const hits = DOCS.map((d) => ({ ...d }));
    expect((await rerankHits(reranker, 'light bulb', hits, { text: (h) => h.body, topK: 1 })).map((h) => h.id)).toEqual([2]);
    expect(await rerankHits(reranker, 'light bulb', [], { text: (h: { body: string }) => h.body })).toEqual([]);
    expect(made.engine.received).toHaveLength(1);
  });

  it('rejects with a CancelledError when its signal aborts', async () => {
    reranker = wordCountReranker().reranker;
    const controller = new AbortController();
    const pending = rerankHits(reranker, 'cat', DOCS, { text: (h) => h.body, signal: controller.signal });
    // Once the rerank is under way: Reranker.rerank does not yet see an abort that lands while it awaits a load.
    await new Promise((resolve) => setTimeout(resolve, 1));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'CancelledError' });
  });
});
