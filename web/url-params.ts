import type { Device, Dtype } from '../worker/api';
import { MAX_SHARED_QUERY_BYTES, URL_STATE } from './state-schema';

export interface UrlState {
  model?: string;
  device?: Device;
  dtype?: Dtype;
  query?: string;
  long?: 'truncate' | 'maxp';
}

/** `?model=`, `?device=`, `?dtype=`, `?q=` and `?long=`; a value that fails the schema is ignored rather than guessed at. */
export function readUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const state: UrlState = {};
  for (const [name, schema] of Object.entries(URL_STATE.shape)) {
    const raw = params.get(name);
    const parsed = raw === null ? null : schema.safeParse(raw);
    if (!parsed?.success || parsed.data === undefined) continue;
    Object.assign(state, { [name === 'q' ? 'query' : name]: parsed.data });
  }
  return state;
}

export interface SharedLink {
  url: string;
  /** When the query was cut to keep the link openable, how many of its characters the link holds. */
  queryKept: number | null;
}

/** The longest start of `text`, in whole code points (never half an emoji), whose URL encoding fits `bytes`. */
function fitEncoded(text: string, bytes: number): string[] {
  const kept: string[] = [];
  let size = 0;
  for (const char of text) {
    size += encodeURIComponent(char).length;
    if (size > bytes) break;
    kept.push(char);
  }
  return kept;
}

/** A link that reopens this model, device and query. Passages stay out: they may be private and are often long. */
export function shareUrl(base: string, state: UrlState): SharedLink {
  const url = new URL(base);
  url.search = '';
  if (state.model) url.searchParams.set('model', state.model);
  if (state.device) url.searchParams.set('device', state.device);
  if (state.dtype) url.searchParams.set('dtype', state.dtype);
  if (state.long) url.searchParams.set('long', state.long);
  const query = state.query ?? '';
  const kept = fitEncoded(query, MAX_SHARED_QUERY_BYTES);
  if (query) url.searchParams.set('q', kept.join(''));
  return { url: url.href, queryKept: kept.join('').length < query.length ? kept.length : null };
}
