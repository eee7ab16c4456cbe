import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Route } from '@playwright/test';

/**
 * The generated fixture folder (under test-models/) that answers for each hub repository.
 * Adding a repository, or a faithful fixture for one, is one line.
 */
export const HUB_REPOS: Record<string, string> = {
  // Each preset's repository answered by a fixture of its architecture (docs/fidelity.md).
  'Xenova/ms-marco-MiniLM-L-6-v2': 'bert-tiny-q8',
  'mixedbread-ai/mxbai-rerank-xsmall-v1': 'deberta-v3-tiny',
  'jinaai/jina-reranker-v1-tiny-en': 'jina-bert-tiny',
  'Xenova/bge-reranker-base': 'xlm-roberta-tiny',
  // Not presets: one repository publishes an 8-bit graph, the other onnx/model.onnx only.
  'Xenova/ms-marco-TinyBERT-L-2-v2': 'bert-tiny-q8',
  'cross-encoder/ms-marco-TinyBERT-L2-v2': 'bert-tiny',
};

export interface HubRequest {
  method: string;
  url: string;
  /** The Range header, when the request had one. */
  range?: string;
  /** What the hub answered; 0 when it was unreachable. */
  status: number;
}

const RESOLVE = /^\/([\w.-]+\/[\w.-]+)\/resolve\/[^/]+\/(.+)$/;
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers':
    'content-length, content-range, content-type, accept-ranges, etag, x-repo-commit, x-error-code, x-error-message',
};

/**
 * Playwright answers https://huggingface.co (and *.hf.co) from the fixture folders, as the hub
 * does: HEAD, one-byte Range GETs (206 with content-range), etags, and the hub's own 401 and 404
 * bodies. The hub redirects large files to its storage hosts, but Playwright does not follow a
 * fulfilled redirect for a dedicated worker's fetch, so the final bytes are served directly.
 * Context routes also see the worker's fetches, so every request the page makes lands here.
 */
export class SimulatedHub {
  readonly requests: HubRequest[] = [];
  /** While true, every request fails as with no network. */
  unreachable = false;

  constructor(private readonly repos: Record<string, string> = HUB_REPOS) {}

  /** `repos` maps hub repositories to folders under test-models/ (the bench answers for its own models). */
  static async install(context: BrowserContext, repos: Record<string, string> = HUB_REPOS): Promise<SimulatedHub> {
    const hub = new SimulatedHub(repos);
    for (const pattern of ['https://huggingface.co/**', 'https://*.hf.co/**']) {
      await context.route(pattern, (route) => hub.answer(route));
    }
    return hub;
  }

  /** Requests for `repo`'s files as `GET onnx/model.onnx`, with ` bytes=0-0` for ranged ones, sorted: loads fetch in parallel. */
  calls(repo: string): string[] {
    const prefix = `https://huggingface.co/${repo}/resolve/main/`;
    return this.requests
      .filter((r) => r.url.startsWith(prefix))
      .map((r) => `${r.method} ${r.url.slice(prefix.length)}${r.range ? ` ${r.range}` : ''}`)
      .sort();
  }

  private async answer(route: Route): Promise<void> {
    const request = route.request();
    const range = request.headers()['range'];
    const record: HubRequest = { method: request.method(), url: request.url(), ...(range ? { range } : {}), status: 0 };
    this.requests.push(record);
    if (this.unreachable) return route.abort('internetdisconnected');
    const reply = this.reply(request.method(), new URL(request.url()).pathname, range);
    record.status = reply.status;
    await route.fulfill({ ...reply, headers: { ...CORS, ...reply.headers } });
  }

  private reply(
    method: string,
    pathname: string,
    range: string | undefined,
  ): { status: number; headers: Record<string, string>; body?: Buffer | string } {
    if (method === 'OPTIONS') {
      return { status: 204, headers: { 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET, HEAD' } };
    }
    const match = RESOLVE.exec(decodeURIComponent(pathname));
    const folder = match && this.repos[match[1]!];
    if (!match || !folder) {
      // The hub answers 401, not 404, for a repository that does not exist (it might be private).
      return error(401, 'RepoNotFound', 'Repository not found', JSON.stringify({ error: 'Invalid username or password.' }));
    }
    const root = path.resolve('test-models', folder);
    const file = path.resolve(root, match[2]!);
    if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      return error(404, 'EntryNotFound', 'Entry not found', 'Entry not found');
    }
    const bytes = readFileSync(file);
    const headers = {
      'accept-ranges': 'bytes',
      'content-type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream',
      etag: `"${createHash('sha256').update(bytes).digest('hex')}"`,
      'x-repo-commit': COMMIT,
    };
    if (method === 'HEAD') return { status: 200, headers: { ...headers, 'content-length': String(bytes.length) }, body: '' };
    const span = range && /^bytes=(\d+)-(\d*)$/.exec(range);
    if (!span) return { status: 200, headers, body: bytes };
    const start = Number(span[1]);
    const end = Math.min(span[2] ? Number(span[2]) : bytes.length - 1, bytes.length - 1);
    if (start > end) return { status: 416, headers: { ...headers, 'content-range': `bytes */${bytes.length}` }, body: '' };
    return {
      status: 206,
      headers: { ...headers, 'content-range': `bytes ${start}-${end}/${bytes.length}` },
      body: bytes.subarray(start, end + 1),
    };
  }
}

function error(status: number, code: string, message: string, body: string) {
  return { status, headers: { 'x-error-code': code, 'x-error-message': message, 'content-type': 'text/plain; charset=utf-8' }, body };
}
