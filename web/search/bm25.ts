import MiniSearch from 'minisearch';
import type { CorpusDoc } from './corpus';

export interface Bm25Hit {
  doc: CorpusDoc;
  score: number;
}

/**
 * MiniSearch's BM25+ over title and text. Exact terms only: prefix and fuzzy matching
 * would add MiniSearch's own heuristics to the first stage the reranker is compared against.
 * MiniSearch also multiplies a document's score by how many query terms it matched.
 */
export class Bm25Index {
  private readonly index = new MiniSearch<CorpusDoc>({ idField: 'id', fields: ['title', 'text'] });
  private readonly byId: ReadonlyMap<string, CorpusDoc>;

  constructor(docs: readonly CorpusDoc[]) {
    this.index.addAll(docs);
    this.byId = new Map(docs.map((doc) => [doc.id, doc]));
  }

  /** The best `n` documents, best first; any query term may match (OR). */
  top(query: string, n: number): Bm25Hit[] {
    return this.index
      .search(query, { combineWith: 'OR', prefix: false, fuzzy: false })
      .slice(0, n)
      .map((result) => ({ doc: this.byId.get(String(result.id))!, score: result.score }));
  }
}
