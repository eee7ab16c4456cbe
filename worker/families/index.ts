/**
 * The family table: the one list of families. It holds no model code, so the page can read
 * it (through registry.ts) without bundling transformers.js; models.ts maps each id to its code.
 */
import { crossEncoder } from './cross-encoder';
import { llama } from './llama';
import type { ModelConfig } from './types';

/** Rules are asked in this order, so the catch-all cross-encoder comes last. */
export const FAMILIES = {
  [llama.id]: llama,
  [crossEncoder.id]: crossEncoder,
};

export type FamilyId = keyof typeof FAMILIES;

/** The family a Hugging Face `config.json` belongs to: the first whose rule recognises it. */
export function familyOfConfig(config: ModelConfig): FamilyId {
  const family = Object.values(FAMILIES).find((f) => f.recognises(config));
  if (!family) throw new Error(`No model family recognises a config.json of model_type ${JSON.stringify(config.model_type)}.`);
  return family.id;
}
