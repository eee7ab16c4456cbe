/**
 * ONNX Runtime's WASM (27 MB) is kept in the Cache API, per runtime version, and handed to ONNX
 * Runtime as bytes. A returning page then compiles it from memory at once, instead of streaming it
 * from the server or the HTTP cache (which a host may not keep, and which revalidates) on the
 * worker's busy thread: ~0.1 s sooner to ready (bench/README.md). Kept apart from transformers.js's
 * bucket, which holds models only and which the app lists and empties model by model.
 */
export const RUNTIME_CACHE = 'onnxruntime-wasm';

/** The file's URL with the runtime's version in it: a new ONNX Runtime never compiles an old binary. */
export function runtimeCacheKey(url: string, version: string): string {
  const key = new URL(url);
  key.searchParams.set('onnxruntime', version);
  return key.href;
}

/**
 * The WASM at `url` for runtime `version`, whose SHA-256 (hex) must be `sha256`, the digest of
 * the file this build shipped: the cached copy, or one download that is stored for next time
 * (other versions' copies deleted). A cached copy that does not match (damaged, or planted) is
 * deleted and downloaded again; a download that does not match is refused. Null without the
 * Cache API, or when the download fails or is not WASM: ONNX Runtime then fetches the file
 * itself and says what went wrong, as before. A refused store (quota) costs only the next visit's speed.
 */
export async function runtimeBinary(url: string, version: string, sha256: string): Promise<ArrayBuffer | null> {
  if (!('caches' in globalThis)) return null;
  const key = runtimeCacheKey(url, version);
  let cache: Cache;
  try {
    cache = await caches.open(RUNTIME_CACHE);
    const hit = await cache.match(key);
    if (hit) {
      const bytes = await hit.arrayBuffer();
      if ((await digest(bytes)) === sha256) return bytes;
      await cache.delete(key);
    }
  } catch {
    return null;
  }
  let bytes: ArrayBuffer;
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) return null;
    bytes = await response.arrayBuffer();
  } catch {
    return null;
  }
  // A host that answers a missing file with its HTML page must not have that page stored as the runtime.
  if (!isWasm(bytes)) return null;
  const found = await digest(bytes);
  if (found !== sha256) {
    throw new Error(
      `its WASM is not the file this build was made with (SHA-256 ${found}, expected ${sha256}): ` +
        'the server may hold another version of ONNX Runtime, or something altered the download.',
    );
  }
  void store(cache, key, new Response(bytes, { headers: { 'content-type': 'application/wasm' } }));
  return bytes;
}

async function digest(bytes: ArrayBuffer): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];
const isWasm = (bytes: ArrayBuffer) => bytes.byteLength > 8 && WASM_MAGIC.every((b, i) => new Uint8Array(bytes, 0, 4)[i] === b);

async function store(cache: Cache, key: string, response: Response): Promise<void> {
  try {
    await cache.put(key, response);
    const path = new URL(key).pathname;
    for (const request of await cache.keys())
      if (request.url !== key && new URL(request.url).pathname === path) await cache.delete(request);
  } catch {
    // Out of quota, or storage unavailable: the next visit downloads the file again.
  }
}
