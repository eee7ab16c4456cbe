import { stemmer } from 'stemmer';
import { eng } from 'stopword';

/**
 * How BM25 turns a token into an index term. `stemmed` (the page's default) drops English stop
 * words and reduces the rest to their Porter stem, so "patenting" meets "patents" and "orbited"
 * meets "orbiting"; `exact` only lowercases, which is MiniSearch's own behaviour.
 */
export type TermMode = 'exact' | 'stemmed';

const STOP_WORDS: ReadonlySet<string> = new Set(eng);

/** MiniSearch's `processTerm`: one token in, its term out, or null to leave it out of the index and the query. */
export type TermProcessor = (token: string) => string | null;

const exact: TermProcessor = (token) => token.toLowerCase();

const stemmed: TermProcessor = (token) => {
  const term = token.toLowerCase();
  return STOP_WORDS.has(term) ? null : stemmer(term);
};

export const TERM_PROCESSORS: Readonly<Record<TermMode, TermProcessor>> = { exact, stemmed };
