import { describe, expect, it } from 'vitest';
import { findPreset } from '../../worker/registry';
import { formatPassage, formatQuery } from '../../worker/template';

describe('templates', () => {
  const dear = findPreset('dear-3b-ranknet')!.template;
  const cross = findPreset('ms-marco-minilm-l6')!.template;

  it('formats DeAR input exactly, two spaces when the title is empty', () => {
    expect(formatQuery(dear, 'When did Thomas Edison invent the light bulb?')).toBe('query: When did Thomas Edison invent the light bulb?');
    expect(formatPassage(dear, 'Coffee is good for diet')).toBe('document:  Coffee is good for diet');
    expect(formatPassage(dear, { title: 'Edison', text: 'He invented it.' })).toBe('document: Edison He invented it.');
  });

  it('gives cross-encoders the bare text, or title then text', () => {
    expect(formatQuery(cross, 'q')).toBe('q');
    expect(formatPassage(cross, 'plain')).toBe('plain');
    expect(formatPassage(cross, { text: 'no title' })).toBe('no title');
    expect(formatPassage(cross, { title: 'T', text: 'body' })).toBe('T body');
  });

  it('does not expand placeholders that appear inside user text', () => {
    expect(formatPassage(dear, { title: '{text}', text: '{query}' })).toBe('document: {text} {query}');
  });
});
