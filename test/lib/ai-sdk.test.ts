import { rerank } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { browserReranking } from '../../lib/ai-sdk';
import type { Reranker } from '../../lib/reranker';
import { sigmoid, wordCountReranker } from './word-count-worker';

let reranker: Reranker;
afterEach(() => reranker?.dispose());

describe("the AI SDK's rerank() on browserReranking", () => {
  it('ranks string documents, best first, with the probability as relevanceScore', async () => {
    reranker = wordCountReranker().reranker;
    const documents = ['a cat', 'edison light bulb', 'bulb'];
    const result = await rerank({ model: browserReranking(reranker), query: 'edison bulb', documents, topN: 2 });
    expect(result.ranking).toEqual([
      { originalIndex: 1, score: sigmoid(2), document: documents[1] },
      { originalIndex: 2, score: sigmoid(1), document: documents[2] },
    ]);
    expect(result.providerMetadata).toEqual({ 'rerank-in-browser': { scores: [2, 1], truncated: 0 } });
  });

  it('ranks object documents by their text and title, and gives them back', async () => {
    const made = wordCountReranker();
    reranker = made.reranker;
    const documents = [
      { text: 'a cat', title: 'Pets', id: 1 },
      { text: 'the light bulb', title: 'Edison', id: 2 },
      { body: 'no text field: scored as JSON', id: 3 },
    ];
    const result = await rerank({ model: browserReranking(reranker), query: 'edison bulb', documents });
    expect(result.ranking.map((row) => row.originalIndex)).toEqual([1, 0, 2]);
    expect(result.rerankedDocuments[0]).toBe(documents[1]);
    expect(made.engine.received[0]).toEqual([
      { text: 'a cat', title: 'Pets' },
      { text: 'the light bulb', title: 'Edison' },
      { text: JSON.stringify(documents[2]) },
    ]);
  });

  it('stops when abortSignal aborts', async () => {
    // The run waits long enough for the cancel to arrive on a loaded machine, and less than the cancel deadline (1 s); the abort comes once it has started.
    const made = wordCountReranker(300);
    reranker = made.reranker;
    const controller = new AbortController();
    const pending = rerank({ model: browserReranking(reranker), query: 'q', documents: ['a', 'b'], abortSignal: controller.signal });
    await expect.poll(() => made.engine.received.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'CancelledError' });
  });
});
