import { Document, type DocumentInterface } from '@langchain/core/documents';
import { BaseDocumentCompressor } from '@langchain/core/retrievers/document_compressors';
import { createReranker, type CreateRerankerOptions } from './create-reranker';
import type { Reranker } from './reranker';

interface TopN {
  /** How many documents `compressDocuments` keeps, best first: 3 when left out, as for LangChain's Cohere reranker. */
  topN?: number;
}

/** A reranker of yours, or a model (preset id, hub id or URL) with `createReranker`'s options, for a reranker made at the first call. */
export type BrowserRerankerOptions = ({ reranker: Reranker } | CreateRerankerOptions) & TopN;

/**
 * A LangChain document compressor that reranks in this page: wrap a retriever with it
 * (`ContextualCompressionRetriever`) or call `compressDocuments` yourself. Each document
 * kept gets `metadata.relevanceScore`, the model's probability; its other metadata, its
 * `pageContent` and its `id` are unchanged.
 */
export class BrowserReranker extends BaseDocumentCompressor {
  readonly topN: number;
  private reranker: Reranker | null;
  private readonly create: CreateRerankerOptions | null;

  constructor(options: BrowserRerankerOptions) {
    super();
    const { topN = 3, ...rest } = options;
    this.topN = topN;
    this.reranker = 'reranker' in rest ? rest.reranker : null;
    this.create = 'reranker' in rest ? null : rest;
  }

  async compressDocuments(documents: DocumentInterface[], query: string): Promise<DocumentInterface[]> {
    if (documents.length === 0) return [];
    this.reranker ??= createReranker(this.create!);
    const passages = documents.map((document) => document.pageContent);
    const { ranking } = await this.reranker.rerank(query, passages, { topK: this.topN });
    return ranking.map(({ index, probability }) => {
      const { pageContent, metadata, id } = documents[index]!;
      return new Document({ pageContent, metadata: { ...metadata, relevanceScore: probability }, ...(id === undefined ? {} : { id }) });
    });
  }
}
