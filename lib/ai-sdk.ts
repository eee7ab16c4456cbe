import type { JSONObject, RerankingModelV4, RerankingModelV4CallOptions, RerankingModelV4Result } from '@ai-sdk/provider';
import { createReranker, type CreateRerankerOptions } from './create-reranker';
import type { RerankDocument } from './documents';
import type { Reranker } from './reranker';

export interface BrowserRerankingOptions extends Omit<CreateRerankerOptions, 'model'> {
  /** The text of an object document: by default its `text` field when that is a string, else the object as JSON. */
  text?: (document: JSONObject) => string;
  /** The title of an object document: by default its `title` field when that is a string. */
  title?: (document: JSONObject) => string | undefined;
}

const PROVIDER = 'rerank-in-browser';

const textOf = (document: JSONObject) => (typeof document['text'] === 'string' ? document['text'] : JSON.stringify(document));
const titleOf = (document: JSONObject) => (typeof document['title'] === 'string' ? document['title'] : undefined);

/**
 * A reranking model for the AI SDK's `rerank()`, running in this page: a preset id, hub id or
 * model URL (its reranker is made at the first call, so making the model at module scope starts
 * no worker), or a reranker of yours. `relevanceScore` is the model's probability; the raw
 * logits, best first, are in `providerMetadata['rerank-in-browser'].scores`.
 */
export function browserReranking(modelOrReranker: string | Reranker, options: BrowserRerankingOptions = {}): RerankingModelV4 {
  const { text = textOf, title = titleOf, ...create } = options;
  let reranker: Reranker | null = typeof modelOrReranker === 'string' ? null : modelOrReranker;
  const get = () => (reranker ??= createReranker({ ...create, model: modelOrReranker as string }));
  return {
    specificationVersion: 'v4',
    provider: PROVIDER,
    modelId: typeof modelOrReranker === 'string' ? modelOrReranker : 'reranker',
    async doRerank({ documents, query, topN, abortSignal }: RerankingModelV4CallOptions): Promise<RerankingModelV4Result> {
      const passages: RerankDocument[] =
        documents.type === 'text'
          ? documents.values
          : documents.values.map((document) => {
              const heading = title(document);
              return heading === undefined ? { text: text(document) } : { text: text(document), title: heading };
            });
      const result = await get().rerank(query, passages, {
        ...(topN !== undefined ? { topK: topN } : {}),
        ...(abortSignal ? { signal: abortSignal } : {}),
      });
      return {
        ranking: result.ranking.map(({ index, probability }) => ({ index, relevanceScore: probability })),
        providerMetadata: { [PROVIDER]: { scores: result.ranking.map((row) => row.score), truncated: result.truncated } },
      };
    },
  };
}
