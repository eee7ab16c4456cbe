import type { Dtype } from './api';
import { modelFileName } from './registry';

/**
 * The first of `candidates` whose graph file the folder publishes. They are asked one at a
 * time, so a folder with the preferred file costs a single request. One candidate is taken
 * without asking: there is nothing to choose, and loading it names the file if it is missing.
 *
 * A candidate that cannot be asked (the host is unreachable: the user is offline) is passed
 * over for a later one that is known to exist; transformers.js answers for files in its cache
 * without the network, so a model loaded once loads again offline. When none is known, the
 * first failure stands.
 */
export async function chooseDtype(candidates: readonly Dtype[], publishes: (file: string) => Promise<boolean>): Promise<Dtype | null> {
  if (candidates.length === 1) return candidates[0]!;
  let failure: { error: unknown } | undefined;
  for (const dtype of candidates) {
    try {
      if (await publishes(modelFileName(dtype))) return dtype;
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
  return null;
}
