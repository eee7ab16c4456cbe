/** eval/ must run unchanged in a browser page and under Node: no platform imports or globals. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const EVAL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../eval');
const sources = readdirSync(EVAL).filter((f) => f.endsWith('.ts'));

const withoutComments = (code: string) => code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('eval/ portability', () => {
  it.each(sources)('%s imports only sibling modules', (file) => {
    const code = withoutComments(readFileSync(path.join(EVAL, file), 'utf8'));
    const specifiers = [...code.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]);
    expect(specifiers.filter((s) => !s?.startsWith('./'))).toEqual([]);
  });

  it.each(sources)('%s uses no Node or DOM globals', (file) => {
    const code = withoutComments(readFileSync(path.join(EVAL, file), 'utf8'));
    const found = code.match(/\b(process|require|Buffer|__dirname|__filename|window|document|navigator|localStorage)\b/g);
    expect(found ?? []).toEqual([]);
  });
});
