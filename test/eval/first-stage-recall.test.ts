import { describe, expect, it } from 'vitest';
import { corpusFromCandidates, firstStageRecall } from '../../scripts/first-stage-recall';
import type { CandidateQuery, Qrels } from '../../eval/trec';

// Two queries whose candidates share passage p2; query 2's relevant p9 was never retrieved.
const candidates: CandidateQuery[] = [
  {
    qid: '1',
    query: 'satellites orbiting',
    hits: [
      { docid: 'p1', text: 'A satellite orbited the planet.', score: 3 },
      { docid: 'p2', text: 'Patents for radio schemes.', score: 2 },
    ],
  },
  {
    qid: '2',
    query: 'patenting radios',
    hits: [
      { docid: 'p2', text: 'Patents for radio schemes.', score: 5 },
      { docid: 'p3', text: 'Bread is baked in an oven.', score: 1 },
    ],
  },
  { qid: '3', query: 'unjudged query', hits: [{ docid: 'p4', text: 'Nothing judged here.', score: 1 }] },
];
const qrels: Qrels = new Map([
  [
    '1',
    new Map([
      ['p1', 2],
      ['p2', 0],
    ]),
  ],
  [
    '2',
    new Map([
      ['p2', 3],
      ['p9', 2],
    ]),
  ],
]);

describe('first-stage recall', () => {
  it('makes one corpus of the candidates, each passage once', () => {
    expect(corpusFromCandidates(candidates).map((d) => d.id)).toEqual(['p1', 'p2', 'p3', 'p4']);
  });

  it('averages recall@k over the judged queries, per term mode', () => {
    const [exact, stemmed] = firstStageRecall(candidates, qrels, { modes: ['exact', 'stemmed'], cutoffs: [1, 10] });
    // Exact terms: "satellites orbiting" and "patenting radios" share no word with any passage.
    expect(exact!.mode).toBe('exact');
    expect([...exact!.recall]).toEqual([
      [1, 0],
      [10, 0],
    ]);
    // Stemmed: query 1 finds p1 (1 of 1 relevant), query 2 finds p2 but never p9 (1 of 2): (1 + 0.5) / 2.
    expect([...stemmed!.recall]).toEqual([
      [1, 0.75],
      [10, 0.75],
    ]);
  });

  it('refuses candidates none of whose queries is judged', () => {
    expect(() => firstStageRecall(candidates.slice(2), qrels, { modes: ['exact'], cutoffs: [10] })).toThrow(
      'firstStageRecall: no query has judgments (check that the qids match)',
    );
  });
});
