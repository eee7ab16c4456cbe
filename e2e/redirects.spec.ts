import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { chromiumArgs } from '../playwright.config';

const BERT_DIR = path.resolve('test-models', 'bert-tiny');
const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-expose-headers': '*' };

interface Host {
  origin: string;
  /** Every request it received, as `METHOD /path`. */
  requests: string[];
  close: () => Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 (Playwright's fulfilled redirects are not followed for a
 * worker's fetch, so only a real one shows what the browser does with a redirect).
 */
async function host(
  answer: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
  tls?: { key: Buffer; cert: Buffer },
): Promise<Host> {
  const requests: string[] = [];
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    requests.push(`${request.method} ${request.url}`);
    if (request.method === 'OPTIONS') return void response.writeHead(204, CORS).end();
    void answer(request, response);
  };
  const server = tls ? createHttpsServer(tls, handle) : createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return { origin, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A self-signed certificate for huggingface.co, which the browser below is told to accept. */
async function hubCertificate(): Promise<{ key: Buffer; cert: Buffer }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-tls-'));
  try {
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=huggingface.co', '-keyout', key, '-out', cert],
      {
        stdio: 'ignore',
      },
    );
    return { key: await readFile(key), cert: await readFile(cert) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Answers any path with the bert-tiny file of the same name, as a model host with CORS would. */
async function bertFile(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const pathname = new URL(request.url!, 'http://x').pathname;
  const name = pathname.split('/').pop()!;
  const body = await readFile(path.join(BERT_DIR, pathname.includes('/onnx/') ? `onnx/${name}` : name)).catch(() => null);
  if (!body) return void response.writeHead(404, CORS).end('not found');
  response.writeHead(200, { ...CORS, 'content-length': String(body.length) }).end(body);
}

test('an approved origin that redirects to one nobody approved: the load fails with a sentence, and no request reaches the other', async ({
  page,
}) => {
  // The redirect's target: another origin (localhost, not 127.0.0.1), serving usable files with CORS.
  const other = await host(bertFile);
  const otherOrigin = other.origin.replace('127.0.0.1', 'localhost');
  // The approved host serves the model's JSON itself, and redirects its graphs to the other origin.
  const approved = await host(async (request, response) => {
    if (!request.url!.includes('/onnx/')) return bertFile(request, response);
    response.writeHead(302, { ...CORS, location: `${otherOrigin}${request.url}` }).end();
  });
  try {
    const model = `${approved.origin}/m/bert-tiny`;
    await page.goto(`/?${new URLSearchParams({ model, device: 'wasm' })}`);
    await expect(page.getByTestId('origin-confirm')).toContainText(approved.origin);
    await page.getByTestId('origin-confirm-yes').click();
    await expect(page.getByTestId('error')).toContainText(
      `${approved.origin} answered with a redirect, and only the Hugging Face hub's redirects are followed`,
    );
    await expect(page.getByTestId('model-status')).not.toContainText('Ready');
    expect(approved.requests.some((r) => r.includes('/m/bert-tiny/onnx/'))).toBe(true);
    expect(other.requests).toEqual([]);
  } finally {
    await Promise.all([approved.close(), other.close()]);
  }
});

test('the hub redirecting to an origin nobody approved: the browser follows, but nothing it sent is used', async ({ baseURL }) => {
  const other = await host(bertFile);
  const otherOrigin = other.origin.replace('127.0.0.1', 'localhost');
  // A real HTTPS server answers for huggingface.co, and redirects config.json elsewhere as the hub redirects to its CDN.
  const hub = await host(
    async (request, response) => {
      if (!request.url!.endsWith('/config.json')) return bertFile(request, response);
      response.writeHead(302, { ...CORS, location: `${otherOrigin}${request.url}` }).end();
    },
    await hubCertificate(),
  );
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...chromiumArgs, `--host-resolver-rules=MAP huggingface.co ${new URL(hub.origin).host}`, '--ignore-certificate-errors'],
  });
  try {
    const page = await browser.newPage({ serviceWorkers: 'block' });
    await page.goto(`${baseURL}/?${new URLSearchParams({ model: 'someone/bert-tiny', device: 'wasm' })}`);
    await expect(page.getByTestId('error')).toContainText(
      `Refused https://huggingface.co/someone/bert-tiny/resolve/main/config.json: it redirected to ${otherOrigin}, which is neither this site nor the Hugging Face hub, and loading from it was not approved. Nothing it sent was used.`,
    );
    expect(hub.requests).toContain('GET /someone/bert-tiny/resolve/main/config.json');
    // The browser followed the hub's redirect before the worker could judge it: the request reached the other origin.
    expect(other.requests).toContain('GET /someone/bert-tiny/resolve/main/config.json');
    await expect(page.getByTestId('model-status')).not.toContainText('Ready');
  } finally {
    await browser.close();
    await Promise.all([hub.close(), other.close()]);
  }
});
