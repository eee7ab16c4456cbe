import { parseCandidates } from '../../eval/trec';
import type { CandidatesMessage } from './read-candidates';

/** Queries per message: a few MiB of passages at most, which the page reads back in a few ms. */
const SLICE = 50;

/**
 * Parses a candidates file off the page's thread: `JSON.parse` of 50 MiB takes seconds and cannot
 * be split. The queries go back a slice per message, so that no one message takes the page long to read.
 */
self.onmessage = async ({ data: file }: MessageEvent<Blob>) => {
  const post = (message: CandidatesMessage) => self.postMessage(message);
  try {
    const queries = parseCandidates(await file.text());
    for (let i = 0; i < queries.length; i += SLICE) post({ queries: queries.slice(i, i + SLICE) });
    post({ done: true });
  } catch (error) {
    post({ error: error instanceof Error ? error.message : String(error) });
  } finally {
    self.close();
  }
};
