import { resolveModelSource } from './resolve-model';
import { LOCAL_HOST } from './local-folder';

/** Hosts the app downloads models from without asking, over https on its default port only. */
const TRUSTED_HOSTS = [/^huggingface\.co$/, /\.huggingface\.co$/, /^hf\.co$/, /\.hf\.co$/];

/**
 * Whether a URL may be fetched without the user's go-ahead: this page's origin, the
 * Hugging Face hub over https (port 443, which URLs leave implicit), or the user's own files
 * (served under `LOCAL_HOST`). Origins are compared whole, port included.
 */
export function isTrustedUrl(url: URL, pageOrigin: string): boolean {
  return url.origin === new URL(pageOrigin).origin || url.origin === new URL(LOCAL_HOST).origin || isHubUrl(url);
}

/** Whether a URL is on the Hugging Face hub or its storage hosts. */
export function isHubUrl(url: URL): boolean {
  // `port` is empty exactly when it is the scheme's default: https://huggingface.co:8443 is another server.
  return url.protocol === 'https:' && url.port === '' && TRUSTED_HOSTS.some((host) => host.test(url.hostname));
}

/**
 * The origin a model reference would download from when that needs the user's explicit
 * go-ahead, or null when it does not. It resolves the reference exactly as loading does,
 * so protocol-relative, backslashed, mixed-case, tab-broken or userinfo forms are judged
 * by where they really go. A reference that cannot load at all is left to the loader's
 * own message (it makes no request).
 */
export function untrustedModelOrigin(reference: string, pageOrigin: string): string | null {
  let origin: string;
  try {
    origin = resolveModelSource(reference, pageOrigin).origin;
  } catch {
    return null;
  }
  return isTrustedUrl(new URL(origin), pageOrigin) ? null : origin;
}
