import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { freePort } from '../scripts/free-port';
import { expectReferenceScores, expectServerHeaders } from './helpers';

/** What the README's `npm start` runs (package.json's `start` script), on a free port: the dev server, not the preview. */
let server: ChildProcess;
let origin: string;
let output = '';

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const port = await freePort();
  expect(JSON.parse(readFileSync('package.json', 'utf8')).scripts.start).toBe('vite');
  // Its own process group, so that the end of the spec stops npm, its shell and Vite together.
  server = spawn('npm', ['start', '--', '--port', String(port), '--strictPort'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  origin = `http://localhost:${port}`;
  const started = new Promise<void>((resolve, reject) => {
    const listen = (chunk: Buffer) => {
      output += stripVTControlCharacters(chunk.toString());
      if (output.includes(`${origin}/`)) resolve();
    };
    server.stdout!.on('data', listen);
    server.stderr!.on('data', listen);
    server.once('exit', (code) => reject(new Error(`npm start exited (${code}) before serving:\n${output}`)));
  });
  await started;
});

test.afterAll(async () => {
  if (server?.exitCode !== null || !server.pid) return;
  const exited = once(server, 'exit');
  process.kill(-server.pid, 'SIGTERM');
  await exited;
});

/**
 * Opens the app on the dev server and waits for the model, or for a response the browser
 * blocked (a thread worker's script without COEP), which would leave the page waiting forever.
 * The first visit makes Vite optimize the app's dependencies, after which it may reload the
 * page: the wait outlasts a reload, and once Ready the page is asked whether it is still the
 * visit that loaded, and opened again if not.
 */
async function openOnDevServer(page: Page, device: 'wasm' | 'webgpu'): Promise<string[]> {
  const blocked: string[] = [];
  page.on('requestfailed', (r) => r.failure()?.errorText.includes('BLOCKED') && blocked.push(`${r.url()}: ${r.failure()!.errorText}`));
  const status = page.getByTestId('model-status');
  for (let attempt = 1; ; attempt++) {
    await page.goto(`${origin}/?${new URLSearchParams({ model: '/models/test/bert-tiny/', device })}`);
    await page.evaluate(() => ((window as unknown as { visit: boolean }).visit = true)).catch(() => {});
    await expect
      .poll(async () => (blocked.length ? `blocked: ${blocked.join(', ')}` : await status.textContent()), { timeout: 150_000 })
      .toMatch(/Ready|failed|blocked/);
    const sameVisit = await page.evaluate(() => Boolean((window as unknown as { visit?: boolean }).visit)).catch(() => false);
    if (sameVisit || blocked.length || attempt === 3) return blocked;
  }
}

for (const device of ['wasm', 'webgpu'] as const) {
  test(`npm start reranks the test model on ${device}${device === 'wasm' ? ' at the default thread count' : ''}`, async ({ page }) => {
    // Vite compiles the app's modules on first request and SwiftShader runs WebGPU on the CPU: slower than the preview.
    test.setTimeout(300_000);
    expect(await openOnDevServer(page, device), 'responses the browser blocked').toEqual([]);
    await expect(page.getByTestId('model-status')).toContainText('Ready: /models/test/bert-tiny/');
    await expect(page.getByTestId('device-badge')).toHaveText(device);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    if (device === 'wasm') {
      // The default: a thread per core, at most four, and more than one whenever the page is isolated.
      const threads = await page.evaluate(() => Math.min(4, navigator.hardwareConcurrency));
      await expect(page.getByRole('region', { name: 'Run details' })).toContainText(`${threads} thread${threads > 1 ? 's' : ''}`);
    }
    const dtype = (await page.getByTestId('dtype-badge').textContent())!;
    await expectReferenceScores(page, 'bert-tiny', dtype, dtype === 'fp32' ? 1e-3 : 1e-2);
  });
}

test('the dev server sends the same headers as the preview: isolation, worker policy, framing ban; unknown paths are 404s', async ({
  page,
}) => {
  await expectServerHeaders(page, origin);
});
