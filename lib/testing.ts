/// <reference types="node" preserve="true" />
/**
 * `rerank-in-browser/testing`: for an embedder's own Playwright suite, in Node. The hub is
 * answered from a tiny generated model shipped in this package, so the page loads its model
 * through the same code path as in production, with no network.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PRESET_ID, findPreset } from '../worker/registry';
import { hubAnswer } from './hub-answer';

/** What the kit needs of a Playwright `Route`: typed by shape, so `@playwright/test` and `playwright-core` both fit. */
export interface TestModelRoute {
  request(): { url(): string; method(): string; headers(): Record<string, string> };
  fulfill(response: { status: number; headers: Record<string, string>; body: Buffer | string }): Promise<void>;
}

/** A Playwright `Page` or `BrowserContext`. */
export interface TestModelTarget {
  route(url: string, handler: (route: TestModelRoute) => Promise<void>): Promise<unknown>;
}

export interface ServeTestModelOptions {
  /** The hub repository to answer for (`owner/name`); by default the default preset's. */
  as?: string;
}

// The build copies the generated model here (scripts/lib/test-model.ts); the comment keeps Vite from bundling the folder.
const FOLDER = fileURLToPath(new URL(/* @vite-ignore */ './test-model/', import.meta.url));

/**
 * Answers `https://huggingface.co/<as>/resolve/**` for `target` from the shipped test model:
 * HEAD, ranged and whole GETs, as the hub does, with its CORS headers; a file it does not hold
 * gets the hub's 404. The model is untrained: assert shapes and ordering rules, not relevance.
 */
export async function serveTestModel(target: TestModelTarget, { as = findPreset(DEFAULT_PRESET_ID)!.hubId }: ServeTestModelOptions = {}) {
  // An fp32 graph (WebGPU) and a q8 one (WASM), with the tokenizer and config: what a load of the default preset asks for.
  const names = (await readdir(FOLDER, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  const files = new Map<string, Buffer>();
  for (const entry of names) {
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(FOLDER, full).split(path.sep).join('/'), await readFile(full));
  }
  const prefix = `https://huggingface.co/${as}/resolve/`;
  await target.route(`${prefix}**`, async (route) => {
    const request = route.request();
    // `<revision>/<file>`: every revision is the same test model.
    const name = decodeURIComponent(new URL(request.url()).pathname.slice(new URL(prefix).pathname.length)).replace(/^[^/]+\//, '');
    await route.fulfill(hubAnswer(name, request.method(), request.headers()['range'], files.get(name)));
  });
}
