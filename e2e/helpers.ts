import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { HOOKS_PORT } from '../playwright.config';
import { DOCUMENT_HEADERS, WORKER_CONTENT_SECURITY_POLICY } from '../scripts/vite/csp';
import { ISOLATION_HEADERS } from '../scripts/vite/server-headers';

export type Passage = string | { title?: string; text: string };

export interface ExpectedCase {
  name: string;
  query: string;
  passages: Passage[];
  logits: Record<string, number[]>;
}

/** What `npm run fixtures` computed with the independent TypeScript reference. */
export function expectedCases(model: string): ExpectedCase[] {
  const file = path.join(process.cwd(), 'test-models', model, 'expected.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { cases: ExpectedCase[] }).cases;
}

/** Records every request the page and its workers make, so a test can prove nothing left localhost. */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.context().on('request', (request) => urls.push(request.url()));
  return urls;
}

export function offOrigin(urls: readonly string[]): string[] {
  return urls.filter((u) => {
    const { protocol, hostname } = new URL(u);
    return !(protocol === 'data:' || protocol === 'blob:' || hostname === 'localhost' || hostname === '127.0.0.1');
  });
}

export async function openWithModel(page: Page, model: string, params: Record<string, string> = {}): Promise<void> {
  const search = new URLSearchParams({ model, ...params });
  // Only the e2e build has test hooks; the production build is what every other test opens.
  await page.goto(`${'testHooks' in params ? `http://localhost:${HOOKS_PORT}` : ''}/?${search}`);
  const status = page.getByTestId('model-status');
  await expect(status).toContainText(/Ready|failed/, { timeout: 150_000 });
  if (!(await status.textContent())?.includes('Ready')) {
    throw new Error(`Loading ${model} failed: ${await page.getByTestId('error').textContent()}`);
  }
}

/** The box's own format: one passage per line, `title<TAB>text` for titled ones. */
export function passagesAsLines(passages: readonly Passage[]): string {
  return passages.map((p) => (typeof p === 'string' ? p : `${p.title ?? ''}\t${p.text}`)).join('\n');
}

export async function rerankInUi(page: Page, query: string, passages: readonly Passage[]) {
  await page.getByTestId('query-input').fill(query);
  await pasteInto(page.getByTestId('passages-input'), passagesAsLines(passages));
  await page.getByTestId('rerank-button').click();
  await expect(page.getByTestId('result')).toHaveCount(passages.length);
  await expect(page.getByTestId('timing')).toBeVisible();
  return readResults(page);
}

export async function readResults(page: Page): Promise<{ index: number; score: number }[]> {
  return page.getByTestId('result').evaluateAll((items) =>
    items.map((el) => ({
      index: Number(el.getAttribute('data-index')),
      score: Number(el.querySelector('[data-testid="result-score"]')!.getAttribute('data-score')),
    })),
  );
}

/** Scores, best first, ties by input order: the order the engine promises. */
export function expectedRanking(logits: readonly number[]): number[] {
  return logits.map((_, i) => i).sort((a, b) => logits[b]! - logits[a]! || a - b);
}

/** Reranks each of `model`'s reference cases in the UI: ranks as the reference's `dtype` logits, scores within `tolerance`. Returns the largest difference. */
export async function expectReferenceScores(page: Page, model: string, dtype: string, tolerance: number): Promise<number> {
  let worst = 0;
  for (const c of expectedCases(model)) {
    const expected = c.logits[dtype]!;
    const results = await rerankInUi(page, c.query, c.passages);
    expect(
      results.map((r) => r.index),
      `${c.name}: ranking`,
    ).toEqual(expectedRanking(expected));
    for (const r of results) {
      const delta = Math.abs(r.score - expected[r.index]!);
      worst = Math.max(worst, delta);
      expect(delta, `${c.name}: passage ${r.index}`).toBeLessThanOrEqual(tolerance);
    }
  }
  return worst;
}

/**
 * Puts a large text into a field in one input event, as a paste does. Playwright's `fill`
 * takes minutes on half a megabyte of lines, which would time the test, not the app.
 */
export async function pasteInto(field: Locator, text: string): Promise<void> {
  await field.evaluate((el, value) => {
    const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

/**
 * Opens a host app built from examples/consumer* on `port`, which reranks bert-tiny's
 * "edison" case on WASM, and checks its scores against the reference, that every request
 * stayed on localhost, and that the host's bundler re-emitted the worker and ONNX Runtime.
 */
/** Where Vite puts the worker and ONNX Runtime's wasm it re-emitted from the library. */
const VITE_ASSETS = { worker: /\/assets\/reranker\.worker-[\w-]+\.js$/, wasm: /\/assets\/ort-wasm-simd-threaded\.asyncify-[\w-]+\.wasm$/ };

export async function expectHostAppReranks(
  page: Page,
  port: number,
  params: Record<string, string> = {},
  assets: { worker: RegExp; wasm: RegExp } = VITE_ASSETS,
): Promise<void> {
  const requests = recordRequests(page);
  const edison = expectedCases('bert-tiny').find((c) => c.name === 'edison')!;
  const search = new URLSearchParams({ model: `http://localhost:${port}/models/test/bert-tiny`, device: 'wasm', ...params });
  for (const p of edison.passages) search.append('p', typeof p === 'string' ? p : p.text);
  await page.goto(`http://localhost:${port}/?${search}`);
  await expect(page.locator('#status')).toHaveText('done on wasm', { timeout: 120_000 });

  const results = await page
    .locator('#results li')
    .evaluateAll((items) =>
      items.map((li) => ({ index: Number(li.getAttribute('data-index')), score: Number(li.getAttribute('data-score')) })),
    );
  const expected = edison.logits['fp32']!;
  expect(results.map((r) => r.index)).toEqual(expectedRanking(expected));
  for (const r of results) expect(Math.abs(r.score - expected[r.index]!)).toBeLessThan(1e-3);

  expect(offOrigin(requests)).toEqual([]);
  // The host's bundler re-emitted the worker and ONNX Runtime as its own assets.
  expect(requests.filter((u) => assets.worker.test(u))).toHaveLength(1);
  expect(requests.filter((u) => assets.wasm.test(u))).toHaveLength(1);
}

/** The three pages, by file and by clean URL (`/index` too), as both servers answer them. */
const PAGE_PATHS = ['/', '/index.html', '/index', '/search.html', '/search', '/eval.html', '/eval'];
/** Paths that are no page: a 404, never the app. */
const UNKNOWN_PATHS = ['/nope', '/nope.html', '/search/', '/assets/', '/models/test/nope/'];

/**
 * Every answer of the server at `origin` is cross-origin isolated; every page, and every
 * navigation (a 404 included), forbids framing; unknown paths are 404s; ONNX Runtime's loader,
 * which starts its thread workers, carries the worker policy.
 */
export async function expectServerHeaders(page: Page, origin: string): Promise<void> {
  const expectHeaders = (what: string, headers: Record<string, string>, expected: Record<string, string>) => {
    for (const [name, value] of Object.entries(expected)) expect(headers[name.toLowerCase()], `${what}: ${name}`).toBe(value);
  };
  for (const pathname of [...PAGE_PATHS, ...UNKNOWN_PATHS]) {
    // A real navigation, as a framing page's would be. Chromium shows its own error page for an empty 404, and goto throws.
    const url = `${origin}${pathname}`;
    const [response] = await Promise.all([page.waitForResponse(url), page.goto(url).catch(() => null)]);
    expectHeaders(pathname, response.headers(), { ...ISOLATION_HEADERS, ...DOCUMENT_HEADERS });
    if (UNKNOWN_PATHS.includes(pathname)) {
      expect(response.status(), pathname).toBe(404);
      continue;
    }
    expect(response.status(), pathname).toBe(200);
    expect(response.headers()['content-type'], pathname).toMatch(/^text\/html/);
    // A clean URL opens its own page.
    const file = pathname.endsWith('.html') ? pathname : `${pathname.replace(/^\/$/, '/index')}.html`;
    expect(await response.text(), pathname).toBe(await (await page.request.get(`${origin}${file}`)).text());
  }
  for (const [pathname, headers] of [
    ['/ort/ort-wasm-simd-threaded.asyncify.mjs', { ...ISOLATION_HEADERS, 'Content-Security-Policy': WORKER_CONTENT_SECURITY_POLICY }],
    ['/ort/ort-wasm-simd-threaded.asyncify.wasm', ISOLATION_HEADERS],
    ['/models/test/bert-tiny/config.json', ISOLATION_HEADERS],
  ] as const) {
    const response = await page.request.get(`${origin}${pathname}`);
    expect(response.status(), pathname).toBe(200);
    expectHeaders(pathname, response.headers(), headers);
  }
}

/** Waits until the page says its model is Ready (a first load on a busy two-core machine takes long). */
export async function waitForReady(page: Page): Promise<void> {
  await expect(page.getByTestId('model-status')).toContainText('Ready', { timeout: 150_000 });
}

const BERT_DIR = path.resolve('test-models', 'bert-tiny');

/** Answers every request under `prefix` with bert-tiny's files (as a model host with CORS would), letting `edit` change one. */
export async function serveBertAt(
  context: BrowserContext,
  prefix: string,
  edit: (file: string, body: Buffer, url: string) => Buffer | string | null = (_, body) => body,
) {
  await context.route(`${prefix}/**`, async (route) => {
    const url = route.request().url();
    // bert-tiny's files sit at its root or in onnx/.
    const name = new URL(url).pathname.split('/').pop()!;
    const relative = url.includes('/onnx/') ? `onnx/${name}` : name;
    const original = await readFile(path.join(BERT_DIR, relative)).catch(() => null);
    const body = original && edit(relative, original, url);
    const headers = { 'access-control-allow-origin': '*' };
    if (body === null) return route.fulfill({ status: 404, body: 'not found', headers });
    return route.fulfill({ status: 200, body, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } });
  });
}
