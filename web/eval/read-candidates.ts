import type { CandidateQuery } from '../../eval/trec';

export type CandidatesMessage = { queries: CandidateQuery[] } | { done: true } | { error: string };

/** Parses a candidates file in a worker of its own (candidates.worker.ts); rejects with the parser's message. */
export function readCandidates(file: Blob): Promise<CandidateQuery[]> {
  const worker = new Worker(new URL('./candidates.worker.ts', import.meta.url), { type: 'module', name: 'candidates' });
  const queries: CandidateQuery[] = [];
  return new Promise<CandidateQuery[]>((resolve, reject) => {
    worker.onmessage = ({ data }: MessageEvent<CandidatesMessage>) => {
      if ('queries' in data) queries.push(...data.queries);
      else if ('done' in data) resolve(queries);
      else reject(new Error(data.error));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(`the file could not be parsed: ${event.message || 'its worker failed to start'}`));
    };
    worker.postMessage(file);
  }).finally(() => worker.terminate());
}
