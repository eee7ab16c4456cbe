/** Hosts the app downloads models from without asking. */
const TRUSTED_HOSTS = [/^huggingface\.co$/, /\.huggingface\.co$/, /\.hf\.co$/];

/**
 * The origin a model reference would download from, when it is neither this origin nor the
 * Hugging Face hub; such a model needs the user's explicit go-ahead before any request.
 */
export function untrustedOrigin(reference: string, pageOrigin: string): string | null {
  if (!/^[a-z][\w+.-]*:\/\//i.test(reference.trim())) return null;
  let url: URL;
  try {
    url = new URL(reference.trim());
  } catch {
    return null;
  }
  if (url.origin === pageOrigin) return null;
  return TRUSTED_HOSTS.some((host) => host.test(url.hostname)) && url.protocol === 'https:' ? null : url.origin;
}
