import { env } from '@huggingface/transformers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MODEL_CACHE, cachedRuntime, deleteCachedModel, deleteCachedRuntime, listCachedModels } from '../../lib/model-cache';
import { RUNTIME_CACHE } from '../../worker/runtime/runtime-binary';

/** Cache Storage as the browser has it, in memory: buckets of URL-keyed responses. */
function fakeCacheStorage() {
  const buckets = new Map<string, Map<string, Response>>();
  const bucket = (entries: Map<string, Response>) => ({
    keys: async () => [...entries.keys()].map((url) => new Request(url)),
    match: async (key: Request | string) => entries.get(typeof key === 'string' ? key : key.url)?.clone(),
    put: async (key: string, response: Response) => void entries.set(new URL(key).href, response),
    delete: async (key: Request | string) => entries.delete(typeof key === 'string' ? key : key.url),
  });
  return {
    buckets,
    open: async (name: string) => bucket(buckets.get(name) ?? buckets.set(name, new Map()).get(name)!),
    has: async (name: string) => buckets.has(name),
    delete: async (name: string) => buckets.delete(name),
    keys: async () => [...buckets.keys()],
  };
}

const HUB = 'https://huggingface.co/Xenova/x/resolve/main/';
const EVIL = 'http://evil.example/Xenova/x/resolve/main/';
const FOLDER = 'https://models.example.net/m/bert-tiny/';

let storage: ReturnType<typeof fakeCacheStorage>;
async function seed(bucket: string, files: Record<string, number>) {
  const cache = await storage.open(bucket);
  for (const [url, size] of Object.entries(files)) await cache.put(url, new Response('x'.repeat(size)));
}

beforeEach(() => {
  storage = fakeCacheStorage();
  vi.stubGlobal('caches', storage);
});
afterEach(() => vi.unstubAllGlobals());

describe('the cache API', () => {
  it('reads the bucket transformers.js writes', () => {
    expect(MODEL_CACHE).toBe(env.cacheKey);
  });

  it('lists the same name from two origins as two models, each with its origin, largest first', async () => {
    await seed(MODEL_CACHE, {
      [`${HUB}config.json`]: 100,
      [`${HUB}onnx/model_quantized.onnx`]: 5000,
      [`${EVIL}config.json`]: 10,
      [`${FOLDER}config.json`]: 20,
      [`${FOLDER}onnx/model.onnx`]: 30,
    });
    expect(await listCachedModels()).toEqual([
      { id: 'https://huggingface.co/Xenova/x', name: 'Xenova/x', origin: 'https://huggingface.co', bytes: 5100, files: 2 },
      { id: 'https://models.example.net/m/bert-tiny', name: 'm/bert-tiny', origin: 'https://models.example.net', bytes: 50, files: 2 },
      { id: 'http://evil.example/Xenova/x', name: 'Xenova/x', origin: 'http://evil.example', bytes: 10, files: 1 },
    ]);
  });

  it('deletes one model and leaves the same name from another origin', async () => {
    await seed(MODEL_CACHE, { [`${HUB}config.json`]: 100, [`${HUB}onnx/model.onnx`]: 200, [`${EVIL}config.json`]: 10 });
    expect(await deleteCachedModel('http://evil.example/Xenova/x')).toBe(true);
    expect((await listCachedModels()).map((m) => m.id)).toEqual(['https://huggingface.co/Xenova/x']);
    expect(await deleteCachedModel('Xenova/x')).toBe(false);
    expect(await deleteCachedModel('https://huggingface.co/Xenova/x')).toBe(true);
    expect(await listCachedModels()).toEqual([]);
  });

  it('reports and drops the cached ONNX Runtime binary apart from the models, creating no bucket to look', async () => {
    expect(await cachedRuntime()).toBeNull();
    expect(await storage.has(RUNTIME_CACHE)).toBe(false);
    await seed(RUNTIME_CACHE, { 'http://localhost:4173/ort/ort-wasm-simd-threaded.asyncify.wasm?onnxruntime=1.24.0': 2700 });
    await seed(MODEL_CACHE, { [`${HUB}config.json`]: 100 });
    expect(await cachedRuntime()).toEqual({ bytes: 2700, files: 1 });
    expect(await deleteCachedRuntime()).toBe(true);
    expect(await cachedRuntime()).toBeNull();
    expect(await listCachedModels()).toHaveLength(1);
  });

  it('has nothing to list or delete without the Cache API', async () => {
    // As in an insecure context, Node has no `caches` at all.
    vi.unstubAllGlobals();
    expect('caches' in globalThis).toBe(false);
    expect(await listCachedModels()).toEqual([]);
    expect(await deleteCachedModel('https://huggingface.co/Xenova/x')).toBe(false);
    expect(await cachedRuntime()).toBeNull();
    expect(await deleteCachedRuntime()).toBe(false);
  });
});
