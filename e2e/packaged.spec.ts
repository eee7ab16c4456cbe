/**
 * The library as other people's apps get it: `npm pack`ed, installed into apps outside this
 * repository (so nothing resolves through its node_modules), built by each app's own Vite and
 * run in Chromium. The install must stay light: the tarball brings no dependencies of its own.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { preview } from 'vite';
import { HEAVY_PACKAGES, hasPackage, installApp, packLibrary, type Installed } from '../scripts/packed';
import { ISOLATION_HEADERS } from '../scripts/vite/server-headers';
import { testModels } from '../scripts/vite/test-models';
import { PACKAGED_PORT } from '../playwright.config';
import { expectHostAppReranks } from './helpers';
import { defaultWasmThreads } from '../worker/runtime/threads';

const versionOf = (name: string) => (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
// The versions this repository already uses, so that the shared npm cache serves them.
const VITE = [`vite@${versionOf('vite')}`];
const REACT_VITE = [...VITE, `@vitejs/plugin-react@${versionOf('@vitejs/plugin-react')}`];

const viteBuild = (dir: string) =>
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { cwd: dir, stdio: 'inherit' });
/** webpack writes no HTML of its own; the page that loads its bundle goes beside it. */
const webpackBuild = (dir: string) => {
  execFileSync(process.execPath, ['node_modules/webpack-cli/bin/cli.js', '--no-stats'], { cwd: dir, stdio: 'inherit' });
  copyFileSync(path.join(dir, 'webpack.html'), path.join(dir, 'dist', 'index.html'));
};

/** Where webpack puts the worker and ONNX Runtime's wasm it re-emitted from the package (Vite's are the helper's default). */
const WEBPACK_ASSETS = { worker: /\/reranker\.js$/, wasm: /\/[0-9a-f]{20}\.wasm$/ };

const APPS = [
  { name: 'vanilla', source: 'examples/consumer', deps: VITE, react: null, build: viteBuild, assets: undefined },
  {
    name: 'webpack5',
    source: 'examples/consumer',
    deps: ['webpack@5', 'webpack-cli@5'],
    react: null,
    build: webpackBuild,
    assets: WEBPACK_ASSETS,
  },
  {
    name: 'react18',
    source: 'examples/consumer-react',
    deps: ['react@18', 'react-dom@18', ...REACT_VITE],
    react: '18',
    build: viteBuild,
    assets: undefined,
  },
  {
    name: 'react19',
    source: 'examples/consumer-react',
    deps: ['react@19', 'react-dom@19', ...REACT_VITE],
    react: '19',
    build: viteBuild,
    assets: undefined,
  },
] as const;

/** Not the worker's default, so the page shows whether `wasmThreads` got through. */
const THREADS = defaultWasmThreads(availableParallelism(), true) === 1 ? 2 : 1;

let root: string;
let alone: Installed;
const installed = new Map<string, Installed>();

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(360_000);
  root = mkdtempSync(path.join(tmpdir(), 'rerank-packaged-'));
  const started = Date.now();
  const tarball = packLibrary(path.join(root, 'pack'));
  alone = installApp(path.join(root, 'alone'), [tarball]);
  for (const app of APPS) {
    const dir = path.join(root, app.name);
    cpSync(app.source, dir, { recursive: true, filter: (from) => !/[/\\](node_modules|dist)$/.test(from) });
    installed.set(app.name, installApp(dir, [tarball, ...app.deps]));
    app.build(dir);
  }
  console.log(`packed, installed and built ${APPS.length} apps in ${((Date.now() - started) / 1000).toFixed(0)} s`);
});

test.afterAll(() => rmSync(root, { recursive: true, force: true }));

test('the tarball installs alone: one package, no dependencies', () => {
  console.log(`the library alone: ${(alone.bytes / 1e6).toFixed(1)} MB of node_modules, ${alone.packages.join(', ')}`);
  expect(alone.packages).toEqual(['rerank-in-browser@0.1.0']);
  // The WASM runtime (27 MB) is most of it.
  expect(alone.bytes).toBeLessThan(40e6);
});

for (const app of APPS) {
  test(`${app.name}: a fresh app reranks with the installed package`, async ({ page }) => {
    const deps = installed.get(app.name)!;
    console.log(`${app.name}: ${(deps.bytes / 1e6).toFixed(1)} MB of node_modules, ${deps.packages.join(', ')}`);
    expect(HEAVY_PACKAGES.filter((name) => hasPackage(deps, name))).toEqual([]);
    if (app.react) expect(deps.packages.filter((p) => p.startsWith('react@'))).toEqual([expect.stringMatching(`^react@${app.react}\\.`)]);
    else expect(hasPackage(deps, 'react')).toBe(false);

    const server = await preview({
      root: path.join(root, app.name),
      configFile: false,
      logLevel: 'warn',
      plugins: [testModels(path.resolve('test-models'))],
      preview: { port: PACKAGED_PORT, strictPort: true, headers: ISOLATION_HEADERS },
    });
    try {
      await expectHostAppReranks(page, PACKAGED_PORT, { threads: String(THREADS) }, app.assets);
      await expect(page.locator('#status')).toHaveAttribute('data-threads', String(THREADS));
      if (app.react) {
        // A hook whose callbacks change identity every render loops here (it did: 1148 reranks in 3 s).
        await page.waitForTimeout(1000);
        expect(await page.locator('body').getAttribute('data-reranks')).toBe('1');
      }
    } finally {
      await server.close();
    }
  });
}
