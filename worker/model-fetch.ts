import type { LocalFile } from './api';
import { UntrustedOriginError } from './errors';
import { LOCAL_HOST } from './local-folder';
import { isTrustedUrl } from './model-origin';

type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** A request of this load that failed before any bytes came: refused by the policy, or the host was not reached. */
export interface FetchFailure {
  url: string;
  kind: 'refused' | 'unreachable' | 'timeout';
}

/** A host that has not even sent headers by then is treated as down, so a load cannot hang on it. */
export const RESPONSE_TIMEOUT_MS = 60_000;

export interface ModelFetchOptions {
  pageOrigin: string;
  /** Origins the user approved for this load, besides the trusted ones. */
  allowedOrigins: readonly string[];
  /** The user's folder, answered under `LOCAL_HOST` with no network at all. */
  files?: readonly LocalFile[];
  /** The path under `LOCAL_HOST` that `files` are served at. */
  localPrefix?: string;
  /** Aborts every request of the load, cancelling it. */
  signal?: AbortSignal;
}

/**
 * The only way model files are fetched (transformers.js's `env.fetch`): it enforces the
 * origin policy on every URL actually requested, serves local folders, bounds how long a
 * host may stay silent, and remembers the first failure so the load's message can name
 * the file that really failed.
 */
export function modelFetch(options: ModelFetchOptions, network: Fetch) {
  let failure: FetchFailure | null = null;
  const fail = (url: string, kind: FetchFailure['kind']) => (failure ??= { url, kind });
  const byPath = new Map(
    (options.files ?? []).map((f) => [`${LOCAL_HOST}${options.localPrefix ?? ''}${f.path.replace(/^\/+/, '')}`, f.file]),
  );

  const fetch: Fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input.href);
    if (url.href.startsWith(LOCAL_HOST)) {
      const file = byPath.get(`${url.origin}${url.pathname}`);
      if (!file) return new Response(`Not in the chosen folder: ${url.pathname.slice(1)}`, { status: 404 });
      return new Response(file, { status: 200, headers: { 'Content-Length': String(file.size) } });
    }
    if (!isTrustedUrl(url, options.pageOrigin) && !options.allowedOrigins.includes(url.origin)) {
      fail(url.href, 'refused');
      throw new UntrustedOriginError(
        `Refused to download ${url.href}: ${url.origin} is neither this site nor the Hugging Face hub, and loading from it was not approved.`,
      );
    }
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), RESPONSE_TIMEOUT_MS);
    const signal = AbortSignal.any([init?.signal, options.signal, timeout.signal].filter((s): s is AbortSignal => Boolean(s)));
    try {
      return await network(url.href, { ...init, signal });
    } catch (error) {
      // A cancelled load is not a host that failed.
      if (!options.signal?.aborted) fail(url.href, timeout.signal.aborted ? 'timeout' : 'unreachable');
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
  return { fetch, failure: () => failure };
}
