import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Connect } from 'vite';

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.onnx_data': 'application/octet-stream',
  '.txt': 'text/plain',
};

/** Serves files under `folder` at `urlPrefix`, with Content-Length so that download progress has a total. */
export function serveFolder(urlPrefix: string, folder: string): Connect.NextHandleFunction {
  const root = path.resolve(folder);
  return (req, res, next) => {
    const raw = (req.url ?? '').split('?')[0]!;
    if (!raw.startsWith(urlPrefix)) return next();
    let url: string;
    try {
      url = decodeURIComponent(raw);
    } catch {
      res.statusCode = 400;
      res.end('Bad request: the path has a malformed % escape.');
      return;
    }
    const file = path.resolve(root, '.' + url.slice(urlPrefix.length - 1));
    if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      res.end(`Not found: ${url}`);
      return;
    }
    res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', statSync(file).size);
    createReadStream(file).pipe(res);
  };
}
