import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_SHARED_QUERY_BYTES, droppedKeys, readStored, writeStored } from '../../web/state-schema';
import { readUrlState, shareUrl } from '../../web/url-params';

/** localStorage's interface over a Map, so the tests see exactly what is stored and removed. */
class MemoryStorage implements Storage {
  readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe('readStored', () => {
  let storage: MemoryStorage;
  beforeEach(() => {
    storage = new MemoryStorage();
  });

  it('reads back what was written', () => {
    writeStored(storage, 'reranker.passages', 'a\nb');
    writeStored(storage, 'reranker.model', '/models/test/bert-tiny');
    writeStored(storage, 'reranker.approvedOrigins', ['https://models.example.net']);
    expect(readStored(storage, 'reranker.passages')).toBe('a\nb');
    expect(readStored(storage, 'reranker.model')).toBe('/models/test/bert-tiny');
    expect(readStored(storage, 'reranker.approvedOrigins')).toEqual(['https://models.example.net']);
    expect(readStored(storage, 'reranker.query')).toBeUndefined();
  });

  it.each([
    ['reranker.passages', '123'],
    ['reranker.passages', 'null'],
    ['reranker.passages', '{"a":1}'],
    ['reranker.passages', 'not json at all'],
    ['reranker.query', '["q"]'],
    ['reranker.model', '{"a":1}'],
    ['reranker.model', '""'],
    ['reranker.model', '"   "'],
    ['reranker.model', JSON.stringify('x'.repeat(5000))],
    ['reranker.approvedOrigins', '"https://evil.example"'],
    ['reranker.approvedOrigins', '["https://evil.example/path"]'],
    ['reranker.approvedOrigins', '["not a url"]'],
  ] as const)('drops %s = %s, removes it from storage and remembers the key', (key, raw) => {
    storage.setItem(key, raw);
    expect(readStored(storage, key)).toBeUndefined();
    expect(storage.getItem(key)).toBeNull();
    expect(droppedKeys()).toContain(key);
  });

  it('survives storage that throws on every call', () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    } as unknown as Storage;
    expect(readStored(broken, 'reranker.query')).toBeUndefined();
    expect(() => writeStored(broken, 'reranker.query', 'q')).not.toThrow();
  });
});

describe('URL state', () => {
  it('keeps valid values and ignores the rest', () => {
    expect(readUrlState('?model=%20/models/test/bert-tiny%20&device=wasm&dtype=q8&q=light')).toEqual({
      model: '/models/test/bert-tiny',
      device: 'wasm',
      dtype: 'q8',
      query: 'light',
    });
    expect(readUrlState('?model=&device=cuda&dtype=int3&q=')).toEqual({});
    expect(readUrlState(`?model=${'x'.repeat(3000)}`)).toEqual({});
  });

  it('cuts a long query in a shared link to what a server accepts, in whole code points, and says how much it kept', () => {
    // Each 💡 is 12 bytes URL-encoded; 'a' is 1.
    const long = `${'a'.repeat(MAX_SHARED_QUERY_BYTES - 13)}💡💡${'b'.repeat(1_000_000)}`;
    const link = shareUrl('http://localhost:4173/?old=1', { model: 'ms-marco-minilm-l6', query: long });
    const q = new URL(link.url).searchParams.get('q')!;
    expect(q).toBe(`${'a'.repeat(MAX_SHARED_QUERY_BYTES - 13)}💡`);
    expect(link.queryKept).toBe(MAX_SHARED_QUERY_BYTES - 12);
    expect(link.url.length).toBeLessThan(8_000);
    expect(new URL(link.url).searchParams.has('old')).toBe(false);
    expect(shareUrl('http://localhost:4173/', { query: 'short' })).toEqual({ url: 'http://localhost:4173/?q=short', queryKept: null });
  });
});
