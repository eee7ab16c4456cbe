import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
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

test('a cached runtime ONNX Runtime cannot start from fails that load with its reason, is dropped, and the next page downloads it again', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  // A page that starts no reranker, so nothing stores the real runtime meanwhile.
  await first.goto('/favicon.svg');
  const url = new URL('/ort/ort-wasm-simd-threaded.asyncify.wasm', first.url()).href;
  // A valid header over a body that is not WebAssembly: what a damaged copy would look like.
  await first.evaluate(
    async ([key]) =>
      (await caches.open('onnxruntime-wasm')).put(key!, new Response(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 255, 255, 255]))),
    [`${url}?onnxruntime=${ORT_VERSION}`],
  );
  await first.close();

  const broken = await context.newPage();
  await broken.goto(`/?model=${encodeURIComponent(`/models/test/${MODEL}`)}&device=wasm&dtype=fp32`);
  await expect(broken.getByTestId('error')).toContainText(
    /^ONNX Runtime could not start from http:\/\/localhost:\d+\/ort\/ort-wasm-simd-threaded\.asyncify\.wasm: .*CompileError.* Reload the page to try again\./,
    { timeout: 120_000 },
  );
  await expect.poll(() => broken.evaluate(async () => (await (await caches.open('onnxruntime-wasm')).keys()).length)).toBe(0);
  await broken.close();

  const next = await context.newPage();
  await openWithModel(next, `/models/test/${MODEL}`, { device: 'wasm', dtype: 'fp32' });
  const c = expectedCases(MODEL)[0]!;
  expect((await rerankInUi(next, c.query, c.passages)).map((r) => r.index)).toEqual(expectedRanking(c.logits['fp32']!));
  await context.close();
});
