import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RUNTIME_CACHE, runtimeBinary, runtimeCacheKey } from '../../../worker/runtime/runtime-binary';

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
/** The digest the build records for `WASM`. */
const SHA = createHash('sha256').update(WASM).digest('hex');
/** A 32-byte module with a valid header whose start never returns: what a planted or damaged copy may be. */
const PLANTED = Uint8Array.from({ length: 32 }, (_, i) => [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00][i] ?? 0);

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
    const first = await runtimeBinary(URL_, '1.31.0', SHA);
    expect(first && bytes(first)).toEqual([...WASM]);
    await settle();
    expect([...cache.entries.keys()]).toEqual([`${URL_}?onnxruntime=1.31.0`]);
    expect(opened.every((n) => n === RUNTIME_CACHE)).toBe(true);

    const second = await runtimeBinary(URL_, '1.31.0', SHA);
    expect(second && bytes(second)).toEqual([...WASM]);
    expect(fetched, 'the second answer came from the cache').toEqual([URL_]);
  });

  it('never hands an old version to a new runtime, and drops the old copy once the new one is stored', async () => {
    await runtimeBinary(URL_, '1.30.0', SHA);
    await settle();
    await runtimeBinary(URL_, '1.31.0', SHA);
    await settle();
    expect([...cache.entries.keys()]).toEqual([`${URL_}?onnxruntime=1.31.0`]);
    expect(fetched).toEqual([URL_, URL_]);
  });

  it('keeps copies of other files (another host of the runtime) apart', async () => {
    const other = 'https://app.example/vendor/ort.wasm';
    await runtimeBinary(URL_, '1.31.0', SHA);
    await runtimeBinary(other, '1.31.0', SHA);
    await settle();
    expect([...cache.entries.keys()].sort()).toEqual([`${other}?onnxruntime=1.31.0`, `${URL_}?onnxruntime=1.31.0`].sort());
  });

  it('leaves a failed download to ONNX Runtime, which reports it, and stores nothing', async () => {
    answer = () => new Response('Not Found', { status: 404 });
    expect(await runtimeBinary(URL_, '1.31.0', SHA)).toBeNull();
    answer = () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await runtimeBinary(URL_, '1.31.0', SHA)).toBeNull();
    await settle();
    expect(cache.entries.size).toBe(0);
  });

  it("does not store a host's HTML page answered in place of the file", async () => {
    answer = () => new Response('<!doctype html><title>App</title>', { headers: { 'content-type': 'text/html' } });
    expect(await runtimeBinary(URL_, '1.31.0', SHA)).toBeNull();
    await settle();
    expect(cache.entries.size).toBe(0);
  });

  it('still hands over the bytes when the browser refuses to store them', async () => {
    cache.failPuts = true;
    const result = await runtimeBinary(URL_, '1.31.0', SHA);
    expect(result && bytes(result)).toEqual([...WASM]);
    await settle();
    expect(cache.entries.size).toBe(0);
  });

  it('without the Cache API, leaves the download to ONNX Runtime', async () => {
    vi.stubGlobal('caches', undefined);
    // `'caches' in globalThis` is what a browser without it answers.
    delete (globalThis as { caches?: unknown }).caches;
    expect(await runtimeBinary(URL_, '1.31.0', SHA)).toBeNull();
    expect(fetched).toEqual([]);
  });

  it("deletes a cached copy whose SHA-256 is not the build's, downloads the file again and stores the download", async () => {
    const key = runtimeCacheKey(URL_, '1.31.0');
    await cache.put(key, new Response(PLANTED.slice()));
    const result = await runtimeBinary(URL_, '1.31.0', SHA);
    expect(result && bytes(result)).toEqual([...WASM]);
    expect(fetched).toEqual([URL_]);
    await settle();
    expect([...cache.entries.keys()]).toEqual([key]);
    expect(bytes(cache.entries.get(key)!.body)).toEqual([...WASM]);
  });

  it("refuses a download whose SHA-256 is not the build's, and stores nothing", async () => {
    answer = () => new Response(PLANTED.slice(), { headers: { 'content-type': 'application/wasm' } });
    const found = createHash('sha256').update(PLANTED).digest('hex');
    await expect(runtimeBinary(URL_, '1.31.0', SHA)).rejects.toThrow(
      `its WASM is not the file this build was made with (SHA-256 ${found}, expected ${SHA}): ` +
        'the server may hold another version of ONNX Runtime, or something altered the download.',
    );
    await settle();
    expect(cache.entries.size).toBe(0);
  });

  it("keys a copy by the file's whole URL and the runtime's version", () => {
    expect(runtimeCacheKey(`${URL_}?v=2`, '1.31.0')).toBe(`${URL_}?v=2&onnxruntime=1.31.0`);
  });
});
