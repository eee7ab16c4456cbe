import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { exportedRanking, rankingJson, rankingTable } from '../../web/ranking-export';

const source = {
  query: 'lamps',
  info: { model: 'm', device: 'wasm', dtype: 'q8' },
  finishedAt: new Date('2026-11-30T10:15:02.5Z'),
  totalMs: 12.5,
  ranking: [
    { index: 1, score: 0.1 + 0.2, probability: 0.57 },
    { index: 0, score: -3, probability: 0.05 },
  ],
  passages: ['plain, with a comma', { title: 'Q "t"', text: 'line one\nline "two", end\r\nthree' }],
};

describe('ranking export', () => {
  it('rows carry rank, input index, scores and the passage, best first', () => {
    const exported = exportedRanking(source);
    expect(exported).toEqual({
      query: 'lamps',
      model: 'm',
      device: 'wasm',
      dtype: 'q8',
      time: '2026-11-30T10:15:02.500Z',
      rerankMs: 12.5,
      ranking: [
        { rank: 1, index: 1, score: 0.1 + 0.2, probability: 0.57, title: 'Q "t"', text: 'line one\nline "two", end\r\nthree' },
        { rank: 2, index: 0, score: -3, probability: 0.05, title: '', text: 'plain, with a comma' },
      ],
    });
    expect(JSON.parse(rankingJson(exported))).toEqual(exported);
  });

  it('CSV quotes commas, quotes and line breaks (RFC 4180) and reads back exactly', () => {
    const csv = rankingTable(exportedRanking(source));
    expect(csv).toBe(
      'rank,index,score,probability,title,text\r\n' +
        '1,1,0.30000000000000004,0.57,"Q ""t""","line one\nline ""two"", end\r\nthree"\r\n' +
        '2,0,-3,0.05,,"plain, with a comma"\r\n',
    );
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [Number(r.score), r.title, r.text])).toEqual([
      [0.1 + 0.2, 'Q "t"', 'line one\nline "two", end\r\nthree'],
      [-3, '', 'plain, with a comma'],
    ]);
  });

  it('adds an id column when the passages have ids, and writes TSV with the same quoting', () => {
    const tsv = rankingTable(exportedRanking({ ...source, ids: ['doc-a', 'doc-b'] }), '\t');
    expect(tsv.split('\r\n')[0]).toBe('rank\tindex\tid\tscore\tprobability\ttitle\ttext');
    const rows = parse(tsv, { columns: true, delimiter: '\t' }) as Record<string, string>[];
    expect(rows.map((r) => r.id)).toEqual(['doc-b', 'doc-a']);
    expect(rows[1]!.text).toBe('plain, with a comma');
  });

  it('neutralises spreadsheet formulas in text cells, not in scores; JSON keeps the text', () => {
    const risky = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', 'safe = text'];
    const exported = exportedRanking({
      ...source,
      ranking: risky.map((_, index) => ({ index, score: -index - 0.5, probability: 0.1 })),
      passages: risky.map((text) => ({ title: '=T', text })),
    });
    expect(exported.ranking.map((r) => r.text)).toEqual(risky);
    for (const delimiter of [',', '\t'] as const) {
      const rows = parse(rankingTable(exported, delimiter), { columns: true, delimiter }) as Record<string, string>[];
      expect(rows.map((r) => r.text)).toEqual([...risky.slice(0, 5).map((t) => `'${t}`), 'safe = text']);
      expect(rows.every((r) => r.title === "'=T")).toBe(true);
      expect(rows.map((r) => Number(r.score))).toEqual(risky.map((_, i) => -i - 0.5));
    }
  });

  it('neutralises a formula whatever follows its first character: a newline, a CR or a Unicode line separator', () => {
    const risky = ['=HYPERLINK("http://evil.example","x")\nsecond line', '+1\r\n2', '-1\u2028x', '@SUM(A1)\u2029', '\r=1+1\n', '\t\n'];
    const exported = exportedRanking({
      ...source,
      ids: risky.map((_, i) => (i === 0 ? '=ID()\n' : `doc-${i}`)),
      ranking: risky.map((_, index) => ({ index, score: -index, probability: 0.5 })),
      passages: risky.map((text) => ({ title: '=T\u2028', text })),
    });
    for (const delimiter of [',', '\t'] as const) {
      const rows = parse(rankingTable(exported, delimiter), { columns: true, delimiter }) as Record<string, string>[];
      expect(rows.map((r) => r.text)).toEqual(risky.map((t) => `'${t}`));
      expect(rows.map((r) => r.title)).toEqual(risky.map(() => "'=T\u2028"));
      expect(rows[0]!.id).toBe("'=ID()\n");
    }
  });
});
