import { Document } from '@langchain/core/documents';
import { BaseDocumentCompressor } from '@langchain/core/retrievers/document_compressors';
import { afterEach, describe, expect, it } from 'vitest';
import { BrowserReranker } from '../../lib/langchain';
import type { Reranker } from '../../lib/reranker';
import { sigmoid, wordCountReranker } from './word-count-worker';

let reranker: Reranker;
afterEach(() => reranker?.dispose());

describe('BrowserReranker, a LangChain document compressor', () => {
  it('keeps the best topN, adding relevanceScore and keeping the rest of each document', async () => {
    reranker = wordCountReranker().reranker;
    const compressor = new BrowserReranker({ reranker, topN: 2 });
    expect(BaseDocumentCompressor.isBaseDocumentCompressor(compressor)).toBe(true);
    const documents = [
      new Document({ pageContent: 'a cat', metadata: { source: 'pets.md' } }),
      new Document({ pageContent: 'edison light bulb', metadata: { source: 'edison.md', page: 3 }, id: 'e' }),
      new Document({ pageContent: 'bulb', metadata: {} }),
    ];
    const kept = await compressor.compressDocuments(documents, 'edison bulb');
    expect(kept).toHaveLength(2);
    expect(kept[0]).toMatchObject({
      pageContent: 'edison light bulb',
      id: 'e',
      metadata: { source: 'edison.md', page: 3, relevanceScore: sigmoid(2) },
    });
    expect(kept[1]).toMatchObject({ pageContent: 'bulb', metadata: { relevanceScore: sigmoid(1) } });
    // The caller's documents are not changed.
    expect(documents[1]!.metadata).toEqual({ source: 'edison.md', page: 3 });
  });

  it('keeps three by default and answers no documents with none', async () => {
    reranker = wordCountReranker().reranker;
    const compressor = new BrowserReranker({ reranker });
    const documents = ['a', 'b', 'c', 'd'].map((pageContent) => new Document({ pageContent }));
    expect(await compressor.compressDocuments(documents, 'a')).toHaveLength(3);
    expect(await compressor.compressDocuments([], 'a')).toEqual([]);
  });
});
