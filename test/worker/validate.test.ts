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
      origin: 'https://huggingface.co',
      sameOrigin: false,
    });
  });
  it('puts a URL folder in the path template, under an id transformers.js accepts', () => {
    const source = resolveModelSource('/models/test/bert-tiny/', origin);
    expect(source).toMatchObject({
      host: 'http://localhost:4173/',
      pathTemplate: 'models/test/bert-tiny/',
      url: 'http://localhost:4173/models/test/bert-tiny',
      origin,
      sameOrigin: true,
    });
    expect(source.id).toMatch(/^folder-[0-9a-z]+$/);
    expect(resolveModelSource('https://example.org/m/dear', origin)).toMatchObject({
      host: 'https://example.org/',
      pathTemplate: 'm/dear/',
      sameOrigin: false,
    });
  });
  it('gives folders with awkward names a valid id, and different folders different ids', () => {
    // transformers.js's id rule: word characters, dots and dashes, ending in a word character, no "--".
    const valid = /^(\b[\w\-.]+\b\/)?\b[\w\-.]{1,96}\b$/;
    const ids = ['model (1)', 'model (2)', 'ünïcode ✓', '--x--'].map(
      (name) => resolveModelSource(name, origin, `${name}|config.json:10`).id,
    );
    for (const id of ids) expect(id).toMatch(valid);
    expect(new Set(ids).size).toBe(ids.length);
    const url = resolveModelSource('/models/my%20model%20(1)', origin);
    expect(url.id).toMatch(valid);
    expect(url.pathTemplate).toBe('models/my%20model%20(1)/');
  });
  it('refuses other schemes and empty references', () => {
    expect(() => resolveModelSource('ftp://x/y', origin)).toThrow(/http/);
    expect(() => resolveModelSource('javascript:alert(1)', origin)).toThrow(/http/);
    expect(() => resolveModelSource(' ', origin)).toThrow(/No model/);
  });
});
