import { describe, expect, it } from 'vitest';
import {
  TrecFormatError,
  formatRankedRun,
  formatRun,
  orderedRunFromCandidates,
  orderedRunFromScored,
  orderedRunFromTrecRun,
  parseCandidates,
  parseQrels,
  parseRun,
  runFromOrder,
  trecEvalOrder,
  validateCandidates,
} from '../../eval/trec';

describe('parseQrels', () => {
  it('reads qid iter docid rel, tolerating blank lines, tabs and CRLF', () => {
    const qrels = parseQrels('1 0 d1 3\r\n1 Q0 d2 0\n\n2\t0\td1\t-1\n');
    expect([...qrels.keys()]).toEqual(['1', '2']);
    expect(qrels.get('1')).toEqual(
      new Map([
        ['d1', 3],
        ['d2', 0],
      ]),
    );
    expect(qrels.get('2')?.get('d1')).toBe(-1);
  });

  it('names the line and the problem', () => {
    expect(() => parseQrels('1 0 d1 3\n1 0 d2')).toThrow('qrels line 2: expected 4 fields "qid iter docid rel", got 3');
    expect(() => parseQrels('1 0 d1 2.5')).toThrow('qrels line 1: relevance "2.5" is not an integer');
    expect(() => parseQrels('1 0 d1 1\n1 0 d1 2')).toThrow('qrels line 2: duplicate judgment for qid 1 docid d1');
    expect(() => parseQrels('  \n')).toThrow(/qrels: no judgments/);
    expect(() => parseQrels('x')).toThrow(TrecFormatError);
  });
});

describe('parseRun', () => {
  it('reads qid iter docid rank score tag in file order', () => {
    const run = parseRun('7 Q0 b 1 2.5 bm25\n7 Q0 a 2 -1e-3 bm25\n8 Q0 a 1 10 bm25\n');
    expect(run.get('7')).toEqual([
      { docid: 'b', score: 2.5, rank: 1 },
      { docid: 'a', score: -0.001, rank: 2 },
    ]);
    expect(run.get('8')).toHaveLength(1);
  });

  it('names the line and the problem', () => {
    expect(() => parseRun('7 Q0 b 1 2.5')).toThrow('run line 1: expected 6 fields "qid iter docid rank score tag", got 5');
    expect(() => parseRun('7 Q0 b one 2.5 t')).toThrow('run line 1: rank "one" is not an integer');
    expect(() => parseRun('7 Q0 b 1 NaN t')).toThrow('run line 1: score "NaN" is not a finite number');
    expect(() => parseRun('7 Q0 b 1 0x10 t')).toThrow('score "0x10" is not a finite number');
    expect(() => parseRun('7 Q0 b 1 2 t\n7 Q0 b 2 1 t')).toThrow('run line 2: duplicate docid b for qid 7');
    expect(() => parseRun('')).toThrow(/run: no entries/);
  });
});

describe('trecEvalOrder', () => {
  it('sorts by score descending, ties by docid descending (strcmp), ignoring file order and rank', () => {
    // c has the top score; a and b tie at 1 → "b" > "a" so b first; "10" < "9" as strings
    const entries = [
      { docid: 'a', score: 1 },
      { docid: 'c', score: 2 },
      { docid: 'b', score: 1 },
      { docid: '10', score: 0 },
      { docid: '9', score: 0 },
    ];
    expect(trecEvalOrder(entries)).toEqual(['c', 'b', 'a', '9', '10']);
  });

  it('compares scores as float32, as trec_eval stores them', () => {
    // 1 + 1e-8 and 1 differ as doubles but are the same float → tie → docid descending
    expect(
      trecEvalOrder([
        { docid: 'z', score: 1 },
        { docid: 'y', score: 1 + 1e-8 },
      ]),
    ).toEqual(['z', 'y']);
  });

  it('orders a parsed run by trec_eval or by the rank column', () => {
    const run = parseRun('1 Q0 a 1 1 t\n1 Q0 b 2 5 t\n');
    expect(orderedRunFromTrecRun(run).get('1')).toEqual(['b', 'a']);
    expect(orderedRunFromTrecRun(run, 'rank').get('1')).toEqual(['a', 'b']);
  });
});

describe('formatRankedRun', () => {
  it('keeps the model scores where trec_eval keeps the order, and rescoring only the queries with float32 ties', () => {
    const run = new Map([
      [
        '1',
        [
          { docid: 'b', score: 2.5 },
          { docid: 'a', score: -0.25 },
        ],
      ],
      // Distinct doubles, one float32: trec_eval would put 'z' first, the reranker kept input order.
      [
        '2',
        [
          { docid: 'y', score: 1 + 2 ** -30 },
          { docid: 'z', score: 1 },
          { docid: 'x', score: 0.5 },
        ],
      ],
    ]);
    const { text, rescored } = formatRankedRun(run, 'bert');
    expect(rescored).toEqual(['2']);
    expect(text).toBe('1 Q0 b 1 2.5 bert\n1 Q0 a 2 -0.25 bert\n2 Q0 y 1 3 bert\n2 Q0 z 2 2 bert\n2 Q0 x 3 1 bert\n');
    // Read back as trec_eval orders it, it is the ranking given.
    expect(orderedRunFromTrecRun(parseRun(text))).toEqual(orderedRunFromScored(run));
  });
});

describe('formatRun', () => {
  it('writes TREC run lines that parse back to the same order', () => {
    const ordered = new Map([
      ['1', ['d3', 'd1', 'd2']],
      ['2', ['x']],
    ]);
    const text = formatRun(runFromOrder(ordered), 'rerank');
    expect(text).toBe('1 Q0 d3 1 3 rerank\n1 Q0 d1 2 2 rerank\n1 Q0 d2 3 1 rerank\n2 Q0 x 1 1 rerank\n');
    expect(orderedRunFromTrecRun(parseRun(text))).toEqual(ordered);
  });

  it('keeps full score precision', () => {
    const text = formatRun(new Map([['1', [{ docid: 'a', score: 0.1 + 0.2 }]]]));
    expect(parseRun(text).get('1')?.[0]?.score).toBe(0.1 + 0.2);
  });

  it('refuses an order trec_eval would re-sort', () => {
    const run = new Map([
      [
        '1',
        [
          { docid: 'a', score: 1 },
          { docid: 'b', score: 2 },
        ],
      ],
    ]);
    expect(() => formatRun(run)).toThrow('qid 1 rank 1 is docid a but trec_eval would rank docid b there');
    // equal scores: trec_eval puts the larger docid first
    const tie = new Map([
      [
        '1',
        [
          { docid: 'a', score: 1 },
          { docid: 'b', score: 1 },
        ],
      ],
    ]);
    expect(() => formatRun(tie)).toThrow(/ties by docid descending/);
  });

  it('refuses ids and tags that would break the columns', () => {
    expect(() => formatRun(new Map([['1', [{ docid: 'a b', score: 1 }]]]))).toThrow('docid "a b" is empty or contains whitespace');
    expect(() => formatRun(new Map(), 'my run')).toThrow('run tag "my run"');
    expect(() => formatRun(new Map([['1', [{ docid: 'a', score: Number.NaN }]]]))).toThrow('non-finite score');
  });
});

const hit = (docid: string | number, rank: number, qid: string | number = 5) => ({
  content: `text ${docid}`,
  qid,
  docid,
  rank,
  score: 10 - rank,
});

describe('parseCandidates', () => {
  it('returns string ids and hits in rank order', () => {
    const json = JSON.stringify([
      { query: 'q five', hits: [hit('b', 2), hit('a', 1), hit(77, 3)] },
      { query: 'q six', hits: [hit('c', 1, '6')] },
    ]);
    const cands = parseCandidates(json);
    expect(cands).toEqual([
      {
        qid: '5',
        query: 'q five',
        hits: [
          { docid: 'a', text: 'text a', score: 9 },
          { docid: 'b', text: 'text b', score: 8 },
          { docid: '77', text: 'text 77', score: 7 },
        ],
      },
      { qid: '6', query: 'q six', hits: [{ docid: 'c', text: 'text c', score: 9 }] },
    ]);
    expect(orderedRunFromCandidates(cands)).toEqual(
      new Map([
        ['5', ['a', 'b', '77']],
        ['6', ['c']],
      ]),
    );
  });

  const fails = (value: unknown) => () => validateCandidates(value);

  it('says when the text is not JSON', () => {
    expect(() => parseCandidates('[{"query": ')).toThrow(/^candidates: not valid JSON \(/);
  });

  it('says when the shape is wrong, naming the query and hit index', () => {
    expect(fails({ query: 'x', hits: [] })).toThrow('candidates: expected a top-level array of queries, got an object');
    expect(fails([{ query: 'x', hits: [hit('a', 1)] }, 'oops'])).toThrow(
      'candidates[1]: expected a query object {query, hits}, got string "oops"',
    );
    expect(fails([{ query: 'x', hits: { a: 1 } }])).toThrow('candidates[0].hits: expected an array, got an object');
    expect(fails([{ query: 3, hits: [hit('a', 1)] }])).toThrow('candidates[0].query: expected a string, got number 3');
    expect(fails([{ query: 'x', hits: [hit('a', 1), null] }])).toThrow(
      'candidates[0].hits[1]: expected a hit object {content, qid, docid, rank, score}, got null',
    );
  });

  it('names missing fields', () => {
    expect(fails([{ hits: [hit('a', 1)] }])).toThrow('candidates[0]: missing field "query"');
    expect(fails([{ query: 'x' }])).toThrow('candidates[0]: missing field "hits"');
    const { docid: _, ...noDocid } = hit('b', 2);
    expect(
      fails([
        { query: 'x', hits: [hit('a', 1)] },
        { query: 'y', hits: [hit('c', 1, 6), noDocid] },
      ]),
    ).toThrow('candidates[1].hits[1]: missing field "docid"');
    const { content: __, ...noContent } = hit('a', 1);
    expect(fails([{ query: 'x', hits: [noContent] }])).toThrow('candidates[0].hits[0]: missing field "content"');
  });

  it('names wrongly typed fields', () => {
    expect(fails([{ query: 'x', hits: [{ ...hit('a', 1), score: '1.5' }] }])).toThrow(
      'candidates[0].hits[0].score: expected a finite number, got string "1.5"',
    );
    expect(fails([{ query: 'x', hits: [{ ...hit('a', 1), rank: 1.5 }] }])).toThrow(
      'candidates[0].hits[0].rank: expected a non-negative integer, got number 1.5',
    );
    expect(fails([{ query: 'x', hits: [hit('a b', 1)] }])).toThrow(
      'candidates[0].hits[0].docid: expected an integer or a non-empty string without whitespace, got string "a b"',
    );
  });

  it('names inconsistencies between hits and queries', () => {
    expect(fails([{ query: 'x', hits: [] }])).toThrow("candidates[0].hits: is empty, so the query's qid is unknown");
    expect(fails([{ query: 'x', hits: [hit('a', 1), hit('b', 2, 6)] }])).toThrow(
      'candidates[0].hits[1]: qid 6 differs from qid 5 of hits[0]',
    );
    expect(fails([{ query: 'x', hits: [hit('a', 1), hit('a', 2)] }])).toThrow('candidates[0].hits[1]: docid a already appears at hits[0]');
    expect(fails([{ query: 'x', hits: [hit('a', 1), hit('b', 1)] }])).toThrow('candidates[0].hits[1]: rank 1 already used by hits[0]');
    expect(
      fails([
        { query: 'x', hits: [hit('a', 1)] },
        { query: 'y', hits: [hit('b', 1)] },
      ]),
    ).toThrow('candidates[1]: qid 5 already used by candidates[0]');
  });

  it('throws TrecFormatError, whose name survives structured clone', () => {
    try {
      parseCandidates('nope');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TrecFormatError);
      expect((error as Error).name).toBe('TrecFormatError');
    }
  });
});
