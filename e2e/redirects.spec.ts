import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';

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
async function host(answer: (request: IncomingMessage, response: ServerResponse) => Promise<void>): Promise<Host> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    if (request.method === 'OPTIONS') return void response.writeHead(204, CORS).end();
    void answer(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
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
