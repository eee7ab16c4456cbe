import type { LocalFile } from './api';
import { UntrustedOriginError } from './errors';
import { LOCAL_HOST } from './local-folder';
import { isTrustedUrl } from './model-origin';
import { redirectMode, redirectRefusal } from './redirects';

type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * A request of this load that failed before any bytes came: `refused` by the origin policy,
 * `denied` by a host that answered without CORS headers, `limited` by a 429, or the host was
 * `unreachable` or silent past the `timeout`.
 */
export interface FetchFailure {
  url: string;
  kind: 'refused' | 'denied' | 'limited' | 'unreachable' | 'timeout';
}

/** A host that has not even sent headers by then is treated as down, so a load cannot hang on it. */
export const RESPONSE_TIMEOUT_MS = 60_000;

/**
 * Only the JSON files are kept: a graph or an external-data chunk (`model.onnx_data_1`, …) is
 * asked for in full once, holding a copy would double the load's largest buffer, and its probe
 * must reach the server so the preflight reads the real size before anything is downloaded.
 */
const KEPT = /\.json$/;
/** Statuses whose response has no body, so there is nothing to hand out twice. */
const NO_BODY = new Set([101, 103, 204, 205, 304]);

interface Answer {
  body: ArrayBuffer;
  init: ResponseInit;
}

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

  // transformers.js asks for its JSON files more than once per load (config.json by the config and
  // again by the model, and a one-byte probe of each to size its progress): the first ask fetches
  // the whole file, every later one, probe or not, is answered from it without a request.
  const answers = new Map<string, Promise<Answer | Response>>();
  const once = (url: URL, init: RequestInit | undefined, get: (init?: RequestInit) => Promise<Response>): Promise<Response> => {
    const method = (init?.method ?? 'GET').toUpperCase();
    const range = new Headers(init?.headers).get('range');
    const probe = range === 'bytes=0-0';
    if (method !== 'GET' || (range && !probe) || !KEPT.test(url.pathname)) return get(init);
    let answer = answers.get(url.href);
    if (!answer) {
      const headers = new Headers(init?.headers);
      headers.delete('range');
      answer = get({ ...init, headers }).then(async (r) =>
        NO_BODY.has(r.status) || r.status === 206
          ? r
          : { body: await r.arrayBuffer(), init: { status: r.status, statusText: r.statusText, headers: r.headers } },
      );
      answers.set(url.href, answer);
      // A failed request is not an answer: the next ask tries again.
      answer.catch(() => answers.delete(url.href));
    }
    return answer.then((a) => {
      if (a instanceof Response) return a.clone();
      if (!probe || a.init.status !== 200) return new Response(a.body.slice(0), a.init);
      // The probe's answer as the server would give it: the first byte, and the whole size in Content-Range.
      const headers = new Headers(a.init.headers);
      headers.set('content-range', `bytes 0-0/${a.body.byteLength}`);
      headers.set('content-length', '1');
      return new Response(a.body.slice(0, 1), { status: 206, statusText: 'Partial Content', headers });
    });
  };

  const fetch: Fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input.href);
    if (url.href.startsWith(LOCAL_HOST)) {
      const file = byPath.get(`${url.origin}${url.pathname}`);
      if (!file) return new Response(`Not in the chosen folder: ${url.pathname.slice(1)}`, { status: 404 });
      return new Response(file, { status: 200, headers: { 'Content-Length': String(file.size) } });
    }
    if (!allowed(url)) {
      fail(url.href, 'refused');
      throw new UntrustedOriginError(
        `Refused to download ${url.href}: ${url.origin} is neither this site nor the Hugging Face hub, and loading from it was not approved.`,
      );
    }
    return once(url, init, (sent) => guarded(url, sent));
  };
  const allowed = (url: URL) => isTrustedUrl(url, options.pageOrigin) || options.allowedOrigins.includes(url.origin);

  /** A redirect may lead only where the policy lets a request go itself (worker/redirects.ts). */
  const guarded = async (url: URL, init: RequestInit | undefined): Promise<Response> => {
    const response = await request(url, { ...init, redirect: redirectMode(url) });
    const refusal = redirectRefusal(url, response, allowed);
    if (!refusal) return response;
    void response.body?.cancel().catch(() => undefined);
    fail(url.href, 'refused');
    throw new UntrustedOriginError(refusal);
  };

  const request = async (url: URL, init: RequestInit | undefined): Promise<Response> => {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), RESPONSE_TIMEOUT_MS);
    const signal = AbortSignal.any([init?.signal, options.signal, timeout.signal].filter((s): s is AbortSignal => Boolean(s)));
    try {
      // The hub refuses some Referers outright (pages on *.workers.dev), and a model's host has no use for the page's address.
      const response = await network(url.href, { ...init, signal, referrerPolicy: 'no-referrer' });
      if (response.status === 429) fail(url.href, 'limited');
      return withoutMadeUpSize(response, init);
    } catch (error) {
      // A cancelled load is not a host that failed.
      if (!options.signal?.aborted) fail(url.href, timeout.signal.aborted ? 'timeout' : await answeredOpaquely(url, network, signal));
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
  return { fetch, failure: () => failure };
}

/**
 * `fetch` says only "Failed to fetch" both when the host cannot be reached and when it answered
 * without CORS headers. A `no-cors` HEAD tells them apart: it resolves (opaquely, no body) when
 * the host answers at all.
 */
async function answeredOpaquely(url: URL, network: Fetch, signal: AbortSignal): Promise<'denied' | 'unreachable'> {
  try {
    await network(url.href, { method: 'HEAD', mode: 'no-cors', cache: 'no-store', referrerPolicy: 'no-referrer', signal });
    return 'denied';
  } catch {
    return 'unreachable';
  }
}

/**
 * A one-byte probe whose host does not expose `Content-Range` (a CDN without
 * Access-Control-Expose-Headers) would be sized by its Content-Length: 1 byte. Without that
 * header transformers.js reports the size as unknown, which is the truth.
 */
function withoutMadeUpSize(response: Response, init: RequestInit | undefined): Response {
  if (response.status !== 206 || new Headers(init?.headers).get('range') !== 'bytes=0-0' || response.headers.has('content-range')) {
    return response;
  }
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(response.body, { status: 206, statusText: response.statusText, headers });
}
