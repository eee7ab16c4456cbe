import { expect, test, type Browser } from '@playwright/test';
import type { LoadTiming, Span } from '../worker/api';
import { expectedCases, expectedRanking, openWithModel } from './helpers';
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
