import MiniSearch from 'minisearch';
import type { CorpusDoc } from './corpus';
import { TERM_PROCESSORS, type TermMode } from './terms';
import { inSlices } from '../slices';

export interface Bm25Hit {
  doc: CorpusDoc;
  score: number;
}

/**
 * MiniSearch's BM25+ over title and text. Terms go through `processTerm` (./terms), which
 * MiniSearch applies to documents and queries alike, so both sides meet as the same stems. No
 * prefix or fuzzy matching: they would add MiniSearch's own heuristics to the first stage the
 * reranker is compared against. MiniSearch also multiplies a document's score by how many query
 * terms it matched.
 */
const newIndex = (mode: TermMode) =>
  new MiniSearch<CorpusDoc>({ idField: 'id', fields: ['title', 'text'], processTerm: TERM_PROCESSORS[mode] });

/** Documents per indexing slice: a few milliseconds of work, so a 45 MB corpus never holds the page for long. */
const CHUNK = 500;

export class Bm25Index {
  private readonly byId: ReadonlyMap<string, CorpusDoc>;

  private constructor(
    private readonly index: MiniSearch<CorpusDoc>,
    docs: readonly CorpusDoc[],
  ) {
    this.byId = new Map(docs.map((doc) => [doc.id, doc]));
  }

  /** At once, for corpora small enough to index in one go (the demo, tests). */
  static of(docs: readonly CorpusDoc[], mode: TermMode = 'stemmed'): Bm25Index {
    const index = newIndex(mode);
    index.addAll(docs);
    return new Bm25Index(index, docs);
  }

  /** In slices between which the page handles input and paints; `signal` stops a build that is no longer wanted. */
  static async build(docs: readonly CorpusDoc[], signal?: AbortSignal): Promise<Bm25Index> {
    const index = newIndex('stemmed');
    await inSlices(docs.length, CHUNK, (start, end) => index.addAll(docs.slice(start, end)), signal);
    return new Bm25Index(index, docs);
  }

  /** The best `n` documents, best first; any query term may match (OR). */
  top(query: string, n: number): Bm25Hit[] {
    return this.index
      .search(query, { combineWith: 'OR', prefix: false, fuzzy: false })
      .slice(0, n)
      .map((result) => ({ doc: this.byId.get(String(result.id))!, score: result.score }));
  }
}
