import { env } from '@huggingface/transformers';
import { formatBytes } from './preflight';

/** A file the browser refused to store, and why. */
export interface RefusedWrite {
  url: string;
  bytes: number;
  reason: string;
}

/**
 * The Cache API as transformers.js's custom cache, noting every write of the model's files
 * (those under `folder`; ONNX Runtime's own wasm goes through the same cache) the browser refuses.
 * transformers.js catches a failed `cache.put` (a QuotaExceededError when storage runs out
 * part-way) and only logs it: the load goes on with the bytes in memory, and the next visit
 * downloads them again. Noting the refusal is what lets the page say so.
 */
export function watchedCache(folder: string): {
  cache: { match(key: string): Promise<Response | undefined>; put(key: string, response: Response): Promise<void> };
  refused: RefusedWrite[];
} {
  const refused: RefusedWrite[] = [];
  const open = () => caches.open(env.cacheKey);
  const cache = {
    match: async (key: string) => (await open()).match(key),
    put: async (key: string, response: Response) => {
      const bytes = Number(response.headers.get('content-length') ?? 0);
      try {
        await (await open()).put(key, response);
      } catch (error) {
        if (key.startsWith(folder))
          refused.push({ url: key, bytes, reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
        throw error;
      }
    },
  };
  return { cache, refused };
}

/** The sentence a load that stored only part of its files ends with, or undefined when every write went through. */
export function storageNote(refused: readonly RefusedWrite[]): string | undefined {
  if (refused.length === 0) return undefined;
  const bytes = refused.reduce((sum, r) => sum + r.bytes, 0);
  const files = refused.map((r) => r.url.slice(r.url.lastIndexOf('/') + 1)).join(', ');
  return (
    `The model loaded, but this browser refused to store ${formatBytes(bytes)} of it (${files}; ${refused[0]!.reason}), ` +
    'so it will be downloaded again next time: delete cached models or other site data to make room.'
  );
}
