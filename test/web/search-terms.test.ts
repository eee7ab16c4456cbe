import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../web/search/bm25';
import { DEMO_CORPUS } from '../../web/search/demo-corpus';
import { TERM_PROCESSORS } from '../../web/search/terms';

const { exact, stemmed } = TERM_PROCESSORS;

describe('term processing', () => {
  it('stems inflected forms to one Porter stem, lowercased', () => {
    for (const word of ['patenting', 'patents', 'Patented', 'patent']) expect(stemmed(word)).toBe('patent');
    for (const word of ['orbited', 'orbiting', 'Orbits']) expect(stemmed(word)).toBe('orbit');
    // Porter's own examples (Porter 1980): stems need not be words.
    expect(stemmed('relational')).toBe('relat');
    expect(stemmed('ponies')).toBe('poni');
  });

  it('drops English stop words, in any case, and only with stemming', () => {
    for (const word of ['the', 'The', 'of', 'and', 'who']) expect(stemmed(word)).toBeNull();
    expect(exact('The')).toBe('the');
    expect(exact('Patenting')).toBe('patenting');
  });
});

describe('BM25 with stemming', () => {
  const docs = [
    { id: 'a', text: 'The satellite orbited the planet twice.' },
    { id: 'b', title: 'Patents', text: 'She patented a radio scheme.' },
    { id: 'c', text: 'The the the of of and.' },
  ];

  it('indexes and queries alike: another form of a word finds the document', () => {
    const index = Bm25Index.of(docs);
    expect(index.top('orbiting', 10).map((h) => h.doc.id)).toEqual(['a']);
    expect(index.top('patenting', 10).map((h) => h.doc.id)).toEqual(['b']);
    // A query of stop words only matches nothing, not every document.
    expect(index.top('the of and', 10)).toEqual([]);
  });

  it('exact terms find only the written form', () => {
    const index = Bm25Index.of(docs, 'exact');
    expect(index.top('orbiting', 10)).toEqual([]);
    expect(index.top('orbited', 10).map((h) => h.doc.id)).toEqual(['a']);
    expect(index.top('the', 10).map((h) => h.doc.id)).toContain('c');
  });

  it('a corpus built in slices gets the same terms as the demo index', async () => {
    const sliced = await Bm25Index.build(DEMO_CORPUS);
    const whole = Bm25Index.of(DEMO_CORPUS);
    expect(sliced.top('patenting', 20)).toEqual(whole.top('patenting', 20));
    expect(whole.top('patenting', 20).map((h) => h.doc.id)).toEqual(expect.arrayContaining(['inv-02', 'inv-05', 'inv-15']));
    expect(whole.top('orbited', 20).map((h) => h.doc.id)).toEqual(expect.arrayContaining(['ast-02', 'ast-07', 'ast-15', 'ast-20']));
  });
});
