import { describe, expect, it } from 'vitest';
import { parsePassageFile, parsePassageLines, passagesToLines } from '../../web/passages';

describe('passage parsing', () => {
  it('takes one passage per non-empty line, a tab separating a title', () => {
    expect(parsePassageLines('a\n\n  b  \r\nTitle\tbody\n\tuntitled')).toEqual(['a', 'b', { title: 'Title', text: 'body' }, 'untitled']);
  });

  it('round-trips through the text box format', () => {
    const passages = ['one\nline', { title: 'T', text: 'x\ty' }];
    expect(parsePassageLines(passagesToLines(passages))).toEqual(['one line', { title: 'T', text: 'x y' }]);
  });

  it('imports .txt and .json files', () => {
    expect(parsePassageFile('p.txt', 'x\ny\n')).toEqual(['x', 'y']);
    expect(parsePassageFile('p.json', '["x", {"text": "y"}, {"title": "t", "text": "z"}]')).toEqual(['x', 'y', { title: 't', text: 'z' }]);
  });

  it('explains malformed JSON and wrong shapes', () => {
    expect(() => parsePassageFile('p.json', '[1,')).toThrow(/p.json is not valid JSON/);
    expect(() => parsePassageFile('p.json', '{"text": "x"}')).toThrow(/array of passages, but it holds an object/);
    expect(() => parsePassageFile('p.json', '["ok", 3]')).toThrow(/item 2 is a number/);
    expect(() => parsePassageFile('p.json', '[{"title": 1, "text": "x"}]')).toThrow(/item 1 has a "title"/);
  });
});
