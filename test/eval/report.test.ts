import { describe, expect, it } from 'vitest';
import { evaluate, type Evaluation } from '../../eval/metrics';
import { compareQueries, formatComparison, formatMetricsTable } from '../../eval/report';

function result(perQuery: [string, number][], threshold = 2): Evaluation {
  const rows = perQuery.map(([qid, v]) => ({ qid, ndcg10: v, ndcg20: v / 2, mrr10: 1, map: 0.25 }));
  const mean = (k: 'ndcg10' | 'ndcg20' | 'mrr10' | 'map') => rows.reduce((s, r) => s + r[k], 0) / rows.length;
  return {
    perQuery: rows,
    mean: { ndcg10: mean('ndcg10'), ndcg20: mean('ndcg20'), mrr10: mean('mrr10'), map: mean('map'), queries: rows.length },
    threshold,
    skipped: { notInQrels: [], notInRun: [] },
  };
}

const bm25 = result([
  ['1', 0.5],
  ['2', 0.3],
  ['3', 0.8],
  ['4', 0.1],
]);
const reranked = result([
  ['1', 0.9],
  ['2', 0.2],
  ['3', 0.8],
  ['5', 0.4],
]);

describe('formatMetricsTable', () => {
  it('prints a model-card table at 4 decimals and states the threshold', () => {
    const table = formatMetricsTable([
      { label: 'DL19 (BM25)', result: bm25 },
      { label: 'DL19 (reranked: a|b)', result: result([['1', 0.123456]]) },
    ]);
    const lines = table.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '| Dataset | NDCG@10 | NDCG@20 | MRR@10 | MAP |',
      '| --- | ---: | ---: | ---: | ---: |',
      // (0.5 + 0.3 + 0.8 + 0.1) / 4 = 0.425; NDCG@20 half of it
      '| DL19 (BM25) | 0.4250 | 0.2125 | 1.0000 | 0.2500 |',
      // 0.123456 → 0.1235; the pipe in the name is escaped so the row keeps 5 cells
      '| DL19 (reranked: a\\|b) | 0.1235 | 0.0617 | 1.0000 | 0.2500 |',
    ]);
    expect(table).toContain('relevant when rel ≥ 2 (trec_eval -l 2)');
    expect(table).toContain('Mean over 4 (DL19 (BM25)), 1 (DL19 (reranked: a|b)) queries');
  });

  it('states a non-default threshold and a shared query count once', () => {
    const table = formatMetricsTable([{ label: 'X', result: result([['1', 1]], 1) }]);
    expect(table).toContain('rel ≥ 1 (trec_eval -l 1)');
    expect(table).toContain('Mean over 1 queries');
  });

  it('refuses rows with different thresholds', () => {
    expect(() =>
      formatMetricsTable([
        { label: 'A', result: result([['1', 1]], 1) },
        { label: 'B', result: result([['1', 1]], 2) },
      ]),
    ).toThrow(/different relevance thresholds \(1, 2\)/);
    expect(() => formatMetricsTable([])).toThrow(/no rows/);
  });

  it('formats a real evaluate() result', () => {
    const r = evaluate(new Map([['q', new Map([['a', 3]])]]), new Map([['q', ['x', 'a']]]));
    // nDCG = (3/log2(3)) / 3 = 0.63093; RR = 1/2; AP = (1/2)/1
    expect(formatMetricsTable([{ label: 'T', result: r }])).toContain('| T | 0.6309 | 0.6309 | 0.5000 | 0.5000 |');
  });
});

describe('compareQueries', () => {
  it('splits shared queries into wins, losses and ties on nDCG@10, biggest change first', () => {
    const cmp = compareQueries(bm25, reranked);
    expect(cmp.metric).toBe('ndcg10');
    expect(cmp.wins).toEqual([{ qid: '1', baseline: 0.5, system: 0.9 }]);
    expect(cmp.losses.map((d) => d.qid)).toEqual(['2']);
    expect(cmp.ties.map((d) => d.qid)).toEqual(['3']);
    expect(cmp.onlyInBaseline).toEqual(['4']);
    expect(cmp.onlyInSystem).toEqual(['5']);
  });

  it('orders wins by improvement and losses by drop', () => {
    const base = result([
      ['a', 0.5],
      ['b', 0.5],
      ['c', 0.5],
      ['d', 0.5],
    ]);
    const sys = result([
      ['a', 0.6],
      ['b', 0.9],
      ['c', 0.4],
      ['d', 0.1],
    ]);
    const cmp = compareQueries(base, sys);
    expect(cmp.wins.map((d) => d.qid)).toEqual(['b', 'a']);
    expect(cmp.losses.map((d) => d.qid)).toEqual(['d', 'c']);
  });

  it('treats float noise as a tie and can compare another metric', () => {
    const cmp = compareQueries(result([['1', 0.3]]), result([['1', 0.1 + 0.2]]));
    expect(cmp.ties).toHaveLength(1);
    expect(compareQueries(bm25, reranked, { metric: 'map' }).ties).toHaveLength(3);
  });

  it('formats the comparison with query ids and deltas', () => {
    const text = formatComparison(compareQueries(bm25, reranked), { baseline: 'BM25', system: 'reranked' });
    expect(text).toBe(
      [
        'Per-query NDCG@10, reranked vs BM25: 1 wins, 1 losses, 1 ties.',
        '',
        '- Wins: 1 (+0.4000)',
        '- Losses: 2 (−0.1000)',
        '- Ties: 3',
        '- Only evaluated for BM25: 4',
        '- Only evaluated for reranked: 5',
        '',
      ].join('\n'),
    );
  });
});
