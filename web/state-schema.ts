import * as z from 'zod/mini';
import type { Device, Dtype } from '../worker/api';

/**
 * The one schema for everything the pages read back from storage or the URL: another tab,
 * an older version or a hand edit can leave anything there, and a bad value must cost only
 * that value, never the page.
 */
const DEVICES = ['webgpu', 'wasm'] as const satisfies readonly Device[];
const DTYPES = ['fp32', 'fp16', 'q8', 'q4', 'q4f16'] as const satisfies readonly Dtype[];

/** Longer than any hub id or folder URL a person would use; a longer "model" is not one. */
export const MAX_MODEL_REF = 2048;
/** Past this many URL-encoded bytes a shared link's query is cut: servers refuse headers over 8–16 KB (HTTP 414/431). */
export const MAX_SHARED_QUERY_BYTES = 6000;

const modelRef = z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_MODEL_REF));

export const STORED = {
  'reranker.model': modelRef,
  'reranker.query': z.string(),
  'reranker.passages': z.string(),
  /** Per tab (sessionStorage): origins the user agreed to download models from. */
  'reranker.approvedOrigins': z.array(z.string().check(z.refine((s) => URL.canParse(s) && new URL(s).origin === s))),
};
export type StoredKey = keyof typeof STORED;
export type StoredValue<K extends StoredKey> = z.infer<(typeof STORED)[K]>;

export const URL_STATE = z.object({
  model: z.optional(modelRef),
  device: z.optional(z.enum(DEVICES)),
  dtype: z.optional(z.enum(DTYPES)),
  q: z.optional(z.string().check(z.minLength(1))),
  /** How passages longer than the model's window are scored (docs/app.md). */
  long: z.optional(z.enum(['truncate', 'maxp'])),
});

const dropped = new Set<string>();

/** The stored value of `key`, or undefined when there is none or it fails the schema (it is then removed and remembered). */
export function readStored<K extends StoredKey>(storage: Storage, key: K): StoredValue<K> | undefined {
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch {
    return undefined;
  }
  if (raw === null) return undefined;
  let parsed: ReturnType<(typeof STORED)[K]['safeParse']>;
  try {
    parsed = STORED[key].safeParse(JSON.parse(raw)) as typeof parsed;
  } catch {
    parsed = { success: false } as typeof parsed;
  }
  if (parsed.success) return parsed.data as StoredValue<K>;
  dropped.add(key);
  try {
    storage.removeItem(key);
  } catch {
    // Storage that cannot be written cannot hold the bad value again either.
  }
  return undefined;
}

export function writeStored<K extends StoredKey>(storage: Storage, key: K, value: StoredValue<K>): void {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // Too large for storage, or storage is off: the value stays on the page, it just won't survive a reload.
  }
}

/** The keys this page dropped for holding a value of the wrong kind (they are gone from storage, so the next visit is quiet). */
export function droppedKeys(): string[] {
  return [...dropped];
}
