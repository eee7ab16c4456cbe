import { createHash } from 'node:crypto';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers':
    'content-length, content-range, content-type, accept-ranges, etag, x-repo-commit, x-error-code, x-error-message',
};

export interface HubAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** The hub's error answer: its status, its `x-error-*` headers and a plain-text body. */
export function hubError(status: number, code: string, message: string, body: string): HubAnswer {
  return {
    status,
    headers: { ...CORS, 'x-error-code': code, 'x-error-message': message, 'content-type': 'text/plain; charset=utf-8' },
    body,
  };
}

/**
 * `name`'s answer as the hub gives it: CORS preflight, HEAD, a ranged GET (206 and
 * content-range) or the whole file; `size` is what it claims the file holds. No bytes is the hub's 404.
 */
export function hubAnswer(
  name: string,
  method: string,
  range: string | undefined,
  bytes: Buffer | undefined,
  size = bytes?.length ?? 0,
): HubAnswer {
  if (method === 'OPTIONS') {
    return {
      status: 204,
      headers: { ...CORS, 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET, HEAD' },
      body: '',
    };
  }
  if (!bytes) return hubError(404, 'EntryNotFound', 'Entry not found', 'Entry not found');
  const headers = {
    ...CORS,
    'accept-ranges': 'bytes',
    'content-type': name.endsWith('.json') ? 'application/json' : 'application/octet-stream',
    etag: `"${createHash('sha256').update(bytes).digest('hex')}"`,
    'x-repo-commit': COMMIT,
  };
  if (method === 'HEAD') return { status: 200, headers: { ...headers, 'content-length': String(size) }, body: '' };
  const span = range && /^bytes=(\d+)-(\d*)$/.exec(range);
  if (!span) return { status: 200, headers, body: bytes };
  const start = Number(span[1]);
  const end = Math.min(span[2] ? Number(span[2]) : size - 1, size - 1);
  if (start > end) return { status: 416, headers: { ...headers, 'content-range': `bytes */${size}` }, body: '' };
  return {
    status: 206,
    headers: { ...headers, 'content-range': `bytes ${start}-${end}/${size}` },
    body: bytes.subarray(start, Math.min(end + 1, bytes.length)),
  };
}
