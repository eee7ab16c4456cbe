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

const RIGHT = `import { createReranker, isErrorOf, rerankHits, type RerankResult } from 'rerank-in-browser';
import { useReranker, type RerankerState } from 'rerank-in-browser/react';

const reranker = createReranker({ model: 'ms-marco-minilm-l6', device: 'wasm', wasmThreads: 2 });
export const ranked: Promise<RerankResult> = reranker.rerank('q', ['a', { title: 't', text: 'b' }], { topK: 1 });
export const cancelled = (error: unknown): boolean => isErrorOf(error, 'CancelledError');
export const status = (): RerankerState['status'] => useReranker({ model: 'ms-marco-minilm-l6', wasmThreads: 2 }).status;
export const url: Promise<string> = reranker.rerank('q', [{ text: 'a', url: '/a' }]).then((r) => r.ranking[0]!.document.url);
export const hit = rerankHits(reranker, 'q', [{ id: 1, body: 'b' }], { text: (h) => h.body }).then(([h]) => h!.id + h!.rerankScore);
`;

/** The adapters, with their peers' types; lines 9 to 11 are mistakes that must be reported. */
const ADAPTERS = `import type { RerankingModelV4 } from '@ai-sdk/provider';
import type { BrowserContext, Page } from '@playwright/test';
import { browserReranking } from 'rerank-in-browser/ai-sdk';
import { BrowserReranker } from 'rerank-in-browser/langchain';
import { serveTestModel } from 'rerank-in-browser/testing';
export const model: RerankingModelV4 = browserReranking('ms-marco-minilm-l6', { text: (d) => String(d['body']) });
export const compressor = new BrowserReranker({ model: 'ms-marco-minilm-l6', topN: 2 });
export const serve = (page: Page, context: BrowserContext) => Promise.all([serveTestModel(page), serveTestModel(context, { as: 'o/n' })]);
export const numberModel = browserReranking(1);
export const noModel = new BrowserReranker({ topN: 2 });
export const notPlaywright = serveTestModel({});
`;

const WRONG = `import { createReranker, rerankHits } from 'rerank-in-browser';
import { useReranker } from 'rerank-in-browser/react';

export const noModel = createReranker({});
export const numberModel = () => useReranker({ model: 1 });
export const noField = rerankHits(createReranker({ model: 'm' }), 'q', [{ id: 1 }], { text: (h) => h.body });
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

const versionOf = (name: string) => (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'rerank-types-'));
  // The adapters' peers at the versions this repository tests with, so that the shared npm cache serves them. The AI SDK's
  // model interface is in @ai-sdk/provider: \`ai\` itself (with zod's types) would multiply the time each check takes.
  const peers = ['@ai-sdk/provider', '@langchain/core', '@playwright/test', '@types/node'].map((name) => `${name}@${versionOf(name)}`);
  installApp(root, [packLibrary(path.join(root, 'pack')), 'typescript@5.9', ...peers]);
  writeFileSync(path.join(root, 'right.ts'), RIGHT);
  writeFileSync(path.join(root, 'wrong.ts'), WRONG);
  writeFileSync(path.join(root, 'adapters.ts'), ADAPTERS);
}, 180_000);

afterAll(() => rmSync(root, { recursive: true, force: true }), 60_000);

/** `tsc`'s diagnostics, each with its indented elaboration; empty when the project checks. */
function check(compiler: string, module: string, options: object, files: string[], skipLibCheck = false): string[] {
  const tsc =
    compiler === 'typescript 7' ? path.resolve('node_modules/typescript/bin/tsc') : path.join(root, 'node_modules/typescript/bin/tsc');
  const tsconfig = `tsconfig.${compiler.replace(' ', '')}.${module}.${files[0]}.json`;
  const compilerOptions = {
    ...options,
    target: 'es2022',
    lib: ['es2022', 'dom'],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck,
  };
  writeFileSync(path.join(root, tsconfig), JSON.stringify({ compilerOptions, files }));
  try {
    execFileSync(process.execPath, [tsc, '-p', tsconfig, '--pretty', 'false'], { cwd: root, encoding: 'utf8' });
    return [];
  } catch (error) {
    return (error as { stdout: string }).stdout.split(/\n(?=\S)/).filter((diagnostic) => diagnostic.includes('error TS'));
  }
}

describe('the packed declarations', () => {
  it.each(RESOLUTIONS)('$compiler, moduleResolution $module: right calls check, wrong ones do not', ({ compiler, module, options }) => {
    const errors = check(compiler, module, options, ['right.ts', 'wrong.ts']);
    // Everything outside wrong.ts, the library's own .d.ts included, checks.
    expect(errors.filter((e) => !e.startsWith('wrong.ts('))).toEqual([]);
    expect(errors.find((e) => e.startsWith('wrong.ts(4,'))).toMatch(/'model' is missing/);
    expect(errors.find((e) => e.startsWith('wrong.ts(5,'))).toMatch(/'number' is not assignable to type 'string'/);
    expect(errors.find((e) => e.startsWith('wrong.ts(6,'))).toMatch(/Property 'body' does not exist/);
  });

  // The peers' own declarations (zod's among them) would take minutes to check under each resolution, and are
  // theirs to answer for: skipLibCheck. The subpaths must still resolve, and the mistakes still be reported.
  it.each(RESOLUTIONS)(
    '$compiler, moduleResolution $module: the adapters resolve and are typed',
    ({ compiler, module, options }) => {
      const errors = check(compiler, module, options, ['adapters.ts'], true);
      expect(errors.map((e) => /^adapters\.ts\((\d+),/.exec(e)?.[1] ?? e)).toEqual(['9', '10', '11']);
      expect(errors[0]).toMatch(/'number' is not assignable to parameter of type 'string \| Reranker'/);
      // Reading the peers' declarations takes TypeScript 5 most of a minute on a busy two-core machine.
    },
    240_000,
  );
});

describe('the packed worker', () => {
  it('checks its cached runtime against the SHA-256 of the WASM the package ships (worker/runtime/runtime-binary.ts)', () => {
    const lib = path.join(root, 'node_modules/rerank-in-browser/dist-lib');
    const wasm = readFileSync(path.join(lib, 'ort/ort-wasm-simd-threaded.asyncify.wasm'));
    expect(readFileSync(path.join(lib, 'reranker.worker.js'), 'utf8')).toContain(createHash('sha256').update(wasm).digest('hex'));
  });
});
