import type { CandidateQuery } from '../../eval/trec';

export interface Selection {
  /** Candidates per query, from the top of the first-stage order. */
  depth: number;
  /** The first `queries` queries of the file; null for all. */
  queries: number | null;
}

export const DEFAULT_DEPTH = 100;

/** The subset the page reranks and evaluates; the input order is evaluated on the same cut, so both sides see the same candidates. */
export function selectCandidates(candidates: readonly CandidateQuery[], { depth, queries }: Selection): CandidateQuery[] {
  return candidates.slice(0, queries ?? candidates.length).map((q) => ({ ...q, hits: q.hits.slice(0, depth) }));
}
