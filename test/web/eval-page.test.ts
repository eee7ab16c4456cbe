import { describe, expect, it } from 'vitest';
import { evaluate } from '../../eval/metrics';
import { orderedRunFromScored, runFromOrder, type CandidateQuery, type Qrels } from '../../eval/trec';
import { parseIntOption } from '../../web/eval/options';
import { rerankAll } from '../../web/eval/rerank-all';
import { buildReport, shortModelName, type EvalRun } from '../../web/eval/report';
import { selectCandidates } from '../../web/eval/selection';

const hit = (docid: string, text = docid) => ({ docid, text, score: 0 });
const candidates: CandidateQuery[] = [
  { qid: '1', query: 'one', hits: [hit('a'), hit('b'), hit('c')] },
  { qid: '2', query: 'two', hits: [hit('d'), hit('e')] },
  { qid: '3', query: 'three', hits: [hit('f')] },
];
const qrels: Qrels = new Map([
  [
    '1',
    new Map([
      ['c', 3],
      ['a', 1],
    ]),
  ],
  ['2', new Map([['d', 2]])],
]);

describe('selection', () => {
  it('keeps the first queries and the top candidates of each', () => {
    const picked = selectCandidates(candidates, { depth: 2, queries: 2 });
    expect(picked.map((q) => [q.qid, q.hits.map((h) => h.docid)])).toEqual([
      ['1', ['a', 'b']],
      ['2', ['d', 'e']],
    ]);
    expect(selectCandidates(candidates, { depth: 100, queries: null })).toHaveLength(3);
    expect(candidates[0]!.hits).toHaveLength(3);
  });
});

describe('rerankAll', () => {
  it('maps each ranking back to docids and reports progress per query', async () => {
    const progress: string[] = [];
    // Reverses every list: the last candidate becomes the best.
    const reverse = async (_query: string, passages: string[]) =>
      passages.map((_, i) => ({ index: passages.length - 1 - i, score: passages.length - i, probability: 0.5 }));
    const orders = await rerankAll(candidates.slice(0, 2), reverse, (done, total, q) => progress.push(`${done}/${total}:${q?.qid ?? '-'}`));
    expect(orders).toEqual(
      new Map([
        [
          '1',
          [
            { docid: 'c', score: 3 },
            { docid: 'b', score: 2 },
            { docid: 'a', score: 1 },
          ],
        ],
        [
          '2',
          [
            { docid: 'e', score: 2 },
            { docid: 'd', score: 1 },
          ],
        ],
      ]),
    );
    expect(progress).toEqual(['0/2:1', '1/2:2', '2/2:-']);
  });

  it('stops at the first query that did not finish', async () => {
    let calls = 0;
    const cancelled = async () => (++calls === 2 ? null : [{ index: 0, score: 0, probability: 0.5 }]);
    expect(await rerankAll(candidates, cancelled, () => undefined)).toBeNull();
    expect(calls).toBe(2);
  });
});

describe('report', () => {
  const run: EvalRun = {
    dataset: 'toy',
    model: { name: 'Xenova/ms-marco-MiniLM-L-6-v2', device: 'wasm', dtype: 'q8' },
    depth: 3,
    queries: new Map([
      ['1', 'one'],
      ['2', 'two'],
    ]),
    inputOrder: new Map([
      ['1', ['a', 'b', 'c']],
      ['2', ['d', 'e']],
    ]),
    reranked: runFromOrder(
      new Map([
        ['1', ['c', 'a', 'b']],
        ['2', ['e', 'd']],
      ]),
    ),
    rerankSeconds: 1,
    passages: 5,
  };

  it('scores both orders with eval/metrics and states the threshold', () => {
    const report = buildReport(run, qrels, 2);
    expect(report.input).toEqual(evaluate(qrels, run.inputOrder, { threshold: 2 }));
    expect(report.reranked).toEqual(evaluate(qrels, orderedRunFromScored(run.reranked), { threshold: 2 }));
    expect(report.labels).toEqual({ input: 'toy (input order)', reranked: 'toy (reranked: ms-marco-MiniLM-L-6-v2)' });
    expect(report.table).toContain('| toy (reranked: ms-marco-MiniLM-L-6-v2) |');
    expect(report.table).toContain('trec_eval -l 2');
    expect(report.comparison.wins.map((d) => d.qid)).toEqual(['1']);
    expect(report.comparison.losses.map((d) => d.qid)).toEqual(['2']);
    expect(report.summary).toContain('1 wins, 1 losses, 0 ties');
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('follows the threshold', () => {
    expect(buildReport(run, qrels, 1).input.mean.mrr10).toBe(1);
    expect(buildReport(run, qrels, 3).input.mean.mrr10).toBeCloseTo((1 / 3 + 0) / 2);
  });

  it('names models as a model card would', () => {
    expect(shortModelName('/models/test/bert-tiny')).toBe('bert-tiny');
    expect(shortModelName('https://example.org/models/m/')).toBe('m');
    expect(shortModelName('ms-marco-minilm-l6')).toBe('ms-marco-minilm-l6');
  });
});

describe('integer options', () => {
  it('accepts whole numbers at or above the minimum only', () => {
    expect(parseIntOption('20', 1)).toBe(20);
    expect(parseIntOption(' 3 ', 1)).toBe(3);
    expect(parseIntOption('0', 1)).toBeNull();
    expect(parseIntOption('2.5', 1)).toBeNull();
    expect(parseIntOption('', 1)).toBeNull();
    expect(parseIntOption('-1', -5)).toBe(-1);
  });
});
