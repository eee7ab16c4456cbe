import { RUNTIME_CACHE } from '../worker/runtime/runtime-binary';

/** The Cache Storage bucket transformers.js keeps downloaded model files in (its `env.cacheKey`, left at its default). */
export const MODEL_CACHE = 'transformers-cache';

/** One model's files in the browser's cache. */
export interface CachedModel {
  /** The model's origin and folder (`https://huggingface.co/Xenova/ms-marco-MiniLM-L-6-v2`): what `deleteCachedModel` takes. */
  id: string;
  /** The folder within its origin (`Xenova/ms-marco-MiniLM-L-6-v2`): the same name on two origins is two models. */
  name: string;
  /** Where the files were downloaded from. */
  origin: string;
  bytes: number;
  files: number;
}

/**
 * The model a cached file belongs to. Keys are the URLs the files were requested at (never where a
 * redirect led): hub-style URLs are `{origin}/{owner}/{name}/resolve/{revision}/{file}`; any other
 * folder keeps its graphs in `onnx/` and the rest at its root.
 */
function modelOf(key: string): Pick<CachedModel, 'id' | 'name' | 'origin'> {
  const { origin, pathname } = new URL(key);
  const parts = pathname.split('/').filter(Boolean);
  const resolve = parts.indexOf('resolve');
  const onnx = parts.indexOf('onnx');
  const end = resolve > 0 ? resolve : onnx > 0 ? onnx : parts.length - 1;
  const name = parts.slice(0, end).join('/');
  return { id: `${origin}/${name}`, name, origin };
}

async function sizeOf(response: Response | undefined): Promise<number> {
  const header = Number(response?.headers.get('content-length'));
  return header > 0 ? header : ((await response?.blob())?.size ?? 0);
}

/** Opens a bucket, or null where this page has no Cache API (an insecure context, a sandboxed frame). */
async function open(name: string): Promise<Cache | null> {
  if (!('caches' in globalThis)) return null;
  return caches.open(name).catch(() => null);
}

/** The models this origin's pages have cached, largest first, each named with the origin it came from. */
export async function listCachedModels(): Promise<CachedModel[]> {
  const cache = await open(MODEL_CACHE);
  if (!cache) return [];
  const byId = new Map<string, CachedModel>();
  for (const request of await cache.keys()) {
    const model = modelOf(request.url);
    const entry = byId.get(model.id) ?? { ...model, bytes: 0, files: 0 };
    entry.files += 1;
    entry.bytes += await sizeOf(await cache.match(request));
    byId.set(model.id, entry);
  }
  return [...byId.values()].sort((a, b) => b.bytes - a.bytes);
}

/** Deletes one listed model's files, and no other model's; resolves whether there were any. */
export async function deleteCachedModel(id: string): Promise<boolean> {
  const cache = await open(MODEL_CACHE);
  if (!cache) return false;
  const keys = (await cache.keys()).filter((request) => modelOf(request.url).id === id);
  await Promise.all(keys.map((request) => cache.delete(request)));
  return keys.length > 0;
}

/** The cached ONNX Runtime binary (one per runtime version), or null when none is kept. */
export async function cachedRuntime(): Promise<{ bytes: number; files: number } | null> {
  if (!('caches' in globalThis) || !(await caches.has(RUNTIME_CACHE))) return null;
  const cache = await open(RUNTIME_CACHE);
  const keys = (await cache?.keys()) ?? [];
  if (keys.length === 0) return null;
  const sizes = await Promise.all(keys.map(async (request) => sizeOf(await cache!.match(request))));
  return { bytes: sizes.reduce((sum, size) => sum + size, 0), files: keys.length };
}

/** Drops the cached ONNX Runtime binary: the next load downloads it again. Resolves whether one was kept. */
export async function deleteCachedRuntime(): Promise<boolean> {
  if (!('caches' in globalThis)) return false;
  return caches.delete(RUNTIME_CACHE);
}
