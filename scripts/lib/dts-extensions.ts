import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Gives every relative import in the emitted declarations its `.js` file, as ESM requires:
 * under `moduleResolution` node16/nodenext, `from './reranker'` in a `"type": "module"`
 * package does not resolve, and with `skipLibCheck` the consumer's types quietly become `any`.
 * The source keeps extensionless imports, which `tsc` copies as they are.
 */
const SPECIFIER = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"]*)\2/g;

function withExtensions(code: string, dir: string): string {
  return code.replace(SPECIFIER, (whole, lead: string, quote: string, specifier: string) => {
    if (/\.[cm]?js$/.test(specifier)) return whole;
    const target = path.resolve(dir, specifier);
    if (existsSync(`${target}.d.ts`)) return `${lead}${quote}${specifier}.js${quote}`;
    if (existsSync(path.join(target, 'index.d.ts'))) return `${lead}${quote}${specifier}/index.js${quote}`;
    throw new Error(`${specifier} in ${dir} names no emitted declaration file.`);
  });
}

const root = path.resolve(process.argv[2] ?? 'dist-lib/types');
for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('.d.ts')) continue;
  const full = path.join(root, file);
  writeFileSync(full, withExtensions(readFileSync(full, 'utf8'), path.dirname(full)));
}
