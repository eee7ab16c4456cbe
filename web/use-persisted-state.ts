import { useEffect, useState } from 'react';
import { readStored, writeStored, type StoredKey, type StoredValue } from './state-schema';

/** State that survives a reload, kept in localStorage and validated when read back (see `state-schema.ts`). */
export function usePersistedState<K extends StoredKey>(key: K, initial: StoredValue<K>): [StoredValue<K>, (value: StoredValue<K>) => void] {
  const [value, setValue] = useState<StoredValue<K>>(() => readStored(localStorage, key) ?? initial);
  useEffect(() => {
    // Debounced: typing into a large passages box must not serialise it on every key.
    const timer = setTimeout(() => writeStored(localStorage, key, value), 300);
    return () => clearTimeout(timer);
  }, [key, value]);
  return [value, setValue];
}
