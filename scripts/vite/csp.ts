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
 * A worker does not inherit the page's policy: it gets the one sent with its script. It runs
 * only this origin's code, ONNX Runtime's loader (imported from a blob: URL) and its threads
 * (blob: workers). connect-src cannot name the origins a user approves at run time, so it
 * stays open to http(s); the worker's own fetch path (worker/model-fetch.ts) refuses every
 * origin that is not this site, the hub or user-approved.
 */
export const WORKER_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data: https: http:",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

/** A meta tag cannot say this: only a header stops other sites from framing the app (clickjacking). */
export const DOCUMENT_HEADERS = { 'Content-Security-Policy': "frame-ancestors 'none'", 'X-Frame-Options': 'DENY' };

/**
 * Puts the page policy in every built page as a meta tag, so it holds on any static host
 * (only in builds: the dev server's hot reload injects inline scripts the policy rightly
 * forbids). The header policies are sent by server-headers.ts.
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
