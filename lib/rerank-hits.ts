import type { Reranker } from './reranker';

export interface RerankHitsOptions<H> {
  /** The passage text of a hit, as the search library returned it (its stored field, or fetched content). */
  text: (hit: H) => string;
  /** A title to score with the text, for models whose template takes one. */
  title?: (hit: H) => string | undefined;
  /** Keep only the best `topK` hits. */
  topK?: number;
  /** Aborting rejects with a `CancelledError`, as `rerank` does. */
  signal?: AbortSignal;
}

/** A search library's hit, every field kept, with the reranker's score. */
export type RerankedHit<H> = H & { rerankScore: number; rerankProbability: number };

/**
 * Any search library's hits, reranked: the same hits, best first, each spread with
 * `rerankScore` (the model's logit) and `rerankProbability`. No hits is no ranking, not an error.
 */
export async function rerankHits<H extends object>(
  reranker: Pick<Reranker, 'rerank'>,
  query: string,
  hits: readonly H[],
  { text, title, topK, signal }: RerankHitsOptions<H>,
): Promise<RerankedHit<H>[]> {
  if (hits.length === 0) return [];
  const documents = hits.map((hit) => {
    const heading = title?.(hit);
    return heading === undefined ? { text: text(hit) } : { text: text(hit), title: heading };
  });
  const { ranking } = await reranker.rerank(query, documents, { ...(topK !== undefined ? { topK } : {}), ...(signal ? { signal } : {}) });
  return ranking.map(({ index, score, probability }) => ({ ...hits[index]!, rerankScore: score, rerankProbability: probability }));
}
