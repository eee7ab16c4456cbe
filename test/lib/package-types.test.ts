/**
 * The packed library's declarations as a TypeScript user meets them: installed from the
 * tarball into a project outside this repository, checked with `skipLibCheck: false` under
 * each module resolution a consumer may use. The deliberate mistakes in `wrong.ts` must be
 * reported, or the types have quietly become `any`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installApp, packLibrary } from '../../scripts/packed';

const RIGHT = `import { createReranker, isErrorOf, type RerankResult } from 'rerank-in-browser';
import { useReranker, type RerankerState } from 'rerank-in-browser/react';

const reranker = createReranker({ model: 'ms-marco-minilm-l6', device: 'wasm', wasmThreads: 2 });
export const ranked: Promise<RerankResult> = reranker.rerank('q', ['a', { title: 't', text: 'b' }], { topK: 1 });
export const cancelled = (error: unknown): boolean => isErrorOf(error, 'CancelledError');
export const status = (): RerankerState['status'] => useReranker({ model: 'ms-marco-minilm-l6', wasmThreads: 2 }).status;
`;

const WRONG = `import { createReranker } from 'rerank-in-browser';
import { useReranker } from 'rerank-in-browser/react';

export const noModel = createReranker({});
export const numberModel = () => useReranker({ model: 1 });
`;

/** TypeScript 7 has dropped node10, which TypeScript 5 users still set. */
const RESOLUTIONS = [
  { compiler: 'typescript 5', module: 'node10', options: { module: 'es2022', moduleResolution: 'node10' } },
  { compiler: 'typescript 5', module: 'node16', options: { module: 'node16', moduleResolution: 'node16' } },
  { compiler: 'typescript 5', module: 'bundler', options: { module: 'esnext', moduleResolution: 'bundler' } },
  { compiler: 'typescript 7', module: 'node16', options: { module: 'node16', moduleResolution: 'node16' } },
  { compiler: 'typescript 7', module: 'nodenext', options: { module: 'nodenext', moduleResolution: 'nodenext' } },
  { compiler: 'typescript 7', module: 'bundler', options: { module: 'esnext', moduleResolution: 'bundler' } },
] as const;

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'rerank-types-'));
  installApp(root, [packLibrary(path.join(root, 'pack')), 'typescript@5.9']);
  writeFileSync(path.join(root, 'right.ts'), RIGHT);
  writeFileSync(path.join(root, 'wrong.ts'), WRONG);
}, 180_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `tsc`'s diagnostics, each with its indented elaboration; empty when the project checks. */
function check(compiler: string, module: string, options: object): string[] {
  const tsc =
    compiler === 'typescript 7' ? path.resolve('node_modules/typescript/bin/tsc') : path.join(root, 'node_modules/typescript/bin/tsc');
  const tsconfig = `tsconfig.${compiler.replace(' ', '')}.${module}.json`;
  const compilerOptions = {
    ...options,
    target: 'es2022',
    lib: ['es2022', 'dom'],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: false,
  };
  writeFileSync(path.join(root, tsconfig), JSON.stringify({ compilerOptions, files: ['right.ts', 'wrong.ts'] }));
  try {
    execFileSync(process.execPath, [tsc, '-p', tsconfig, '--pretty', 'false'], { cwd: root, encoding: 'utf8' });
    return [];
  } catch (error) {
    return (error as { stdout: string }).stdout.split(/\n(?=\S)/).filter((diagnostic) => diagnostic.includes('error TS'));
  }
}

describe('the packed declarations', () => {
  it.each(RESOLUTIONS)('$compiler, moduleResolution $module: right calls check, wrong ones do not', ({ compiler, module, options }) => {
    const errors = check(compiler, module, options);
    // Everything outside wrong.ts, the library's own .d.ts included, checks.
    expect(errors.filter((e) => !e.startsWith('wrong.ts('))).toEqual([]);
    expect(errors.find((e) => e.startsWith('wrong.ts(4,'))).toMatch(/'model' is missing/);
    expect(errors.find((e) => e.startsWith('wrong.ts(5,'))).toMatch(/'number' is not assignable to type 'string'/);
  });
});

describe('the packed worker', () => {
  it('checks its cached runtime against the SHA-256 of the WASM the package ships (worker/runtime-binary.ts)', () => {
    const lib = path.join(root, 'node_modules/rerank-in-browser/dist-lib');
    const wasm = readFileSync(path.join(lib, 'ort/ort-wasm-simd-threaded.asyncify.wasm'));
    expect(readFileSync(path.join(lib, 'reranker.worker.js'), 'utf8')).toContain(createHash('sha256').update(wasm).digest('hex'));
  });
});
