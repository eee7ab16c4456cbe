import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { HOOKS_PORT } from '../playwright.config';
import { UNTRUSTED_FORMS } from '../test/origin-forms';
import '../web/test-hooks';
import { expectServerHeaders, openWithModel, recordRequests, rerankInUi, serveBertAt } from './helpers';
import { BERT_TINY } from './test-models';

const PAGES = ['/', '/search.html', '/eval.html'];

const toOrigin = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
};

test('every URL form of another origin asks first, on every page, and nothing is requested from it', async ({ page }) => {
  test.setTimeout(480_000);
  const requests = recordRequests(page);
  for (const pathname of PAGES) {
    for (const [reference, origin] of UNTRUSTED_FORMS) {
      await page.goto(`${pathname}?${new URLSearchParams({ model: reference, device: 'wasm' })}`);
      const confirm = page.getByTestId('origin-confirm');
      await expect(confirm, `${pathname} ${JSON.stringify(reference)}`).toContainText(origin);
      // Links to the other pages must not carry the unapproved model onward.
      for (const href of await page
        .locator('a[href*=".html"], a[href^="./"]')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) {
        expect(new URLSearchParams(href.split('?')[1] ?? '').get('model'), href).toBeNull();
      }
      await page.getByTestId('origin-confirm-no').click();
      await expect(confirm).toHaveCount(0);
      expect((await page.evaluate(() => localStorage.getItem('reranker.model'))) ?? '').not.toContain('evil');
    }
  }
  const offenders = requests.filter((url) => UNTRUSTED_FORMS.some(([, origin]) => toOrigin(url) === origin));
  expect(offenders).toEqual([]);
});

test('an approved origin loads once confirmed, follows the user to the other pages for this tab only', async ({
  page,
  context,
  browser,
}) => {
  await serveBertAt(context, 'https://models.example.net');
  const requests = recordRequests(page);
  const model = 'https://models.example.net/m/bert-tiny';
  await page.goto(`/?${new URLSearchParams({ model, device: 'wasm' })}`);
  await expect(page.getByTestId('origin-confirm')).toContainText('https://models.example.net');
  const fromHost = () => requests.filter((u) => toOrigin(u) === 'https://models.example.net');
  expect(fromHost()).toEqual([]);
  await page.getByTestId('origin-confirm-yes').click();
  await expect(page.getByTestId('model-status')).toContainText(`Ready: ${model}`, { timeout: 120_000 });
  expect(fromHost().length).toBeGreaterThan(2);
  expect(await rerankInUi(page, 'light bulb', ['the light bulb', 'a tulip bulb'])).toHaveLength(2);

  // Approved in this tab: the link carries the model and the search page loads it without asking again.
  await page.getByRole('link', { name: 'Search demo' }).click();
  await expect(page.getByTestId('model-status')).toContainText(`Ready: ${model}`, { timeout: 120_000 });
  await expect(page.getByTestId('origin-confirm')).toHaveCount(0);

  // A new tab (another context: no shared session) asks again.
  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto(`http://localhost:${new URL(page.url()).port}/eval.html?${new URLSearchParams({ model, device: 'wasm' })}`);
  await expect(fresh.getByTestId('origin-confirm')).toContainText('https://models.example.net');
  await other.close();
});

test('the worker refuses an unapproved origin whatever the page asks it', async ({ page }) => {
  const requests = recordRequests(page);
  await page.goto(`http://localhost:${HOOKS_PORT}/?testHooks&device=wasm`);
  await page.waitForFunction(() => Boolean(window.__reranker));
  const outcomes = await page.evaluate(async () => {
    const client = window.__reranker!;
    const attempt = (model: string, allowedOrigins?: string[]) =>
      client.load(model, { device: 'wasm', ...(allowedOrigins ? { allowedOrigins } : {}) }).then(
        () => 'loaded',
        (e: Error) => `${e.name}: ${e.message}`,
      );
    return [
      await attempt('//evil.example/x/bert-tiny'),
      await attempt('https://evil.example/x/bert-tiny', ['https://other.example']),
      await attempt('HTTPS://EVIL.EXAMPLE\\x\\bert-tiny'),
    ];
  });
  for (const outcome of outcomes)
    expect(outcome).toMatch(/^UntrustedOriginError: .*evil\.example.* neither this site nor the Hugging Face hub/);
  expect(requests.filter((u) => u.includes('evil.example'))).toEqual([]);
});

test('the worker script carries its own CSP, and no other site can frame the app', async ({ page }) => {
  const workerHeaders = new Promise<Record<string, string>>((resolve) =>
    page.on('response', (r) => /reranker\.worker[^/]*\.js/.test(r.url()) && resolve(r.allHeaders())),
  );
  await openWithModel(page, BERT_TINY, { device: 'wasm' });
  const csp = (await workerHeaders)['content-security-policy'];
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' blob:");
  expect(csp).toContain("default-src 'self'");
  // The model above loaded and ran under that policy, threads included.
  expect(await rerankInUi(page, 'light bulb', ['the light bulb', 'a tulip bulb'])).toHaveLength(2);

  const document = await page.request.get('/');
  expect(document.headers()['content-security-policy']).toBe("frame-ancestors 'none'");
  expect(document.headers()['x-frame-options']).toBe('DENY');
  const origin = new URL(page.url()).origin;
  await page.goto(`http://127.0.0.1:${new URL(origin).port}/models/test/bert-tiny/config.json`);
  await page.setContent(`<iframe src="${origin}/"></iframe>`);
  await page.waitForTimeout(1000);
  const frame = page.frames()[1]!;
  // Chromium shows its own "localhost refused to connect" page (ERR_BLOCKED_BY_RESPONSE) in the frame instead.
  expect(frame.url()).toMatch(/^chrome-error:/);
  expect(await frame.getByText('Rerank in your browser').count()).toBe(0);
});

test('every page and every navigation of the preview forbids framing, clean URLs open their page, unknown paths are 404s', async ({
  page,
  baseURL,
}) => {
  await expectServerHeaders(page, baseURL!);
  // Framed by another origin, a clean URL is refused like the page's own file.
  const origin = new URL(baseURL!).origin;
  await page.goto(`http://127.0.0.1:${new URL(origin).port}/models/test/bert-tiny/config.json`);
  await page.setContent(`<iframe src="${origin}/search"></iframe>`);
  await expect.poll(() => page.frames()[1]?.url()).toMatch(/^chrome-error:/);
  expect(await page.frames()[1]!.getByText('Search, then rerank').count()).toBe(0);
});

test('test hooks exist in the e2e build only', async ({ page }) => {
  await page.goto('/?testHooks');
  await expect(page.getByRole('heading', { name: 'Rerank in your browser' })).toBeVisible();
  expect(await page.evaluate(() => typeof window.__reranker)).toBe('undefined');
  const production = readdirSync('dist/assets').filter((f) => f.endsWith('.js'));
  for (const file of production) expect(readFileSync(path.join('dist/assets', file), 'utf8'), file).not.toContain('__reranker');

  await page.goto(`http://localhost:${HOOKS_PORT}/?testHooks`);
  await page.waitForFunction(() => Boolean(window.__reranker));
});

test('stored state of the wrong type is dropped once, said once, and the page starts clean', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => {
    localStorage.setItem('reranker.passages', '123');
    localStorage.setItem('reranker.model', '{"a":1}');
    localStorage.setItem('reranker.query', 'null');
    sessionStorage.setItem('reranker.approvedOrigins', '"https://evil.example"');
  });
  await page.reload();
  await expect(page.getByTestId('notice')).toContainText('reranker.passages');
  await expect(page.getByTestId('notice')).toContainText('reranker.model');
  await expect(page.getByTestId('notice')).toContainText('reranker.query');
  await expect(page.getByTestId('model-select')).toHaveValue('ms-marco-minilm-l6');
  await expect(page.getByTestId('passages-input')).toHaveValue('');
  // The bad values are gone: each key is either removed or already rewritten by the page with a clean value.
  const stored = await page.evaluate(() => ['reranker.passages', 'reranker.model', 'reranker.query'].map((k) => localStorage.getItem(k)));
  for (const value of stored) expect(value === null || typeof JSON.parse(value) === 'string', String(value)).toBe(true);

  // A malformed approval list approves nothing.
  await page.goto(`/?${new URLSearchParams({ model: 'https://evil.example/x/bert-tiny' })}`);
  await expect(page.getByTestId('origin-confirm')).toContainText('https://evil.example');
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Rerank in your browser' })).toBeVisible();
  await expect(page.getByTestId('notice')).toHaveCount(0);
});

test('small things: a malformed % escape, a 1 MB query in a shared link', async ({ page, context }) => {
  const bad = await page.request.get('/models/test/%E0%A4%A');
  expect(bad.status()).toBe(400);
  expect(await bad.text()).not.toMatch(/at .*\.(ts|js):\d+/);

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await page.getByTestId('query-input').evaluate((el, value) => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, 'light bulb '.repeat(100_000));
  await page.getByTestId('share-button').click();
  await expect(page.getByTestId('notice')).toContainText(/Link copied with the first [\d,]+ characters of the query/);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect((await page.request.get(link)).status()).toBe(200);
  expect(new URL(link).searchParams.get('q')!.startsWith('light bulb light bulb')).toBe(true);
});

test('the Content-Security-Policy blocks injected inline scripts', async ({ page }) => {
  await page.goto('/');
  const violation = page.evaluate(
    () => new Promise<string>((resolve) => document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective))),
  );
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
  });
  expect(await violation).toContain('script-src');
  expect(await page.evaluate(() => (window as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
});
