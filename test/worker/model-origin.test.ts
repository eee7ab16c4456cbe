import { describe, expect, it } from 'vitest';
import { isTrustedUrl, untrustedModelOrigin } from '../../worker/model-origin';
import { resolveModelSource } from '../../worker/resolve-model';
import { UNTRUSTED_FORMS } from '../origin-forms';

const page = 'http://localhost:4173';
const TRUSTED_FORMS = [
  'ms-marco-minilm-l6',
  'someone/model',
  'evil.example/x',
  '/models/test/bert-tiny',
  'models/test/bert-tiny',
  './models/test/bert-tiny',
  '/%2F%2Fevil.example/x/bert-tiny',
  'http:evil.example/x/bert-tiny',
  'http://localhost:4173/models/test/bert-tiny',
  'HTTP://LOCALHOST:4173/models/test/bert-tiny',
  'https://huggingface.co/someone/model',
  'https://cdn-lfs.hf.co/x/model',
  'https://hf.co/someone/model',
  'https://huggingface.co:443/someone/model',
];

describe('untrustedModelOrigin', () => {
  it.each(UNTRUSTED_FORMS)('%j would download from %s and needs approval', (reference, origin) => {
    expect(untrustedModelOrigin(reference, page)).toBe(origin);
    // The policy and the loader agree on where the files come from.
    expect(resolveModelSource(reference, page).origin).toBe(origin);
  });
  it('judges a percent-encoded host by what it decodes to, as the loader fetches it', () => {
    expect(resolveModelSource('https://evil.example%2Ehuggingface.co/x', page).origin).toBe('https://evil.example.huggingface.co');
    expect(untrustedModelOrigin('https://evil.example%2Ehuggingface.co/x', page)).toBeNull();
    expect(untrustedModelOrigin('https://huggingface%2Eco%2Eevil.example/x', page)).toBe('https://huggingface.co.evil.example');
  });
  it.each(TRUSTED_FORMS)('%j loads without asking', (reference) => {
    expect(untrustedModelOrigin(reference, page)).toBeNull();
    const { origin } = resolveModelSource(reference, page);
    expect([page, 'https://huggingface.co', 'https://cdn-lfs.hf.co', 'https://hf.co']).toContain(origin);
  });
  it('references that cannot load at all are left to the loader, which says why', () => {
    for (const reference of ['', 'ftp://evil.example/x', 'javascript:alert(1)', 'data:text/plain,x', 'https://evil.example/']) {
      expect(untrustedModelOrigin(reference, page)).toBeNull();
      expect(() => resolveModelSource(reference, page)).toThrow(/No model|http|model folder/);
    }
  });
});

describe('isTrustedUrl', () => {
  it('trusts this origin, the hub over https and the local-folder host, and nothing else', () => {
    expect(isTrustedUrl(new URL('http://localhost:4173/a'), page)).toBe(true);
    expect(isTrustedUrl(new URL('https://huggingface.co/a'), page)).toBe(true);
    expect(isTrustedUrl(new URL('https://cas-bridge.xethub.hf.co/a'), page)).toBe(true);
    expect(isTrustedUrl(new URL('https://local-folder.invalid/x/config.json'), page)).toBe(true);
    expect(isTrustedUrl(new URL('http://huggingface.co/a'), page)).toBe(false);
    expect(isTrustedUrl(new URL('https://nothuggingface.co/a'), page)).toBe(false);
    expect(isTrustedUrl(new URL('https://huggingface.co.evil.example/a'), page)).toBe(false);
    expect(isTrustedUrl(new URL('http://localhost:4174/a'), page)).toBe(false);
  });
  it.each([
    ['https://huggingface.co:443/a', true],
    ['https://huggingface.co:8443/a', false],
    ['https://x.hf.co:444/a', false],
    ['https://hf.co:80/a', false],
    ['https://local-folder.invalid:444/a', false],
  ])('compares whole origins, port included: %s trusted %s', (url, trusted) => {
    expect(isTrustedUrl(new URL(url), page)).toBe(trusted);
  });
});
