import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HUB_REPOS } from './simulated-hub';

/** The hosts the imitation answers for: the hub, and the CDN its weights are redirected to. */
export const HUB_HOST = 'huggingface.co';
export const CDN_HOST = 'us.aws.cdn.hf.co';

/** Chromium flags that send both hosts to a local port and accept the imitation's self-signed certificate. */
export const hubBrowserArgs = (port: number) => [
  `--host-resolver-rules=MAP ${HUB_HOST} 127.0.0.1:${port}, MAP *.hf.co 127.0.0.1:${port}`,
  '--ignore-certificate-errors',
];

export interface WireRequest {
  method: string;
  host: string;
  /** Path and query, as sent. */
  path: string;
  range?: string;
  origin?: string;
  referer?: string;
  status: number;
}

/** How a test makes a request go wrong: given the request, an answer other than the faithful one, or undefined. */
export type Fault = 'refuse' | 'limit' | 'cdn-hides-headers' | undefined;

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const HUB_EXPOSED =
  'X-Repo-Commit,X-Request-Id,X-Error-Code,X-Error-Message,X-Total-Count,ETag,Link,Accept-Ranges,Content-Range,X-Linked-Size,X-Linked-ETag,X-Xet-Hash';
const RESOLVE = /^\/([\w.-]+\/[\w.-]+)\/resolve\/main\/([^?]+)$/;
const RESOLVE_CACHE = /^\/api\/resolve-cache\/models\/([\w.-]+\/[\w.-]+)\/[0-9a-f]{40}\/([^?]+)/;
const XET = /^\/xet-bridge-us\/[\w-]+\/([0-9a-f]{64})\?/;
const WEIGHTS = /\.onnx(_data(_\d+)?)?$/;

/**
 * The real hub on the wire (../shared/README.md), over real HTTPS so the browser follows real
 * redirects: JSON files answer 307 to `/api/resolve-cache/…` on the hub, weights 302 to a signed
 * CDN URL; hub answers echo the Origin with the hub's exposed headers, CDN answers carry `*`.
 * `fault` lets a test turn one request into a refusal, a 429 or a CDN that exposes nothing.
 */
export class HttpsHub {
  readonly requests: WireRequest[] = [];
  fault: (request: WireRequest) => Fault = () => undefined;
  /** While set, the CDN's whole-file GETs wait for it before answering: a download caught before its first byte. */
  holdDownloads: Promise<void> | null = null;
  private server: Server | null = null;
  /** CDN objects by their hash, registered when the hub redirects to them. */
  private readonly blobs = new Map<string, Buffer>();

  constructor(
    readonly port: number,
    private readonly repos: Record<string, string> = HUB_REPOS,
  ) {}

  async start(): Promise<void> {
    const dir = mkdtempSync(path.join(tmpdir(), 'https-hub-'));
    try {
      const subject = ['-subj', `/CN=${HUB_HOST}`, '-addext', `subjectAltName=DNS:${HUB_HOST},DNS:*.hf.co`];
      const files = ['-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`];
      execFileSync('openssl', [...'req -x509 -newkey rsa:2048 -nodes -days 1'.split(' '), ...subject, ...files], { stdio: 'ignore' });
      const tls = { key: readFileSync(`${dir}/key.pem`), cert: readFileSync(`${dir}/cert.pem`) };
      this.server = createServer(tls, (req, res) => this.answer(req, res));
    } catch (error) {
      throw new Error(`The HTTPS hub imitation needs openssl on PATH to make its certificate (${String(error)})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  /** Stops answering: the hub and the CDN are down (connections refused). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const record: WireRequest = {
      method: req.method ?? 'GET',
      host: (req.headers.host ?? '').replace(/:\d+$/, ''),
      path: req.url ?? '/',
      ...(req.headers.range ? { range: req.headers.range } : {}),
      ...(req.headers.origin ? { origin: req.headers.origin } : {}),
      ...(req.headers.referer ? { referer: req.headers.referer } : {}),
      status: 0,
    };
    this.requests.push(record);
    const send = (status: number, headers: Record<string, string>, body: Buffer | string = '') => {
      record.status = status;
      res.writeHead(status, headers).end(record.method === 'HEAD' ? '' : body);
    };
    const fault = this.fault(record);
    const onCdn = record.host === CDN_HOST;
    // The hub echoes the page's origin; after a cross-origin redirect the browser sends `Origin: null`, which the CDN's `*` allows.
    const cors: Record<string, string> = onCdn
      ? fault === 'cdn-hides-headers'
        ? { 'access-control-allow-origin': '*' }
        : { 'access-control-allow-origin': '*', 'access-control-expose-headers': '*' }
      : { 'access-control-allow-origin': record.origin ?? '*', vary: 'Origin', 'access-control-expose-headers': HUB_EXPOSED };
    // The hub's refusal (it gives one to some Referers, `*.workers.dev` pages'): a 404 with no CORS headers at all.
    if (fault === 'refuse') return send(404, { 'content-type': 'text/plain' }, 'Not found');
    if (fault === 'limit') return send(429, { ...cors, 'retry-after': '60', 'content-type': 'text/plain' }, 'Too Many Requests');
    if (record.method === 'OPTIONS')
      return send(204, { ...cors, 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET, HEAD' });
    const url = record.path;
    if (onCdn) {
      if (!record.range && this.holdDownloads) await this.holdDownloads;
      const hash = XET.exec(url)?.[1];
      const blob = hash && this.blobs.get(hash);
      return blob ? this.bytes(send, cors, blob, record.range, `"${hash}"`) : send(403, cors, 'Signature expired');
    }
    const cached = RESOLVE_CACHE.exec(url);
    if (cached) {
      const file = this.file(cached[1]!, decodeURIComponent(cached[2]!));
      return file ? this.bytes(send, cors, file, record.range, `"${sha256(file)}"`) : send(404, cors);
    }
    const match = RESOLVE.exec(url);
    if (!match || !this.repos[match[1]!]) {
      // The hub answers 401, not 404, for a repository that does not exist (it might be private).
      return send(401, { ...cors, 'x-error-code': 'RepoNotFound', 'x-error-message': 'Repository not found' });
    }
    const [, repo, name] = match as unknown as [string, string, string];
    const file = this.file(repo, decodeURIComponent(name));
    if (!file) return send(404, { ...cors, 'x-error-code': 'EntryNotFound', 'x-error-message': 'Entry not found' });
    const hash = sha256(file);
    const common = { ...cors, 'x-repo-commit': COMMIT, 'content-type': 'text/plain; charset=utf-8' };
    if (!WEIGHTS.test(name)) {
      const query = `?%2F${encodeURIComponent(repo)}%2Fresolve%2Fmain%2F${encodeURIComponent(name)}=&etag=%22${hash.slice(0, 40)}%22`;
      return send(307, { ...common, location: `/api/resolve-cache/models/${repo}/${COMMIT}/${name}${query}` });
    }
    this.blobs.set(hash, file);
    const signed = `https://${CDN_HOST}/xet-bridge-us/${hash.slice(0, 24)}/${hash}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature=${hash.slice(0, 32)}&Signature=${hash.slice(32)}`;
    return send(302, {
      ...common,
      location: signed,
      'x-linked-size': String(file.length),
      'x-linked-etag': `"${hash}"`,
      'x-xet-hash': hash,
      'cache-control': 'no-store',
    });
  }

  private file(repo: string, name: string): Buffer | null {
    const folder = this.repos[repo];
    if (!folder) return null;
    const root = path.resolve('test-models', folder);
    const file = path.resolve(root, name);
    try {
      return file.startsWith(root + path.sep) ? readFileSync(file) : null;
    } catch {
      return null;
    }
  }

  /** The whole file, or the span a Range asks for (206, `Content-Range`), as both the hub and the CDN honour it. */
  private bytes(
    send: (s: number, h: Record<string, string>, b?: Buffer) => void,
    cors: Record<string, string>,
    file: Buffer,
    range: string | undefined,
    etag: string,
  ) {
    const headers = { ...cors, etag, 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
    const span = range && /^bytes=(\d+)-(\d*)$/.exec(range);
    if (!span) return send(200, headers, file);
    const start = Number(span[1]);
    const end = Math.min(span[2] ? Number(span[2]) : file.length - 1, file.length - 1);
    return send(206, { ...headers, 'content-range': `bytes ${start}-${end}/${file.length}` }, file.subarray(start, end + 1));
  }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
