import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Connect, Plugin } from 'vite';
import { DOCUMENT_HEADERS, WORKER_CONTENT_SECURITY_POLICY } from './csp.ts';

/**
 * Cross-origin isolation gives the WASM backend SharedArrayBuffer, hence threads.
 * `credentialless` rather than `require-corp`, so that hub downloads need no CORP header.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

const SCRIPT = /^(text|application)\/(x-)?javascript\b/i;
const HTML = /^text\/html\b/i;
/** Requests for something a browser will show as a page (Fetch Metadata), answered with HTML or not, a bare 404 included. */
const NAVIGATION = new Set(['document', 'iframe', 'frame', 'fencedframe', 'embed', 'object']);

/** The headers a response needs, from what it turned out to be: which middleware answered, and at which path, does not matter. */
function headersFor(req: IncomingMessage, contentType: string): Record<string, string> {
  // Any script can start as a worker (ONNX Runtime's loader starts its threads from its own URL), and a worker gets the
  // policy sent with its script; on a script a page imports, the header has no effect.
  if (SCRIPT.test(contentType)) return { ...ISOLATION_HEADERS, 'Content-Security-Policy': WORKER_CONTENT_SECURITY_POLICY };
  const dest = req.headers['sec-fetch-dest'];
  if (HTML.test(contentType) || (typeof dest === 'string' && NAVIGATION.has(dest))) return { ...ISOLATION_HEADERS, ...DOCUMENT_HEADERS };
  return ISOLATION_HEADERS;
}

/**
 * Runs `addHeaders` just before the response's head goes out, once its Content-Type is known,
 * whether the answering middleware set headers one by one or passed them to `writeHead`
 * (Node's `end()` without `writeHead` calls it too).
 */
function beforeHead(res: ServerResponse, addHeaders: () => void): void {
  const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => ServerResponse;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const last = rest.at(-1);
    if (last && typeof last === 'object' && !Array.isArray(last)) {
      for (const [name, value] of Object.entries(last as OutgoingHttpHeaders)) if (value !== undefined) res.setHeader(name, value);
      rest.pop();
    }
    addHeaders();
    return writeHead(status, ...rest);
  }) as ServerResponse['writeHead'];
}

function serverHeaders(): Connect.NextHandleFunction {
  return (req, res, next) => {
    beforeHead(res, () => {
      const contentType = String(res.getHeader('Content-Type') ?? '');
      for (const [name, value] of Object.entries(headersFor(req, contentType))) res.setHeader(name, value);
    });
    next();
  };
}

/**
 * Cross-origin isolation, the worker policy and the framing ban on every response of the dev
 * and preview servers, installed before any other middleware: Vite's `server.headers` and
 * `preview.headers` reach only the responses Vite itself sends, not those of plugins such as
 * ONNX Runtime's files (ort-runtime.ts), whose thread workers then fail to start without COEP.
 * Production hosts must send the same (see docs/security.md).
 */
export function securityHeaders(): Plugin {
  return {
    name: 'security-headers',
    configureServer: { order: 'pre', handler: (server) => void server.middlewares.use(serverHeaders()) },
    configurePreviewServer: { order: 'pre', handler: (server) => void server.middlewares.use(serverHeaders()) },
  };
}
