/**
 * The adapters and recipes as embedders get them: the packed library installed outside this
 * repository next to the real third-party libraries at their current majors (MiniSearch, the AI
 * SDK, LangChain, Playwright), each example app in examples/ built by its own Vite and run in
 * Chromium. The hub is answered by the package's own testing kit, so every model request stays here.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { preview } from 'vite';
import { installApp, packLibrary } from '../scripts/packed';
import { ISOLATION_HEADERS } from '../scripts/vite/server-headers';
import { PACKAGED_PORT } from '../playwright.config';
import { offOrigin, recordRequests } from './helpers';

const versionOf = (name: string) => (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
/** The third-party libraries at their current majors; the build and test tools at this repository's versions (the npm cache has them). */
const DEPS = [
  'minisearch@7',
  'pagefind@1',
  'ai@7',
  '@langchain/core@1',
  `vite@${versionOf('vite')}`,
  `@playwright/test@${versionOf('@playwright/test')}`,
];
const BROWSER_APPS = ['minisearch', 'pagefind', 'ai-sdk', 'langchain'];
const HUB_FILES = /^https:\/\/huggingface\.co\/Xenova\/ms-marco-MiniLM-L-6-v2\/resolve\/main\//;

let apps: string;
let root: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(600_000);
  root = mkdtempSync(path.join(tmpdir(), 'rerank-adapters-'));
  const tarball = packLibrary(path.join(root, 'pack'));
  console.log(`tarball: ${(statSync(tarball).size / 1e6).toFixed(2)} MB`);
  // One install for every app: each is a folder below it, resolving from its node_modules.
  apps = path.join(root, 'apps');
  for (const name of [...BROWSER_APPS, 'testing-kit']) {
    cpSync(`examples/${name}`, path.join(apps, name), { recursive: true, filter: (from) => !/[/\\](node_modules|dist)$/.test(from) });
  }
  const installed = installApp(apps, [tarball, ...DEPS]);
  console.log(
    `installed: ${installed.packages.filter((p) => /^(rerank-in-browser|minisearch|pagefind|ai|@langchain\/core)@/.test(p)).join(', ')}`,
  );
  for (const name of BROWSER_APPS) {
    execFileSync(process.execPath, [path.join(apps, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: path.join(apps, name),
      stdio: 'inherit',
    });
  }
  // Pagefind indexes the built site with its own CLI (a binary from its platform package on npm).
  execFileSync(path.join(apps, 'node_modules/.bin/pagefind'), ['--site', 'dist'], { cwd: path.join(apps, 'pagefind'), stdio: 'ignore' });
});

test.afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Opens the built app with the hub answered by the installed package's testing kit; its `window.__example` once done. */
async function run<T>(page: Page, name: string): Promise<{ example: T; requests: string[] }> {
  const kit = pathToFileURL(path.join(apps, 'node_modules/rerank-in-browser/dist-lib/testing.js')).href;
  const { serveTestModel } = (await import(kit)) as typeof import('../lib/testing');
  await serveTestModel(page);
  const requests = recordRequests(page);
  const server = await preview({
    root: path.join(apps, name),
    configFile: false,
    logLevel: 'warn',
    preview: { port: PACKAGED_PORT, strictPort: true, headers: ISOLATION_HEADERS },
  });
  try {
    await page.goto(`http://localhost:${PACKAGED_PORT}/`);
    await expect(page.locator('#status')).toHaveText('done', { timeout: 120_000 });
    return { example: await page.evaluate(() => (window as unknown as { __example: T }).__example), requests };
  } finally {
    await server.close();
  }
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const descending = (values: number[]) => [...values].sort((a, b) => b - a);

type Ranked<H> = H & { rerankScore: number; rerankProbability: number };

/** `ranked` is `hits`, best first by `rerankScore`, each hit's own fields unchanged. */
function expectReranked<H extends object>(hits: H[], ranked: Ranked<H>[], key: keyof H): void {
  expect(hits.length).toBeGreaterThan(1);
  expect(ranked.map((h) => String(h[key])).sort()).toEqual(hits.map((h) => String(h[key])).sort());
  expect(ranked.map((h) => h.rerankScore)).toEqual(descending(ranked.map((h) => h.rerankScore)));
  for (const hit of ranked) {
    const { rerankScore, rerankProbability, ...fields } = hit;
    expect(fields as object).toEqual(hits.find((h) => h[key] === hit[key]));
    expect(rerankProbability).toBeCloseTo(sigmoid(rerankScore), 6);
  }
}

test('MiniSearch: rerankHits gives the hits back best first, every field kept; rows carry the very documents; the cache API lists and deletes the model', async ({
  page,
}) => {
  type Hit = { id: string; score: number; terms: string[] };
  type Cached = { id: string; name: string; origin: string; bytes: number; files: number };
  const { example, requests } = await run<{
    hits: Hit[];
    ranked: Ranked<Hit>[];
    identity: boolean[];
    cached: Cached[];
    deleted: boolean[];
    runtimeDeleted: boolean;
    cachedAfter: Cached[];
  }>(page, 'minisearch');
  expectReranked(example.hits, example.ranked, 'id');
  expect(example.ranked[0]).toHaveProperty('terms');
  expect(example.identity).toEqual([true, true, true, true]);
  // The cache API from the package: the hub's model listed with its origin and size, then deleted, as is the runtime.
  expect(example.cached).toEqual([
    expect.objectContaining({
      id: 'https://huggingface.co/Xenova/ms-marco-MiniLM-L-6-v2',
      name: 'Xenova/ms-marco-MiniLM-L-6-v2',
      origin: 'https://huggingface.co',
    }),
  ]);
  expect(example.cached[0]!.bytes).toBeGreaterThan(100_000);
  expect(example.cached[0]!.files).toBeGreaterThanOrEqual(4);
  expect(example.deleted).toEqual([true]);
  expect(example.runtimeDeleted).toBe(true);
  expect(example.cachedAfter).toEqual([]);
  expect(offOrigin(requests).filter((u) => !HUB_FILES.test(u))).toEqual([]);
});

test("Pagefind: its CLI's index searched in the page, the pages' data reranked with every field kept", async ({ page }) => {
  type Data = { url: string; content: string; meta: { title: string } };
  const { example, requests } = await run<{ hits: Data[]; ranked: Ranked<Data>[] }>(page, 'pagefind');
  expectReranked(example.hits, example.ranked, 'url');
  expect(example.ranked[0]).toHaveProperty('meta.title');
  expect(offOrigin(requests).filter((u) => !HUB_FILES.test(u))).toEqual([]);
});

test('AI SDK: rerank() rows for object and string documents, topN and abortSignal', async ({ page }) => {
  type Row = { originalIndex: number; score: number; document: unknown };
  const { example } = await run<{
    objects: Row[];
    identity: boolean[];
    strings: Row[];
    metadata: Record<string, { scores: number[] }>;
    aborted: string;
  }>(page, 'ai-sdk');
  expect(example.objects).toHaveLength(2);
  expect(example.identity).toEqual([true, true]);
  expect(example.objects.map((r) => r.score)).toEqual(descending(example.objects.map((r) => r.score)));
  expect(example.metadata['rerank-in-browser']!.scores.map(sigmoid).map((p) => p.toFixed(6))).toEqual(
    example.objects.map((r) => r.score.toFixed(6)),
  );
  expect(example.strings.map((r) => r.originalIndex).sort((a, b) => a - b)).toEqual([0, 1, 2]);
  for (const row of example.strings) expect(typeof row.document).toBe('string');
  expect(example.aborted).toBe('CancelledError');
});

test('LangChain: compressDocuments keeps topN best first, adds relevanceScore and changes nothing else', async ({ page }) => {
  type Doc = { pageContent: string; metadata: Record<string, unknown>; id?: string };
  const { example } = await run<{ input: Doc[]; kept: Doc[] }>(page, 'langchain');
  expect(example.kept).toHaveLength(2);
  const scores = example.kept.map((d) => d.metadata['relevanceScore'] as number);
  expect(scores).toEqual(descending(scores));
  for (const doc of example.kept) {
    const { relevanceScore, ...metadata } = doc.metadata;
    expect(relevanceScore).toBeGreaterThan(0);
    expect({ ...doc, metadata }).toEqual(example.input.find((d) => d.pageContent === doc.pageContent));
  }
});

test("testing kit: an embedder's own Playwright suite passes on serveTestModel with nothing leaving the machine", () => {
  test.setTimeout(300_000);
  let output: string;
  try {
    output = execFileSync(process.execPath, [path.join(apps, 'node_modules/@playwright/test/cli.js'), 'test', '--reporter', 'line'], {
      cwd: path.join(apps, 'testing-kit'),
      encoding: 'utf8',
      // A clean environment: nothing of this run's own Playwright reaches the embedder's.
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], PORT: String(PACKAGED_PORT), CHROMIUM_PATH: '/usr/bin/chromium' },
    });
  } catch (error) {
    // The embedder's failing run says why on its stdout.
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    output = `${stdout}${stderr}`;
  }
  console.log(output.trim());
  expect(output).toMatch(/1 passed/);
});
