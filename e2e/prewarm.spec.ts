import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { HOOKS_PORT } from '../playwright.config';
import type { LoadTiming, Span } from '../worker/api';
import { expectedCases, expectedRanking, openWithModel, rerankInUi } from './helpers';
import '../web/test-hooks';

const MODEL = 'bert-tiny';

/** Opens the app on bert-tiny (WASM, fp32), with or without its prewarm, and reranks every fixture case through the test hooks. */
async function loadAndScore(browser: Browser, prewarm: boolean) {
  const context = await browser.newContext();
  const requests: string[] = [];
  context.on('request', (r) => requests.push(`${r.method()} ${r.url()}${r.headers()['range'] ? ` ${r.headers()['range']}` : ''}`));
  const page = await context.newPage();
  await openWithModel(page, `/models/test/${MODEL}`, {
    device: 'wasm',
    dtype: 'fp32',
    testHooks: '',
    ...(prewarm ? {} : { noPrewarm: '' }),
  });
  const info = (await page.evaluate(() => window.__reranker!.info()))!;
  const scores: number[][] = [];
  for (const c of expectedCases(MODEL)) {
    const result = await page.evaluate(([q, p]) => window.__reranker!.rerank(q, p), [c.query, c.passages] as const);
    const byIndex: number[] = [];
    for (const r of result.ranking) byIndex[r.index] = r.score;
    scores.push(byIndex);
  }
  const later = (await page.evaluate(() => window.__reranker!.info()))!;
  await context.close();
  return { info, later, scores, requests };
}

const ordered = (a: Span, b: Span) => a.end <= b.start;

/** `atLoad` as the load reported it; `later` once a rerank has run (on WASM the warm-up comes after the load, and the first rerank waits for it). */
function expectPhases(atLoad: LoadTiming, later: LoadTiming): void {
  const { runtime, files, session, ready } = atLoad;
  for (const span of [runtime, files, session]) expect(span.start).toBeLessThanOrEqual(span.end);
  // The session needs the runtime and the files; the load resolves once the session exists.
  expect(runtime.end).toBeLessThanOrEqual(session.end);
  expect(ordered(files, session), JSON.stringify(atLoad)).toBe(true);
  expect(session.end).toBeLessThanOrEqual(ready);
  const { warmup } = later;
  expect(warmup, JSON.stringify(later)).toBeDefined();
  expect(ordered(session, warmup!) && warmup!.start <= warmup!.end && warmup!.end >= ready, JSON.stringify(later)).toBe(true);
}

test('prewarm starts ONNX Runtime before the load, changes no score, and the load reports its phases and fetches no file twice', async ({
  browser,
}) => {
  const warm = await loadAndScore(browser, true);
  const plain = await loadAndScore(browser, false);

  for (const run of [warm, plain]) {
    expect(run.info).toMatchObject({ device: 'wasm', dtype: 'fp32', file: 'onnx/model.onnx' });
    expectPhases(run.info.loadTiming, run.later.loadTiming);
    const cases = expectedCases(MODEL);
    run.scores.forEach((scores, i) => {
      const expected = cases[i]!.logits['fp32']!;
      expect(expectedRanking(scores)).toEqual(expectedRanking(expected));
      scores.forEach((s, j) => expect(Math.abs(s - expected[j]!), `${cases[i]!.name} passage ${j}`).toBeLessThan(1e-3));
    });
    const modelFiles = run.requests.filter((r) => r.includes(`/models/test/${MODEL}/`));
    expect(modelFiles.length, modelFiles.join('\n')).toBeGreaterThan(0);
    expect(new Set(modelFiles).size, `no request repeated:\n${modelFiles.join('\n')}`).toBe(modelFiles.length);
  }
  // With prewarm the runtime was on its way before the load began; without, the load started it.
  expect(warm.info.loadTiming.runtime.start).toBeLessThan(warm.info.loadTiming.files.start);
  expect(plain.info.loadTiming.runtime.start).toBeGreaterThanOrEqual(plain.info.loadTiming.files.start);
  expect(warm.scores).toEqual(plain.scores);
});

const RUNTIME_WASM = /\/ort\/ort-wasm-simd-threaded\.asyncify\.wasm$/;
const ORT_VERSION = (JSON.parse(readFileSync('node_modules/onnxruntime-web/package.json', 'utf8')) as { version: string }).version;

test("ONNX Runtime's WASM is downloaded once: later pages compile it from the Cache API, under its version, with the same scores", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const runtimeRequests: string[] = [];
  context.on('request', (r) => RUNTIME_WASM.test(new URL(r.url()).pathname) && runtimeRequests.push(r.url()));
  const c = expectedCases(MODEL)[0]!;
  const scoresOn = async (page: Page) => {
    await openWithModel(page, `/models/test/${MODEL}`, { device: 'wasm', dtype: 'fp32' });
    return rerankInUi(page, c.query, c.passages);
  };
  const first = await context.newPage();
  const before = await scoresOn(first);
  expect(runtimeRequests).toHaveLength(1);
  const keys = await first.evaluate(async () => (await (await caches.open('onnxruntime-wasm')).keys()).map((r) => r.url));
  expect(keys).toEqual([`${runtimeRequests[0]}?onnxruntime=${ORT_VERSION}`]);
  await first.close();

  const second = await context.newPage();
  const after = await scoresOn(second);
  expect(runtimeRequests, 'the second page compiled the cached copy').toHaveLength(1);
  expect(after).toEqual(before);
  const expected = c.logits['fp32']!;
  for (const r of after) expect(Math.abs(r.score - expected[r.index]!)).toBeLessThan(1e-3);
  // The models' cache lists models only: the runtime is not among them.
  expect(await second.evaluate(async () => (await caches.keys()).includes('onnxruntime-wasm'))).toBe(true);
  await context.close();
});

/** The SHA-256 of the runtime the build ships, which the worker checks copies against. */
const RUNTIME_SHA256 = createHash('sha256').update(readFileSync('dist/ort/ort-wasm-simd-threaded.asyncify.wasm')).digest('hex');
/** A valid 32-byte module (header and one custom section) whose start never returns: what a planted or damaged copy may be. */
const PLANTED = [0, 97, 115, 109, 1, 0, 0, 0, 0, 22, 1, 120, ...Array<number>(20).fill(0)];

test("a cached runtime that is not the build's is dropped before it is compiled: the page downloads the real one, stores it and reranks", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const runtimeRequests: string[] = [];
  context.on('request', (r) => RUNTIME_WASM.test(new URL(r.url()).pathname) && runtimeRequests.push(r.url()));
  const first = await context.newPage();
  // A page that starts no reranker, so nothing stores the real runtime meanwhile.
  await first.goto('/favicon.svg');
  const key = `${new URL('/ort/ort-wasm-simd-threaded.asyncify.wasm', first.url()).href}?onnxruntime=${ORT_VERSION}`;
  await first.evaluate(async ([key, bytes]) => (await caches.open('onnxruntime-wasm')).put(key, new Response(new Uint8Array(bytes))), [
    key,
    PLANTED,
  ] as const);
  await first.close();

  const page = await context.newPage();
  await openWithModel(page, `/models/test/${MODEL}`, { device: 'wasm', dtype: 'fp32' });
  const c = expectedCases(MODEL)[0]!;
  expect((await rerankInUi(page, c.query, c.passages)).map((r) => r.index)).toEqual(expectedRanking(c.logits['fp32']!));
  expect(runtimeRequests).toHaveLength(1);
  const stored = () =>
    page.evaluate(async (key) => {
      const hit = await (await caches.open('onnxruntime-wasm')).match(key);
      if (!hit) return null;
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await hit.arrayBuffer()));
      return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
    }, key);
  await expect.poll(stored, 'the planted copy was replaced by the real one').toBe(RUNTIME_SHA256);
  await context.close();
});

const BLOCKED_START =
  'ONNX Runtime did not start within 3 s: its thread workers may be blocked. The page and every script that can start as a ' +
  'worker (ONNX Runtime’s ort-wasm-simd-threaded.asyncify.mjs among them) must be served with the headers ' +
  'Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: credentialless (or require-corp). Load again, or reload the page, to try again.';

test('a start that never returns (its script unanswered, as when thread workers are blocked) fails the load at the deadline with a sentence, and Load then retries in a fresh worker', async ({
  browser,
}) => {
  const context = await browser.newContext();
  // ONNX Runtime's script is left unanswered, so its start never returns, as when the browser
  // refuses its thread workers for want of isolation headers (a thread worker's own request, made
  // by a worker inside the worker, is beyond Playwright's routes).
  const MJS = /\/ort\/ort-wasm-simd-threaded\.asyncify\.mjs$/;
  let scriptRequests = 0;
  await context.route(MJS, () => void ++scriptRequests);
  // The e2e build takes a shorter deadline from the worker's scope, so the test waits 3 s rather
  // than 90; the worker that replaces this one keeps the real deadline.
  let workerScripts = 0;
  await context.route(/\/assets\/reranker\.worker-[\w-]+\.js$/, async (route) => {
    if (++workerScripts > 1) return route.continue();
    const response = await route.fetch();
    await route.fulfill({ response, body: `globalThis.__runtimeStartDeadlineMs = 3000;\n${await response.text()}` });
  });
  const page = await context.newPage();
  await page.goto(`http://localhost:${HOOKS_PORT}/?model=${encodeURIComponent(`/models/test/${MODEL}`)}&device=wasm&dtype=fp32`);
  await expect(page.getByTestId('error')).toHaveText(`${BLOCKED_START}×`);
  await expect(page.getByTestId('model-status')).not.toContainText('Ready');

  // The server fixed, Load starts ONNX Runtime again in a fresh worker, and the model reranks.
  expect(scriptRequests, "ONNX Runtime's start asked for its script").toBeGreaterThan(0);
  await context.unroute(MJS);
  await page.getByTestId('load-button').click();
  await expect(page.getByTestId('model-status')).toContainText('Ready');
  await expect(page.getByTestId('error')).toHaveCount(0);
  const c = expectedCases(MODEL)[0]!;
  expect((await rerankInUi(page, c.query, c.passages)).map((r) => r.index)).toEqual(expectedRanking(c.logits['fp32']!));
  await context.close();
});
