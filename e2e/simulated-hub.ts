import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Route } from '@playwright/test';
import { hubAnswer, hubError, type HubAnswer } from '../lib/hub-answer';

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

/** A file of a repository a test makes up. */
export interface MadeUpFile {
  bytes: Buffer | string;
  /** The size the hub claims in HEAD and ranged answers, when the test wants it to differ from the bytes (gigabytes never sent). */
  claimedSize?: number;
  /** A whole GET waits for this before it is answered: a download slowed to a stop. */
  until?: Promise<void>;
}

const RESOLVE = /^\/([\w.-]+\/[\w.-]+)\/resolve\/[^/]+\/(.+)$/;

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
  /** Repositories a test made up, answered instead of a fixture folder. */
  readonly madeUp = new Map<string, Record<string, MadeUpFile>>();

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
    const made = this.madeUpFile(new URL(request.url()).pathname);
    if (made?.until && !range && request.method() === 'GET') await made.until;
    const reply = this.reply(request.method(), new URL(request.url()).pathname, range);
    record.status = reply.status;
    // A request the page aborted while it waited can no longer be answered.
    await route.fulfill(reply).catch(() => undefined);
  }

  private reply(method: string, pathname: string, range: string | undefined): HubAnswer {
    if (method === 'OPTIONS') return hubAnswer('', method, undefined, undefined);
    const match = RESOLVE.exec(decodeURIComponent(pathname));
    const made = match && this.madeUp.get(match[1]!);
    if (made) {
      const file = made[match[2]!];
      return hubAnswer(match[2]!, method, range, file && Buffer.from(file.bytes), file?.claimedSize);
    }
    const folder = match && this.repos[match[1]!];
    if (!match || !folder) {
      // The hub answers 401, not 404, for a repository that does not exist (it might be private).
      return hubError(401, 'RepoNotFound', 'Repository not found', JSON.stringify({ error: 'Invalid username or password.' }));
    }
    const root = path.resolve('test-models', folder);
    const file = path.resolve(root, match[2]!);
    const found = file.startsWith(root + path.sep) && existsSync(file) && statSync(file).isFile();
    return hubAnswer(file, method, range, found ? readFileSync(file) : undefined);
  }

  private madeUpFile(pathname: string): MadeUpFile | undefined {
    const match = RESOLVE.exec(decodeURIComponent(pathname));
    return match ? this.madeUp.get(match[1]!)?.[match[2]!] : undefined;
  }
}
