import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../web/search/bm25';
import { corpusFormat, mergeCorpora, parseCorpusFile } from '../../web/search/corpus';

/** A corpus file as the page gets it from a picker. */
const parse = (name: string, content: string) => parseCorpusFile(name, new Blob([content]));
import { DEMO_CORPUS } from '../../web/search/demo-corpus';
import { movement } from '../../web/movement';

describe('corpus files', () => {
  it('chooses the format by extension', () => {
    expect(corpusFormat('a.JSON')).toBe('json');
    expect(corpusFormat('a.jsonl')).toBe('jsonl');
    expect(corpusFormat('a.ndjson')).toBe('jsonl');
    expect(corpusFormat('notes.txt')).toBe('text');
    expect(corpusFormat('README')).toBe('text');
  });

  it('reads a JSON array, numeric ids as strings, missing ids as positions', async () => {
    expect(await parse('c.json', '[{"id": 7, "title": "T", "text": "x"}, {"text": "y"}]')).toEqual([
      { id: '7', title: 'T', text: 'x' },
      { id: '2', text: 'y' },
    ]);
  });

  it('reads JSONL, skipping blank lines but keeping line numbers', async () => {
    expect(await parse('c.jsonl', '{"id": "a", "text": "x"}\n\n{"text": "y"}\n')).toEqual([
      { id: 'a', text: 'x' },
      { id: '3', text: 'y' },
    ]);
  });

  it('reads text as one document per non-empty line', async () => {
    expect(await parse('n.txt', 'first\r\n\n  second  \n')).toEqual([
      { id: 'n.txt:1', text: 'first' },
      { id: 'n.txt:3', text: 'second' },
    ]);
  });

  it('names the file and the place at fault', async () => {
    await expect(parse('c.json', '[1,')).rejects.toThrow(/^c\.json is not valid JSON/);
    await expect(parse('c.json', '{"text": "x"}')).rejects.toThrow(
      'c.json must hold a JSON array of documents {id, title?, text}, but it holds an object.',
    );
    await expect(parse('c.json', '["x"]')).rejects.toThrow('c.json: item 1 is a string, not an object with a "text" string.');
    const lines = ['{"text": "a"}', '{"text": "b"}', '', '{"text": "c"}', '{"text": "d"}', '{"text": "e"}', '{"body": "f"}'];
    await expect(parse('c.jsonl', lines.join('\n'))).rejects.toThrow('c.jsonl: line 7 is an object without a "text" string.');
    await expect(parse('c.jsonl', '{"text": "a"}\nnot json')).rejects.toThrow(/^c\.jsonl: line 2 is not valid JSON/);
    await expect(parse('c.jsonl', '{"text": "  "}')).rejects.toThrow('c.jsonl: line 1 has an empty "text".');
    await expect(parse('c.jsonl', '{"text": "a", "title": 3}')).rejects.toThrow('c.jsonl: line 1 has a "title" that is not a string.');
    await expect(parse('c.jsonl', '{"text": "a", "id": {}}')).rejects.toThrow(/line 1 has an "id" that is neither/);
    await expect(parse('c.json', '[{"id": "a", "text": "x"}, {"id": "a", "text": "y"}]')).rejects.toThrow(
      'c.json: id "a" is used more than once.',
    );
    await expect(parse('e.txt', '\n \n')).rejects.toThrow('e.txt contains no documents.');
  });

  it('parses a long file in slices: timers run before it is done', async () => {
    const lines = Array.from({ length: 12_000 }, (_, i) => JSON.stringify({ text: `t${i}` }));
    let done = false;
    const parsing = parse('big.jsonl', lines.join('\n')).then((docs) => {
      done = true;
      return docs;
    });
    const ranWhileParsing = await new Promise<boolean>((resolve) => setTimeout(() => resolve(!done), 0));
    expect(ranWhileParsing).toBe(true);
    expect(await parsing).toHaveLength(12_000);
  });

  it('merges files, refusing an id found in two of them', async () => {
    const a = { name: 'a.json', docs: [{ id: '1', text: 'x' }] };
    expect(await mergeCorpora([a, { name: 'b.txt', docs: [{ id: 'b.txt:1', text: 'y' }] }])).toHaveLength(2);
    await expect(mergeCorpora([a, { name: 'c.json', docs: [{ id: '1', text: 'z' }] }])).rejects.toThrow(
      'id "1" is in both a.json and c.json.',
    );
  });
});

describe('demo corpus and BM25', () => {
  it('has unique ids and short original documents', () => {
    expect(DEMO_CORPUS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(DEMO_CORPUS.map((d) => d.id)).size).toBe(DEMO_CORPUS.length);
  });

  it('ranks by BM25, best first, cut at n', () => {
    const index = Bm25Index.of(DEMO_CORPUS);
    const hits = index.top('telephone patent', 5);
    expect(hits[0]!.doc.id).toBe('inv-05');
    expect(hits.length).toBeLessThanOrEqual(5);
    expect(hits.map((h) => h.score)).toEqual(hits.map((h) => h.score).sort((a, b) => b - a));
    expect(index.top('zzzz qqqq', 20)).toEqual([]);
  });

  it('matches whole terms, no prefixes', () => {
    const index = Bm25Index.of([
      { id: 'a', text: 'telescope' },
      { id: 'b', text: 'tele' },
    ]);
    expect(index.top('tele', 10).map((h) => h.doc.id)).toEqual(['b']);
  });
});

describe('movement', () => {
  it('shows how far a passage moved up or down', () => {
    expect(movement(4, 1)).toBe('▲3');
    expect(movement(0, 2)).toBe('▼2');
    expect(movement(3, 3)).toBe('·');
  });
});
