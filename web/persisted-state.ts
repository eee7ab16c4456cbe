import { useEffect, useState } from 'react';

/** State that survives a reload, kept in localStorage; storage errors (quota, privacy mode) only cost persistence. */
export function usePersistedState<T>(key: string, initial: T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const stored = localStorage.getItem(key);
      return stored === null ? initial : (JSON.parse(stored) as T);
    } catch {
      return initial;
    }
  });
  useEffect(() => {
    const timer = setTimeout(() => {
      try {
        localStorage.setItem(key, JSON.stringify(value));
      } catch {
        // Too large for storage: the text stays on the page, it just won't survive a reload.
      }
    }, 300);
    return () => clearTimeout(timer);
  }, [key, value]);
  return [value, setValue];
}
