/**
 * A bounded map that forgets its least recently used entry first. A Map keeps insertion order,
 * so re-inserting on every read keeps the oldest entry first: eviction is `keys().next()`.
 */
export class Lru<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly maxEntries: number) {
    if (!(Number.isInteger(maxEntries) && maxEntries > 0)) {
      throw new RangeError(`maxEntries must be a positive whole number, not ${String(maxEntries)}.`);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
  }

  clear(): void {
    this.entries.clear();
  }
}
