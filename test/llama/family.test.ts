/**
 * llamaModel end to end on the fixtures, through transformers.js as the worker runs it (in Node
 * that means onnxruntime-node on the CPU): config checks, tokenizer, LlamaModel session with or
 * without external data, padding and position_ids, against the reference logits.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Expected } from '../../scripts/fixtures/families/types';
import { ensureFixtures, TEST_MODELS_DIR } from '../../scripts/fixtures/generate';
import type { Device } from '../../worker/api';
import { llamaModel } from '../../worker/families/llama-model';
import type { ScoringModel } from '../../worker/families/types';
import { findPreset } from '../../worker/registry';
import { formatPassage, formatQuery } from '../../worker/template';

const FOLDERS = ['llama-tiny', 'llama-tiny-extdata', 'llama-tiny-padmax'] as const;
const DTYPES = ['fp32', 'q4'] as const;
const TOLERANCE = { fp32: 1e-4, q4: 1e-3 } as const;
const MAX_LENGTH = 228;
// transformers.js in Node runs onnxruntime-node, whose device is "cpu"; the browser's are webgpu/wasm.
const NODE_DEVICE = 'cpu' as unknown as Device;
const template = findPreset('dear-3b-ranknet')!.template;

beforeAll(async () => {
  await ensureFixtures();
  env.localModelPath = `${TEST_MODELS_DIR}/`;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
}, 120_000);

const load = (source: string, dtype: 'fp32' | 'q4' = 'fp32', maxLength = MAX_LENGTH) =>
  llamaModel.load({ source, device: NODE_DEVICE, dtype, maxLength, onProgress: () => undefined });

describe.each(FOLDERS)('%s', (folder) => {
  it.each(DTYPES)('%s: encodes and scores every case like the reference, alone or batched', async (dtype) => {
    const expected = JSON.parse(readFileSync(join(TEST_MODELS_DIR, folder, 'expected.json'), 'utf8')) as Expected;
    const model: ScoringModel = await load(folder, dtype);
    try {
      for (const c of expected.cases) {
        const pairs = c.passages.map((p) => model.encodePair(formatQuery(template, c.query), formatPassage(template, p)));
        expect(
          pairs.map((p) => p.ids),
          c.name,
        ).toEqual(c.inputIds);
        const batched = await model.score(pairs);
        const fixedLength = await model.score(pairs, MAX_LENGTH);
        for (const [i, pair] of pairs.entries()) {
          const [alone] = await model.score([pair]);
          const want = c.logits[dtype]![i]!;
          expect(Math.abs(batched[i]! - want), `${c.name}[${i}] batched`).toBeLessThan(TOLERANCE[dtype]);
          expect(Math.abs(fixedLength[i]! - want), `${c.name}[${i}] padded to ${MAX_LENGTH}`).toBeLessThan(TOLERANCE[dtype]);
          expect(Math.abs(alone! - want), `${c.name}[${i}] alone`).toBeLessThan(TOLERANCE[dtype]);
        }
      }
    } finally {
      await model.dispose();
    }
  });
});

it('reports truncation', async () => {
  const model = await load('llama-tiny');
  try {
    const short = model.encodePair('query: light bulb', 'document:  Edison');
    const longQuery = model.encodePair(`query: ${'when was the light bulb invented '.repeat(10)}`, 'document:  Edison');
    const longPassage = model.encodePair('query: light bulb', `document:  ${'the carbon filament glowed '.repeat(80)}`);
    expect([short.truncated, longQuery.truncated, longPassage.truncated]).toEqual([false, true, true]);
    expect(longPassage.ids).toHaveLength(MAX_LENGTH);
  } finally {
    await model.dispose();
  }
});

it('refuses to run a pad_to_max_length model at another length', async () => {
  await expect(load('llama-tiny-padmax', 'fp32', 200)).rejects.toThrow(/maxLength 228/);
});

it('refuses a config without the reranker block', async () => {
  // llama-tiny's config without `reranker`, as a plain Llama export would have it.
  const root = mkdtempSync(join(tmpdir(), 'llama-config-'));
  mkdirSync(join(root, 'plain-llama'));
  const { reranker: _, ...config } = JSON.parse(readFileSync(join(TEST_MODELS_DIR, 'llama-tiny', 'config.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  writeFileSync(join(root, 'plain-llama', 'config.json'), JSON.stringify(config));
  env.localModelPath = `${root}/`;
  try {
    await expect(load('plain-llama')).rejects.toThrow(/reranker/);
  } finally {
    env.localModelPath = `${TEST_MODELS_DIR}/`;
    rmSync(root, { recursive: true, force: true });
  }
});
