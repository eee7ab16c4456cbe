import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dropRuntimeBinary, RUNTIME_CACHE, runtimeBinary, runtimeCacheKey } from '../../worker/runtime-binary';

/** The Cache API as browsers have it, in memory: `put` stores a copy of the body, `match` answers with a fresh Response. */
class MemoryCache {
  readonly entries = new Map<string, { body: ArrayBuffer; headers: Headers }>();
  failPuts = false;
  async match(key: string) {
    const e = this.entries.get(key);
    return e && new Response(e.body.slice(0), { headers: e.headers });
  }
  async put(key: string, response: Response) {
    const body = await response.arrayBuffer();
    if (this.failPuts) throw new DOMException('Quota exceeded.', 'QuotaExceededError');
    this.entries.set(key, { body, headers: response.headers });
  }
  async keys() {
    return [...this.entries.keys()].map((url) => new Request(url));
  }
  async delete(key: string | Request) {
    return this.entries.delete(typeof key === 'string' ? key : key.url);
  }
}

const URL_ = 'https://app.example/ort/ort-wasm-simd-threaded.asyncify.wasm';
const WASM = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x2a]);
const bytes = (b: ArrayBuffer) => [...new Uint8Array(b)];

let cache: MemoryCache;
let opened: string[];
let fetched: string[];
let answer: () => Response;

/** Lets the store that `runtimeBinary` leaves running finish. */
const settle = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  cache = new MemoryCache();
  opened = [];
  fetched = [];
  answer = () => new Response(WASM.slice(), { headers: { 'content-type': 'application/wasm' } });
  vi.stubGlobal('caches', {
    open: async (name: string) => {
      opened.push(name);
      return cache;
    },
  });
  vi.stubGlobal('fetch', async (url: string) => {
    fetched.push(url);
    return answer();
  });
});

afterEach(() => vi.unstubAllGlobals());

describe('runtimeBinary', () => {
  it('downloads once, stores under the version, and answers the next page from the cache', async () => {
    const first = await runtimeBinary(URL_, '1.31.0');
    expect(first && { bytes: bytes(first.bytes), cached: first.cached }).toEqual({ bytes: [...WASM], cached: false });
    await settle();
    expect([...cache.entries.keys()]).toEqual([`${URL_}?onnxruntime=1.31.0`]);
    expect(opened.every((n) => n === RUNTIME_CACHE)).toBe(true);

    const second = await runtimeBinary(URL_, '1.31.0');
    expect(second && { bytes: bytes(second.bytes), cached: second.cached }).toEqual({ bytes: [...WASM], cached: true });
    expect(fetched).toEqual([URL_]);
  });

  it('never hands an old version to a new runtime, and drops the old copy once the new one is stored', async () => {
    await runtimeBinary(URL_, '1.30.0');
    await settle();
    const newer = await runtimeBinary(URL_, '1.31.0');
    expect(newer?.cached).toBe(false);
    await settle();
    expect([...cache.entries.keys()]).toEqual([`${URL_}?onnxruntime=1.31.0`]);
    expect(fetched).toEqual([URL_, URL_]);
  });

  it('keeps copies of other files (another host of the runtime) apart', async () => {
    const other = 'https://app.example/vendor/ort.wasm';
    await runtimeBinary(URL_, '1.31.0');
    await runtimeBinary(other, '1.31.0');
    await settle();
    expect([...cache.entries.keys()].sort()).toEqual([`${other}?onnxruntime=1.31.0`, `${URL_}?onnxruntime=1.31.0`].sort());
  });

  it('leaves a failed download to ONNX Runtime, which reports it, and stores nothing', async () => {
    answer = () => new Response('Not Found', { status: 404 });
    expect(await runtimeBinary(URL_, '1.31.0')).toBeNull();
    answer = () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await runtimeBinary(URL_, '1.31.0')).toBeNull();
    await settle();
    expect(cache.entries.size).toBe(0);
  });

  it("does not store a host's HTML page answered in place of the file", async () => {
    answer = () => new Response('<!doctype html><title>App</title>', { headers: { 'content-type': 'text/html' } });
    expect(await runtimeBinary(URL_, '1.31.0')).toBeNull();
    await settle();
    expect(cache.entries.size).toBe(0);
  });

  it('still hands over the bytes when the browser refuses to store them', async () => {
    cache.failPuts = true;
    const result = await runtimeBinary(URL_, '1.31.0');
    expect(result && bytes(result.bytes)).toEqual([...WASM]);
    await settle();
    expect(cache.entries.size).toBe(0);
  });

  it('without the Cache API, leaves the download to ONNX Runtime', async () => {
    vi.stubGlobal('caches', undefined);
    // `'caches' in globalThis` is what a browser without it answers.
    delete (globalThis as { caches?: unknown }).caches;
    expect(await runtimeBinary(URL_, '1.31.0')).toBeNull();
    expect(fetched).toEqual([]);
  });

  it('forgets a copy ONNX Runtime could not start from', async () => {
    await runtimeBinary(URL_, '1.31.0');
    await settle();
    await dropRuntimeBinary(URL_, '1.31.0');
    expect(cache.entries.size).toBe(0);
    expect(runtimeCacheKey(`${URL_}?v=2`, '1.31.0')).toBe(`${URL_}?v=2&onnxruntime=1.31.0`);
  });
});
