/**
 * Runs the evaluation page (eval.html) in headless Chromium and prints its report:
 * the numbers come from the same page code, worker and model path a user gets.
 *
 *   npm run build
 *   npm run eval -- --candidates FILE --qrels FILE [--model M] [--device webgpu|wasm] [--dtype D]
 *                   [--queries N] [--depth 100] [--threshold 2] [--url http://host:port/] [--timeout 3600]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { preview, type PreviewServer } from 'vite';
import { chromiumArgs } from '../playwright.config.ts';
import type { EvalReport } from '../web/eval/report.ts';
import { freePort } from './free-port.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = `Usage: npm run eval -- --candidates FILE --qrels FILE [--model M] [--device webgpu|wasm] [--dtype D]
       [--queries N] [--depth 100] [--threshold 2] [--url BASE_URL] [--timeout SECONDS]
Without --url it serves the build in dist/ (run \`npm run build\` first) with vite preview on a free port.`;

class UsageError extends Error {}

interface Options {
  candidates: string;
  qrels: string;
  params: URLSearchParams;
  queries?: string;
  depth: string;
  threshold: string;
  url?: string;
  timeoutMs: number;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      candidates: { type: 'string' },
      qrels: { type: 'string' },
      model: { type: 'string' },
      device: { type: 'string' },
      dtype: { type: 'string' },
      queries: { type: 'string' },
      depth: { type: 'string', default: '100' },
      threshold: { type: 'string', default: '2' },
      url: { type: 'string' },
      timeout: { type: 'string', default: '3600' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.candidates || !values.qrels) throw new UsageError('--candidates and --qrels are required.');
  const integer = (name: string, text: string | undefined, min: number) => {
    if (text !== undefined && !(Number.isInteger(Number(text)) && Number(text) >= min)) {
      throw new UsageError(`--${name} must be a whole number of at least ${min}, not "${text}".`);
    }
    return text;
  };
  // `npm run` moves to the package folder; paths on the command line are the caller's.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const file = (name: string, value: string) => {
    const resolved = path.resolve(cwd, value);
    if (!existsSync(resolved)) throw new UsageError(`--${name}: no file at ${resolved}.`);
    return resolved;
  };
  const params = new URLSearchParams();
  for (const key of ['model', 'device', 'dtype'] as const) if (values[key]) params.set(key, values[key]);
  return {
    candidates: file('candidates', values.candidates),
    qrels: file('qrels', values.qrels),
    params,
    queries: integer('queries', values.queries, 1),
    depth: integer('depth', values.depth, 1)!,
    threshold: integer('threshold', values.threshold, Number.MIN_SAFE_INTEGER)!,
    url: values.url,
    timeoutMs: Number(integer('timeout', values.timeout, 1)) * 1000,
  };
}

async function startPreview(): Promise<{ base: string; server: PreviewServer }> {
  if (!existsSync(path.join(ROOT, 'dist', 'eval.html'))) {
    throw new UsageError('No build at dist/eval.html: run `npm run build` first, or pass --url of a running server.');
  }
  const port = await freePort();
  const server = await preview({ root: ROOT, logLevel: 'warn', preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
  return { base: `http://127.0.0.1:${port}/`, server };
}

/** Waits for the report or an error, echoing the page's progress line to stderr as it changes. */
async function waitForReport(page: Page, timeoutMs: number): Promise<EvalReport> {
  const deadline = Date.now() + timeoutMs;
  let lastProgress = '';
  while (Date.now() < deadline) {
    // One read of the DOM, so an element cannot vanish between seeing it and reading it.
    // No named function inside: tsx would wrap it in a helper that does not exist in the page.
    const [json, error, progressText] = await page.evaluate(() => [
      document.querySelector('[data-testid="eval-report"]')?.getAttribute('data-json') ?? null,
      document.querySelector('[data-testid="error"]')?.textContent ?? null,
      document.querySelector('[data-testid="eval-progress"]')?.textContent ?? null,
    ]);
    if (json) return JSON.parse(json) as EvalReport;
    if (error) throw new Error(`The page reported: ${error.replace(/×$/, '').trim()}`);
    const progress = progressText?.trim() ?? '';
    if (progress && progress !== lastProgress) {
      process.stderr.write(`${progress}\n`);
      lastProgress = progress;
    }
    await page.waitForTimeout(500);
  }
  throw new Error(`No report after ${timeoutMs / 1000} s (raise --timeout).`);
}

async function main(): Promise<void> {
  const options = readOptions();
  const served = options.url ? null : await startPreview();
  const base = options.url ?? served!.base;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const query = options.params.size ? `?${options.params}` : '';
    await page.goto(new URL(`eval.html${query}`, base).href);
    await page.getByTestId('candidates-input').setInputFiles(options.candidates);
    await page.getByTestId('qrels-input').setInputFiles(options.qrels);
    await page.getByTestId('candidates-status').filter({ hasText: 'queries' }).waitFor();
    await page.getByTestId('qrels-status').filter({ hasText: 'judgments' }).waitFor();
    await page.getByTestId('depth-input').fill(options.depth);
    await page.getByTestId('queries-input').fill(options.queries ?? '');
    await page.getByTestId('threshold-input').fill(options.threshold);
    await page.getByTestId('run-button').click();
    const report = await waitForReport(page, options.timeoutMs);
    const { model } = report;
    console.log(
      `Model ${model.name} (${model.dtype} on ${model.device}) · ${report.input.mean.queries} queries · ` +
        `top ${report.depth} candidates · ${report.passages} passages reranked in ${report.rerankSeconds.toFixed(1)} s\n`,
    );
    console.log(report.table);
    console.log(report.summary);
  } finally {
    await browser.close();
    await served?.server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : error instanceof Error ? error.message : error);
  process.exit(1);
});
