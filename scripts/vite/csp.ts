import type { Plugin } from 'vite';

/** The hosts a hub download touches: the API and file redirects to its LFS and Xet storage. */
const HUB = ['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co'];

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // ONNX Runtime compiles WebAssembly; nothing else may be evaluated.
  "script-src 'self' 'wasm-unsafe-eval'",
  // transformers.js imports ONNX Runtime's loader from a blob: URL it caches.
  "worker-src 'self' blob:",
  `connect-src 'self' blob: data: ${HUB.join(' ')}`,
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * Puts the policy in every built page as a meta tag, so it holds on any static host. Only
 * in builds: the dev server's hot reload injects inline scripts the policy rightly forbids.
 */
export function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}
