/**
 * A reranker on a worker stand-in whose engine scores a passage by how many of the query's
 * words its title and text hold: rankings anyone can work out by hand, over comlink and a real
 * MessageChannel, so whatever crosses to the worker is structured-cloned as in a browser.
 */
import { expose } from 'comlink';
import { Reranker } from '../../lib/reranker';
import type { PartialResult, Passage, RerankOptions, RerankResult } from '../../worker/api';
import { CancelledError } from '../../worker/errors';

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export class WordCountEngine {
  /** Every passage list the engine was sent, as it arrived. */
  readonly received: Passage[][] = [];
  private runs = 0;

  /** `turnMs`: how long a run waits for a cancel before scoring; a test that cancels mid-run makes it long. */
  constructor(private readonly turnMs = 5) {}

  async rerank(
    query: string,
    passages: Passage[],
    { topK }: RerankOptions = {},
    onPartial?: (partial: PartialResult) => unknown,
  ): Promise<RerankResult> {
    this.received.push(passages);
    const run = ++this.runs;
    // One turn for a cancel to arrive, as between the real engine's batches.
    await new Promise((resolve) => setTimeout(resolve, this.turnMs));
    if (run !== this.runs) throw new CancelledError('The rerank was cancelled.');
    const words = query.toLowerCase().split(/\W+/).filter(Boolean);
    const ranking = passages
      .map((passage, index) => {
        const text = typeof passage === 'string' ? passage : `${passage.title ?? ''} ${passage.text}`;
        const score = words.filter((word) => text.toLowerCase().split(/\W+/).includes(word)).length;
        return { index, score, probability: sigmoid(score) };
      })
      .sort((a, b) => b.score - a.score || a.index - b.index);
    // Awaited: the callback answers over its own channel, which may otherwise lag the result.
    await onPartial?.({ scored: passages.length, total: passages.length, ranking });
    return { ranking: ranking.slice(0, topK), truncated: 0, timing: { totalMs: 0, tokenizeMs: 0, inferenceMs: 0, passagesPerSecond: 0 } };
  }
  cancel(): void {
    this.runs++;
  }
}

export function wordCountReranker(turnMs?: number): { reranker: Reranker; engine: WordCountEngine } {
  const engine = new WordCountEngine(turnMs);
  const { port1, port2 } = new MessageChannel();
  expose(engine, port2);
  const worker = Object.assign(port1, { terminate: () => port1.close() }) as unknown as Worker;
  return { reranker: new Reranker({ startWorker: () => worker }), engine };
}
