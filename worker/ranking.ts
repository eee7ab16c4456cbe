import type { ScoredPassage } from './api';
import type { Activation } from './model-types';

export function activate(score: number, activation: Activation): number {
  return activation === 'sigmoid' ? 1 / (1 + Math.exp(-score)) : score;
}

/** Best first; equal scores keep input order so that rankings are deterministic. */
export function rank(scores: ReadonlyMap<number, number>, activation: Activation, topK?: number): ScoredPassage[] {
  const ranked = [...scores].map(([index, score]) => ({ index, score, probability: activate(score, activation) }));
  ranked.sort((a, b) => b.score - a.score || a.index - b.index);
  return topK !== undefined ? ranked.slice(0, topK) : ranked;
}
