import type { ModelInfo, PartialResult, Passage, RerankOptions, RerankResult, ScoredPassage } from '../worker/api';
import { bestFirst } from '../worker/ranking';
import { validateRerankInput } from '../worker/validate';
import { Lru } from './lru';

export interface PairScoreCacheOptions {
  /** Most (query, passage) scores kept; the least recently used go first. */
  maxEntries: number;
}

/** A rerank as the worker sees it: passages in, rows without the caller's documents out (the reranker maps them back). */
export interface PassageRerankOptions extends RerankOptions {
  onPartial?: (partial: PartialResult) => void;
  signal?: AbortSignal;
}

type Cached = Omit<ScoredPassage, 'index'>;
type Fresh = (query: string, passages: Passage[], options: PassageRerankOptions) => Promise<RerankResult>;

/**
 * What a score depends on besides the pair: the model's files (reference, folder, weights file,
 * dtype), the device and the maximum length. The template follows from the model and its family.
 */
export function modelIdentity(info: ModelInfo): string {
  return JSON.stringify([info.model, info.source, info.file, info.dtype, info.device, info.maxLength, info.family]);
}

/**
 * A pair as the template sees it (an empty title is no title), and how a long one is scored. The
 * model is not in the key: every stored score is the current model's, since `useModel` empties
 * the cache and a rerank that outlived its model stores nothing.
 */
function pairKey(query: string, passage: Passage, mode: string): string {
  const { title, text } = typeof passage === 'string' ? { title: '', text: passage } : passage;
  return JSON.stringify([mode, query, title || '', text]);
}

/**
 * Scores of (query, passage) pairs the page has already had scored, by the model that scored
 * them. A rerank sends only the pairs it lacks to the worker, with `independentRows` so that no
 * stored score depends on the batch it was scored in, and merges both into one ranking.
 */
export class PairScoreCache {
  private readonly scores: Lru<string, Cached>;
  private model = '';

  constructor({ maxEntries }: PairScoreCacheOptions) {
    this.scores = new Lru(maxEntries);
  }

  get size(): number {
    return this.scores.size;
  }

  /** Notes the model now loaded: any other model's scores are dropped. */
  useModel(info: ModelInfo): void {
    const identity = modelIdentity(info);
    if (identity === this.model) return;
    this.scores.clear();
    this.model = identity;
  }

  clear(): void {
    this.scores.clear();
  }

  async rerank(query: string, passages: Passage[], options: PassageRerankOptions, fresh: Fresh): Promise<RerankResult> {
    const model = this.model;
    if (!model) return fresh(query, passages, { ...options, independentRows: true });
    validateRerankInput(query, passages, options);
    const started = performance.now();
    const { topK, onPartial, ...rest } = options;
    const keys = passages.map((p) => pairKey(query, p, rest.longDocuments ?? 'truncate'));
    const known = new Map<number, ScoredPassage>();
    const missing: number[] = [];
    keys.forEach((key, index) => {
      const hit = this.scores.get(key);
      if (hit) known.set(index, { index, ...hit });
      else missing.push(index);
    });
    const merged = (rows: readonly ScoredPassage[]): ScoredPassage[] =>
      [...known.values(), ...rows.map((row) => ({ ...row, index: missing[row.index]! }))].sort(bestFirst);
    const partial = (p: PartialResult) =>
      onPartial?.({ scored: known.size + p.scored, total: passages.length, ranking: merged(p.ranking) });

    let result: RerankResult | null = null;
    if (missing.length > 0) {
      // Cached rows show at once; the rest stream in behind them.
      if (known.size > 0) partial({ scored: 0, total: missing.length, ranking: [] });
      const asked = missing.map((i) => passages[i]!);
      result = await fresh(query, asked, { ...rest, independentRows: true, ...(onPartial ? { onPartial: partial } : {}) });
      // The model changed under this call (WebGPU fell back to WASM): its cached rows are another model's.
      if (this.model !== model) return this.rerank(query, passages, options, fresh);
      this.scores.setAll(result.ranking.map(({ index, ...row }) => [keys[missing[index]!]!, row] as const));
    }
    const ranking = merged(result?.ranking ?? []);
    const totalMs = performance.now() - started;
    return {
      ranking: topK !== undefined ? ranking.slice(0, topK) : ranking,
      truncated: ranking.filter((row) => row.truncated).length,
      cached: known.size,
      timing: {
        totalMs,
        tokenizeMs: result?.timing.tokenizeMs ?? 0,
        inferenceMs: result?.timing.inferenceMs ?? 0,
        passagesPerSecond: passages.length / (totalMs / 1000),
      },
    };
  }
}
