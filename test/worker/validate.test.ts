import { describe, expect, it } from 'vitest';
import { resolveModelSource } from '../../worker/resolve-model';
import { validateRerankInput } from '../../worker/validate';

describe('validateRerankInput', () => {
  it('rejects empty queries and passage lists with plain messages', () => {
    expect(() => validateRerankInput('  ', ['a'])).toThrow(/query is empty/);
    expect(() => validateRerankInput('q', [])).toThrow(/no passages/);
    expect(() => validateRerankInput('q', 'a')).toThrow(/no passages/);
  });
  it('names the bad passage', () => {
    expect(() => validateRerankInput('q', ['a', { title: 'x' }])).toThrow(/Passage 2/);
    expect(() => validateRerankInput('q', ['a', 'b', 7])).toThrow(/Passage 3/);
  });
  it('checks topK and batchSize', () => {
    expect(() => validateRerankInput('q', ['a'], { topK: 0 })).toThrow(/topK/);
    expect(() => validateRerankInput('q', ['a'], { batchSize: 1.5 })).toThrow(/batchSize/);
    expect(validateRerankInput('q', ['a', { text: 'b' }], { topK: 1 })).toHaveLength(2);
  });
});

describe('resolveModelSource', () => {
  const origin = 'http://localhost:4173';
  it('maps presets and hub ids to the hub', () => {
    expect(resolveModelSource('ms-marco-minilm-l6', origin)).toMatchObject({ id: 'Xenova/ms-marco-MiniLM-L-6-v2', sameOrigin: false });
    expect(resolveModelSource('someone/model', origin)).toEqual({
      id: 'someone/model',
      url: 'https://huggingface.co/someone/model',
      host: 'https://huggingface.co/',
      pathTemplate: '{model}/resolve/{revision}/',
      sameOrigin: false,
    });
  });
  it('splits same-origin paths and URLs into a parent folder and a model name', () => {
    expect(resolveModelSource('/models/test/bert-tiny/', origin)).toEqual({
      id: 'bert-tiny',
      host: 'http://localhost:4173/models/test/',
      pathTemplate: '{model}/',
      url: 'http://localhost:4173/models/test/bert-tiny',
      sameOrigin: true,
    });
    expect(resolveModelSource('https://example.org/m/dear', origin)).toMatchObject({
      id: 'dear',
      host: 'https://example.org/m/',
      sameOrigin: false,
    });
  });
  it('refuses other schemes and empty references', () => {
    expect(() => resolveModelSource('ftp://x/y', origin)).toThrow(/http/);
    expect(() => resolveModelSource(' ', origin)).toThrow(/No model/);
  });
});
