import type { PartialResult, Passage, RerankResult, ScoredPassage } from '../worker/api';

/** What `rerank` takes: text, or an object with `text` (and `title`) carrying any fields of the caller's own. */
export type RerankDocument = string | { text: string; title?: string; id?: string | number; [field: string]: unknown };

/** A ranking row with the caller's own item: `row.document === documents[row.index]`. */
export interface RankedDocument<D extends RerankDocument = RerankDocument> extends ScoredPassage {
  document: D;
}

export interface RankedDocuments<D extends RerankDocument = RerankDocument> extends Omit<RerankResult, 'ranking'> {
  ranking: RankedDocument<D>[];
}

export interface PartialDocuments<D extends RerankDocument = RerankDocument> extends Omit<PartialResult, 'ranking'> {
  ranking: RankedDocument<D>[];
}

/**
 * What the worker is sent: text and title only. The caller's other fields may be anything
 * (functions, DOM nodes, class instances) that cannot cross to a worker, and need not: the
 * rows point back at the caller's items. Anything else goes as it is, for the worker's
 * validation to name.
 */
export function toPassages(documents: readonly RerankDocument[]): Passage[] {
  if (!Array.isArray(documents)) return documents as unknown as Passage[];
  return documents.map((document: unknown) => {
    if (typeof document !== 'object' || document === null) return document as Passage;
    const { text, title } = document as { text: string; title?: string };
    return title === undefined ? { text } : { text, title };
  });
}

/** `result` with each row's `document`, the caller's own item. */
export function withDocuments<D extends RerankDocument, R extends { ranking: ScoredPassage[] }>(
  result: R,
  documents: readonly D[],
): Omit<R, 'ranking'> & { ranking: RankedDocument<D>[] } {
  return { ...result, ranking: result.ranking.map((row) => ({ ...row, document: documents[row.index]! })) };
}
