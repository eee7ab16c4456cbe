import { isHubUrl } from './model-origin';

/**
 * How a model request treats redirects. The hub's are followed: it sends every file through a
 * 307 or 302 to its storage hosts (`*.hf.co`). Every other origin's are not: a browser hides an
 * unfollowed redirect's Location (an opaque redirect), so where it points cannot be checked before
 * it is requested, and not following it is the only way no request reaches an origin nobody approved.
 */
export function redirectMode(url: URL): RequestRedirect {
  return isHubUrl(url) ? 'follow' : 'manual';
}

/** Statuses a fetch that did not follow a redirect may answer with, outside browsers (which make them opaque). */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Why the answer to a request for `url` must not be used, or null when it may: an origin other
 * than the hub answered with a redirect, or the hub's redirects ended on an origin `allowed`
 * refuses. A followed chain is judged by where it ended, which is where the bytes come from.
 */
export function redirectRefusal(url: URL, response: Response, allowed: (url: URL) => boolean): string | null {
  if (redirectMode(url) === 'manual' && (response.type === 'opaqueredirect' || REDIRECTS.has(response.status))) {
    return (
      `Refused ${url.href}: ${url.origin} answered with a redirect, and only the Hugging Face hub's redirects are followed ` +
      '(where another host redirects to cannot be checked before the request is made). Load the model from the address its files are served at.'
    );
  }
  if (!response.redirected || !response.url) return null;
  const final = new URL(response.url);
  if (allowed(final)) return null;
  return (
    `Refused ${url.href}: it redirected to ${final.origin}, which is neither this site nor the Hugging Face hub, ` +
    'and loading from it was not approved. Nothing it sent was used.'
  );
}
