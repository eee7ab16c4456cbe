import { expect, test } from '@playwright/test';
import '../web/test-hooks';
import { openWithModel } from './helpers';
import { BERT_TINY } from './test-models';

/** mulberry32: a tiny seeded generator, so a failing sequence can be replayed from its seed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POOL: unknown[] = [
  'Thomas Edison invented the light bulb in 1879',
  'Coffee is good for diet',
  '',
  '   ',
  '<script>window.__pwned=1</script>',
  'مرحبا بالعالم 💡',
  'lone \ud800 surrogate and nul \u0000',
  'word '.repeat(2000),
  { title: 'Edison', text: 'He tested thousands of filaments.' },
  { text: 'untitled object passage' },
  { title: 'no text' },
  42,
  null,
];
const QUERIES: unknown[] = ['light bulb', '', '  ', 'q'.repeat(5000), '💡', 7];

type Op = { kind: 'rerank'; query: unknown; passages: unknown[]; options: Record<string, unknown> } | { kind: 'cancel' };

function randomOps(next: () => number, count: number): Op[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  return Array.from({ length: count }, (): Op => {
    if (next() < 0.2) return { kind: 'cancel' };
    const n = Math.floor(next() * 30);
    const options: Record<string, unknown> = {};
    if (next() < 0.3) options.topK = pick([0, 1, 3, 100, -2, 1.5]);
    if (next() < 0.3) options.batchSize = pick([1, 4, 64, 0]);
    return { kind: 'rerank', query: pick(QUERIES), passages: Array.from({ length: n }, () => pick(POOL)), options };
  });
}

const SEED = Number(process.env.PROPERTY_SEED ?? 20261127);
const ROUNDS = 12;

test(`random mixes of good and bad calls all settle with valid results (seed ${SEED})`, async ({ page }) => {
  await openWithModel(page, BERT_TINY, { device: 'wasm', testHooks: '' });
  await page.evaluate(() => {
    const w = window as unknown as { __unhandled: string[] };
    w.__unhandled = [];
    window.addEventListener('unhandledrejection', (e) => w.__unhandled.push(String(e.reason)));
  });
  const next = rng(SEED);
  for (let round = 0; round < ROUNDS; round++) {
    const ops = randomOps(next, 1 + Math.floor(next() * 4));
    const outcomes = await page.evaluate(async (batch) => {
      const client = window.__reranker!;
      const settle = batch.map((op) => {
        if (op.kind === 'cancel') {
          client.cancel();
          return Promise.resolve({ kind: 'cancel' as const });
        }
        const call = client
          .rerank(op.query as string, op.passages as string[], op.options)
          .then((r) => ({ kind: 'ok' as const, ranking: r.ranking, n: op.passages.length, topK: op.options.topK as number | undefined }))
          .catch((e: Error) => ({ kind: 'error' as const, name: e.name, message: e.message }));
        const timeout = new Promise<{ kind: 'hung' }>((resolve) => setTimeout(() => resolve({ kind: 'hung' }), 60_000));
        return Promise.race([call, timeout]);
      });
      return Promise.all(settle);
    }, ops);

    for (const [i, outcome] of outcomes.entries()) {
      const where = `round ${round}, op ${i}: ${JSON.stringify(ops[i]).slice(0, 200)}`;
      expect(outcome.kind, where).not.toBe('hung');
      if (outcome.kind === 'error') {
        expect(['InputError', 'CancelledError'], `${where}: ${outcome.message}`).toContain(outcome.name);
        expect(outcome.message.length, where).toBeGreaterThan(10);
      }
      if (outcome.kind === 'ok') {
        const indices = outcome.ranking.map((r) => r.index);
        const expectedCount = outcome.topK ? Math.min(outcome.topK, outcome.n) : outcome.n;
        expect(indices, where).toHaveLength(expectedCount);
        expect(new Set(indices).size, where).toBe(indices.length);
        for (const r of outcome.ranking) {
          expect(Number.isFinite(r.score), where).toBe(true);
          expect(r.index >= 0 && r.index < outcome.n, where).toBe(true);
        }
        const scores = outcome.ranking.map((r) => r.score);
        expect(scores, where).toEqual([...scores].sort((a, b) => b - a));
      }
    }
  }
  expect(await page.evaluate(() => (window as unknown as { __unhandled: string[] }).__unhandled)).toEqual([]);
});
