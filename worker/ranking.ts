import type { ScoredPassage } from './api';
import type { Activation } from './model-types';

export function activate(score: number, activation: Activation): number {
  return activation === 'sigmoid' ? 1 / (1 + Math.exp(-score)) : score;
}

/** Best first; equal scores keep input order so that rankings are deterministic. */
export const bestFirst = (a: ScoredPassage, b: ScoredPassage) => b.score - a.score || a.index - b.index;

/** `scores` ranked best first; `details` adds what a row says besides its score (truncation, window). */
export function rank(
  scores: ReadonlyMap<number, number>,
  activation: Activation,
  topK?: number,
  details: ReadonlyMap<number, Pick<ScoredPassage, 'truncated' | 'window'>> = new Map(),
): ScoredPassage[] {
  const ranked = [...scores].map(([index, score]): ScoredPassage => ({
    index,
    score,
    probability: activate(score, activation),
    ...details.get(index),
  }));
  ranked.sort(bestFirst);
  return topK !== undefined ? ranked.slice(0, topK) : ranked;
}
