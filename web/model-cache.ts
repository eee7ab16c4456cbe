/** transformers.js keeps downloads in this Cache Storage bucket (its `env.cacheKey`). */
const CACHE_NAME = 'transformers-cache';

export interface CachedModel {
  model: string;
  files: number;
  bytes: number;
}

/** Hub URLs look like https://huggingface.co/{owner}/{name}/resolve/{rev}/{file}; anything else is grouped by its folder. */
function modelOf(url: string): string {
  const { hostname, pathname } = new URL(url);
  const parts = pathname.split('/').filter(Boolean);
  const resolve = parts.indexOf('resolve');
  if (resolve > 0) return parts.slice(0, resolve).join('/');
  const onnx = parts.indexOf('onnx');
  return `${hostname}/${parts.slice(0, onnx > 0 ? onnx : parts.length - 1).join('/')}`;
}

async function sizeOf(response: Response | undefined): Promise<number> {
  const header = Number(response?.headers.get('content-length'));
  return header > 0 ? header : ((await response?.blob())?.size ?? 0);
}

export async function listCachedModels(): Promise<CachedModel[]> {
  if (!('caches' in globalThis)) return [];
  const cache = await caches.open(CACHE_NAME);
  const byModel = new Map<string, CachedModel>();
  for (const request of await cache.keys()) {
    if (/ort-wasm/.test(request.url)) continue;
    const model = modelOf(request.url);
    const entry = byModel.get(model) ?? { model, files: 0, bytes: 0 };
    entry.files += 1;
    entry.bytes += await sizeOf(await cache.match(request));
    byModel.set(model, entry);
  }
  return [...byModel.values()].sort((a, b) => b.bytes - a.bytes);
}

export async function deleteCachedModel(model: string): Promise<void> {
  const cache = await caches.open(CACHE_NAME);
  for (const request of await cache.keys()) if (modelOf(request.url) === model) await cache.delete(request);
}
