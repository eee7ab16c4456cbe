import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RELEVANCE_THRESHOLD,
  averagePrecision,
  evaluate,
  ndcgAt,
  oracleOrder,
  recallAt,
  reciprocalRankAt,
} from '../../eval/metrics';
import type { Qrels } from '../../eval/trec';

// One query used throughout. `e` is judged relevant but never retrieved, and `x` is
// retrieved but unjudged: the two cases where sloppy implementations drift from trec_eval.
const judged = new Map([
  ['a', 3],
  ['b', 2],
  ['c', 0],
  ['d', 1],
  ['e', 2],
]);
const ranking = ['c', 'a', 'x', 'd', 'b'];

describe('ndcgAt', () => {
  it('uses linear gain, log2(rank+1) discount, ideal over all judged docs (k=3)', () => {
    // DCG@3   = 0/log2(2) + 3/log2(3) + 0/log2(4)      = 3/1.5849625          = 1.8927893
    // ideal   = grades [3,2,2,1] (e included) → 3/1 + 2/log2(3) + 2/log2(4)
    //         = 3 + 1.2618595 + 1                                            = 5.2618595
    // nDCG@3  = 1.8927893 / 5.2618595                                        = 0.3597187
    expect(ndcgAt(ranking, judged, 3)).toBeCloseTo(0.3597187, 6);
  });

  it('counts relevant docs beyond what was retrieved in the ideal (k=5)', () => {
    // DCG@5   = 3/log2(3) + 1/log2(5) + 2/log2(6) = 1.8927893 + 0.4306766 + 0.7737056 = 3.0971714
    // ideal@5 = 3 + 2/log2(3) + 2/log2(4) + 1/log2(5) = 3 + 1.2618595 + 1 + 0.4306766 = 5.6925361
    // nDCG@5  = 3.0971714 / 5.6925361 = 0.5440759
    // (An ideal over retrieved docs only, [3,2,1] → 4.7618595, would give 0.6504: wrong.)
    expect(ndcgAt(ranking, judged, 5)).toBeCloseTo(0.5440759, 6);
  });

  it('is 1 for the ideal order and unaffected by docs past the cutoff', () => {
    expect(ndcgAt(['a', 'b', 'e', 'd'], judged, 4)).toBeCloseTo(1, 12);
    expect(ndcgAt(['a', 'b', 'e', 'c', 'd'], judged, 3)).toBeCloseTo(1, 12);
  });

  it('gives negative and zero grades no gain', () => {
    // DCG = 0 (a: -1) + 1/log2(3) = 0.6309298; ideal = 1/log2(2) = 1 → 0.6309298
    expect(
      ndcgAt(
        ['a', 'b'],
        new Map([
          ['a', -1],
          ['b', 1],
        ]),
        10,
      ),
    ).toBeCloseTo(0.6309298, 6);
  });

  it('is 0 when the query has no positive judgment (trec_eval leaves 0/0 as 0)', () => {
    expect(ndcgAt(['a'], new Map([['a', 0]]), 10)).toBe(0);
  });

  it('rejects a cutoff that is not a positive integer', () => {
    expect(() => ndcgAt(ranking, judged, 0)).toThrow(/positive integer/);
  });
});

describe('reciprocalRankAt', () => {
  it('is 1/rank of the first doc with rel ≥ threshold within the top k', () => {
    // c (0), a (3) → first relevant at rank 2 → 1/2
    expect(reciprocalRankAt(ranking, judged, 10)).toBe(0.5);
    // cut at 1: only c, not relevant → 0
    expect(reciprocalRankAt(ranking, judged, 1)).toBe(0);
  });

  it('depends on the threshold', () => {
    // d (1), c (0), a (3): threshold 2 → a at rank 3 → 1/3; threshold 1 → d at rank 1 → 1
    expect(reciprocalRankAt(['d', 'c', 'a'], judged, 10, 2)).toBeCloseTo(1 / 3, 12);
    expect(reciprocalRankAt(['d', 'c', 'a'], judged, 10, 1)).toBe(1);
    expect(reciprocalRankAt(['d', 'c', 'a'], judged, 10, 4)).toBe(0);
  });

  it('defaults to the TREC DL threshold of 2', () => {
    expect(DEFAULT_RELEVANCE_THRESHOLD).toBe(2);
    expect(reciprocalRankAt(['d', 'a'], judged, 10)).toBe(0.5);
  });
});

describe('averagePrecision', () => {
  it('divides by all relevant judged docs, including those never retrieved (threshold 2)', () => {
    // relevant = {a, b, e} → R = 3; a at rank 2: P = 1/2; b at rank 5: P = 2/5
    // AP = (0.5 + 0.4) / 3 = 0.3   (e missed: contributes 0 but stays in R)
    expect(averagePrecision(ranking, judged, 2)).toBeCloseTo(0.3, 12);
  });

  it('counts more docs as relevant at threshold 1', () => {
    // relevant = {a, b, d, e} → R = 4; a@2: 1/2, d@4: 2/4, b@5: 3/5
    // AP = (0.5 + 0.5 + 0.6) / 4 = 0.4
    expect(averagePrecision(ranking, judged, 1)).toBeCloseTo(0.4, 12);
  });

  it('never counts negative grades as relevant, even at threshold 0', () => {
    // relevant = {a (0), b (1)}; c (-1) is not → R = 2; a@2: 1/2, b@3: 2/3
    // AP = (0.5 + 0.6667) / 2 = 0.5833333
    const j = new Map([
      ['a', 0],
      ['b', 1],
      ['c', -1],
    ]);
    expect(averagePrecision(['c', 'a', 'b'], j, 0)).toBeCloseTo(0.5833333, 6);
  });

  it('is 0 when nothing is relevant', () => {
    expect(averagePrecision(['a'], new Map([['a', 1]]), 2)).toBe(0);
  });
});

describe('recallAt', () => {
  // Relevant (grade ≥ 2): a, c, e; b is judged 1, d is in the pool unjudged (-1).
  const judged = new Map([
    ['a', 3],
    ['b', 1],
    ['c', 2],
    ['d', -1],
    ['e', 2],
  ]);

  it('is the share of relevant judged docs in the top k, missed ones included', () => {
    expect(recallAt(['b', 'a', 'x', 'c'], judged, 2)).toBeCloseTo(1 / 3, 12);
    expect(recallAt(['b', 'a', 'x', 'c'], judged, 4)).toBeCloseTo(2 / 3, 12);
    expect(recallAt(['e', 'c', 'a'], judged, 3)).toBe(1);
  });

  it('follows the threshold and never counts unjudged pool entries', () => {
    expect(recallAt(['b', 'd'], judged, 10, 1)).toBeCloseTo(1 / 4, 12);
    expect(recallAt(['d'], judged, 10, -5)).toBe(0);
  });

  it('is 0 with nothing relevant, and refuses a bad cutoff', () => {
    expect(recallAt(['a'], new Map([['a', 1]]), 10)).toBe(0);
    expect(() => recallAt(['a'], judged, 0)).toThrow('cutoff k must be a positive integer, got 0');
  });
});

describe('oracleOrder', () => {
  it('sorts by grade descending, keeping candidate order for equal grades', () => {
    // b and e tie at 2 and c, x tie at 0: their input order is kept
    expect(oracleOrder(['c', 'x', 'e', 'd', 'b', 'a'], judged)).toEqual(['a', 'e', 'b', 'd', 'c', 'x']);
  });
});

describe('evaluate', () => {
  const qrels: Qrels = new Map([
    ['q1', judged],
    ['q2', new Map([['z', 1]])], // nothing at rel ≥ 2: still evaluated, MRR and MAP 0
    ['q3', new Map([['y', 3]])], // not in the run: left out, as trec_eval does without -c
  ]);
  const runs = new Map([
    ['q1', ranking],
    ['q2', ['z']],
    ['q9', ['a']], // not in the qrels: ignored
  ]);

  it('averages over queries present in both qrels and run', () => {
    const r = evaluate(qrels, runs);
    expect(r.threshold).toBe(2);
    expect(r.perQuery.map((q) => q.qid)).toEqual(['q1', 'q2']);
    expect(r.skipped).toEqual({ notInQrels: ['q9'], notInRun: ['q3'] });
    const [q1, q2] = r.perQuery;
    // q1: nDCG@10 = nDCG@5 above (no docs past rank 5, ideal has 4 positive grades)
    expect(q1).toMatchObject({ mrr10: 0.5 });
    expect(q1!.ndcg10).toBeCloseTo(0.5440759, 6);
    expect(q1!.ndcg20).toBeCloseTo(0.5440759, 6);
    expect(q1!.map).toBeCloseTo(0.3, 12);
    // q2: z is rel 1: full nDCG gain, but below the threshold for MRR and MAP
    expect(q2).toEqual({ qid: 'q2', ndcg10: 1, ndcg20: 1, mrr10: 0, map: 0 });
    // means over 2 queries
    expect(r.mean.queries).toBe(2);
    expect(r.mean.ndcg10).toBeCloseTo((0.5440759 + 1) / 2, 6);
    expect(r.mean.mrr10).toBe(0.25);
    expect(r.mean.map).toBeCloseTo(0.15, 12);
  });

  it('applies the threshold option to MRR and MAP only', () => {
    const r = evaluate(qrels, runs, { threshold: 1 });
    expect(r.threshold).toBe(1);
    expect(r.perQuery[1]).toEqual({ qid: 'q2', ndcg10: 1, ndcg20: 1, mrr10: 1, map: 1 });
    expect(r.perQuery[0]!.map).toBeCloseTo(0.4, 12);
    expect(r.perQuery[0]!.ndcg10).toBeCloseTo(0.5440759, 6);
  });

  it('scores an empty ranking 0 rather than dropping the query', () => {
    const r = evaluate(
      qrels,
      new Map([
        ['q1', ranking],
        ['q2', []],
      ]),
    );
    expect(r.mean.queries).toBe(2);
    expect(r.perQuery[1]).toEqual({ qid: 'q2', ndcg10: 0, ndcg20: 0, mrr10: 0, map: 0 });
  });

  it('rejects a ranking that lists a doc twice', () => {
    expect(() => evaluate(qrels, new Map([['q1', ['a', 'b', 'a']]]))).toThrow('qid q1 ranks docid a more than once');
  });

  it('fails loudly when no qid matches', () => {
    expect(() => evaluate(qrels, new Map([['Q1', ['a']]]))).toThrow(/no query is in both/);
  });

  it('rejects a non-finite threshold', () => {
    expect(() => evaluate(qrels, runs, { threshold: Number.NaN })).toThrow(/threshold/);
  });
});
