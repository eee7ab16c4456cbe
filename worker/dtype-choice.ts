import type { Dtype } from './api';
import { modelFileName } from './registry';

/**
 * The first of `candidates` whose graph file the folder publishes. They are asked one at a
 * time, so a folder with the preferred file costs a single request. One candidate is taken
 * without asking: there is nothing to choose, and loading it names the file if it is missing.
 */
export async function chooseDtype(candidates: readonly Dtype[], publishes: (file: string) => Promise<boolean>): Promise<Dtype | null> {
  if (candidates.length === 1) return candidates[0]!;
  for (const dtype of candidates) {
    if (await publishes(modelFileName(dtype))) return dtype;
  }
  return null;
}
