import { afterEach, describe, expect, it } from 'vitest';
import type { Reranker } from '../../lib/reranker';
import { wordCountReranker } from './word-count-worker';

let reranker: Reranker;
afterEach(() => reranker?.dispose());

describe('documents back', () => {
  it('gives each row the caller’s own item, strings and objects alike', async () => {
    const made = wordCountReranker();
    reranker = made.reranker;
    const documents = ['a cat', { text: 'light bulb history', title: 'Edison', id: 7, url: '/edison' }, { text: 'bulb' }];
    const { ranking } = await reranker.rerank('edison light bulb', documents);
    expect(ranking.map((row) => row.index)).toEqual([1, 2, 0]);
    for (const row of ranking) expect(row.document).toBe(documents[row.index]);
  });

  it('sends the worker text and title only, so fields that cannot be cloned stay on the page', async () => {
    const made = wordCountReranker();
    reranker = made.reranker;
    const open = () => '/edison';
    const documents = [
      { text: 'light bulb', title: 'Edison', open, node: new AbortController() },
      { text: 'cat', extra: Symbol('x') },
    ];
    const { ranking } = await reranker.rerank('bulb', documents);
    expect(made.engine.received).toEqual([[{ text: 'light bulb', title: 'Edison' }, { text: 'cat' }]]);
    expect(ranking[0]!.document.open).toBe(open);
  });

  it('gives partial rankings their documents too', async () => {
    const made = wordCountReranker();
    reranker = made.reranker;
    const documents = [{ text: 'x' }, 'y x'];
    const seen: unknown[] = [];
    await reranker.rerank('y', documents, { onPartial: (partial) => seen.push(...partial.ranking.map((row) => row.document)) });
    expect(seen).toEqual([documents[1], documents[0]]);
    expect(seen[1]).toBe(documents[0]);
  });
});
