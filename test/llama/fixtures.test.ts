/**
 * The llama fixtures' independent pieces must agree: the ONNX graphs (run by onnxruntime-web's
 * WASM backend), the TypeScript reference logits, and transformers.js's reading of tokenizer.json
 * with the worker's DeAR templating and pair construction versus the fixture's own BPE encoder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AutoTokenizer, ModelRegistry, env } from '@huggingface/transformers';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { llamaFixtures } from '../../scripts/fixtures/families/llama';
import type { Expected } from '../../scripts/fixtures/families/types';
import { ensureFixtures, familyRng, TEST_MODELS_DIR } from '../../scripts/fixtures/generate';
import { BOS_ID, EOS_ID } from '../../scripts/fixtures/tokenize/llama3';
import { DEAR_QUERY_MAX_TOKENS, encodeDearPair } from '../../worker/families/dear-encoding';
import { findPreset } from '../../worker/registry';
import { formatPassage, formatQuery } from '../../worker/template';

const GRAPHS = { fp32: 'model.onnx', q4: 'model_q4.onnx' } as const;
type GraphDtype = keyof typeof GRAPHS;
const TOLERANCE = { fp32: 1e-4, q4: 1e-3 } as const;
/** Two onnxruntime runs of the same rows at different batch shapes differ only by float rounding. */
const SAME_RUN = 1e-5;
const FOLDERS = {
  'llama-tiny': { padToMax: false, externalData: false },
  'llama-tiny-extdata': { padToMax: false, externalData: true },
  'llama-tiny-padmax': { padToMax: true, externalData: false },
} as const;
type Folder = keyof typeof FOLDERS;

const expected = {} as Record<Folder, Expected>;
const dir = (folder: Folder) => join(TEST_MODELS_DIR, folder);

beforeAll(async () => {
  await ensureFixtures();
  for (const folder of Object.keys(FOLDERS) as Folder[]) {
    expected[folder] = JSON.parse(readFileSync(join(dir(folder), 'expected.json'), 'utf8')) as Expected;
  }
  ort.env.wasm.numThreads = 1;
}, 120_000);

async function session(folder: Folder, dtype: GraphDtype): Promise<ort.InferenceSession> {
  const file = GRAPHS[dtype];
  const model = readFileSync(join(dir(folder), 'onnx', file));
  if (!FOLDERS[folder].externalData) return ort.InferenceSession.create(model);
  // The browser build cannot read files, so side files are handed over by name, as transformers.js does.
  const data = readFileSync(join(dir(folder), 'onnx', `${file}_data`));
  return ort.InferenceSession.create(model, { externalData: [{ path: `${file}_data`, data }] });
}

/** Rows right-padded with the EOS id to `width`, positions 0..width-1, as the worker feeds them. */
async function score(s: ort.InferenceSession, rows: number[][], width: number): Promise<number[]> {
  const fill = (value: (row: number[], i: number) => number) =>
    new ort.Tensor('int64', BigInt64Array.from(rows.flatMap((row) => Array.from({ length: width }, (_, i) => BigInt(value(row, i))))), [
      rows.length,
      width,
    ]);
  const out = await s.run({
    input_ids: fill((r, i) => r[i] ?? EOS_ID),
    attention_mask: fill((r, i) => (i < r.length ? 1 : 0)),
    position_ids: fill((_, i) => i),
  });
  expect(out.logits!.dims).toEqual([rows.length, 1]);
  return [...(out.logits!.data as Float32Array)];
}

const longest = (rows: number[][]) => Math.max(...rows.map((r) => r.length));

describe.each(Object.keys(FOLDERS) as Folder[])('%s', (folder) => {
  const widthOf = (rows: number[][]) => (FOLDERS[folder].padToMax ? expected[folder].maxLength : longest(rows));

  describe.each(Object.keys(GRAPHS) as GraphDtype[])('onnx/%s', (dtype) => {
    it(`matches the reference logits within ${TOLERANCE[dtype]} on a right-padded batch`, async () => {
      const s = await session(folder, dtype);
      try {
        for (const c of expected[folder].cases) {
          const got = await score(s, c.inputIds, widthOf(c.inputIds));
          got.forEach((v, i) => expect(Math.abs(v - c.logits[dtype]![i]!), `${c.name}[${i}]`).toBeLessThan(TOLERANCE[dtype]));
        }
      } finally {
        await s.release();
      }
    });

    if (!FOLDERS[folder].padToMax) {
      it('scores each row alone exactly as inside a mixed-length batch, whatever the padding', async () => {
        const s = await session(folder, dtype);
        try {
          const rows = expected[folder].cases.flatMap((c) => c.inputIds);
          const batch = await score(s, rows, longest(rows));
          const overPadded = await score(s, rows, longest(rows) + 7);
          for (const [i, row] of rows.entries()) {
            const [alone] = await score(s, [row], row.length);
            expect(Math.abs(alone! - batch[i]!), `row ${i}`).toBeLessThan(SAME_RUN);
            expect(Math.abs(overPadded[i]! - batch[i]!), `row ${i}`).toBeLessThan(SAME_RUN);
          }
        } finally {
          await s.release();
        }
      });
    } else {
      it('gives other scores when not padded to max_length, which is why the config says so', async () => {
        const s = await session(folder, dtype);
        try {
          const c = expected[folder].cases.find((x) => x.name === 'edison')!;
          const got = await score(s, c.inputIds, longest(c.inputIds));
          const drift = Math.max(...got.map((v, i) => Math.abs(v - c.logits[dtype]![i]!)));
          expect(drift).toBeGreaterThan(100 * TOLERANCE[dtype]);
        } finally {
          await s.release();
        }
      });
    }

    it(FOLDERS[folder].externalData ? 'keeps every large weight in the side file' : 'embeds its weights', () => {
      const model = onnxProto.onnx.ModelProto.decode(readFileSync(join(dir(folder), 'onnx', GRAPHS[dtype])));
      const external = model.graph!.initializer!.filter((t) => t.dataLocation === onnxProto.onnx.TensorProto.DataLocation.EXTERNAL);
      if (FOLDERS[folder].externalData) {
        expect(external.map((t) => t.name)).toContain('embed_tokens');
        expect(external.every((t) => t.externalData!.some((e) => e.key === 'location' && e.value === `${GRAPHS[dtype]}_data`))).toBe(true);
      } else {
        expect(external).toEqual([]);
      }
      expect(new Set(model.graph!.node!.map((n) => n.opType)).has('MatMulNBits')).toBe(dtype === 'q4');
    });
  });

  it('makes transformers.js fetch exactly the side files that exist', async () => {
    env.localModelPath = `${TEST_MODELS_DIR}/`;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    for (const [dtype, file] of Object.entries(GRAPHS)) {
      const files = await ModelRegistry.get_model_files(folder, { dtype: dtype as GraphDtype });
      expect(files).toContain(`onnx/${file}`);
      expect(files.includes(`onnx/${file}_data`), file).toBe(FOLDERS[folder].externalData);
    }
  });

  it('is encoded by transformers.js and the worker exactly as by the reference BPE', async () => {
    env.localModelPath = `${TEST_MODELS_DIR}/`;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    const tokenizer = await AutoTokenizer.from_pretrained(folder);
    const text = { encode: (s: string) => tokenizer.encode(s, { add_special_tokens: false }) };
    const template = findPreset('dear-3b-ranknet')!.template;
    const layout = { bosId: tokenizer.bos_token_id!, queryMaxTokens: DEAR_QUERY_MAX_TOKENS, maxLength: expected[folder].maxLength };
    expect(layout.bosId).toBe(BOS_ID);
    for (const c of expected[folder].cases) {
      c.passages.forEach((p, i) => {
        const pair = encodeDearPair(text, formatQuery(template, c.query), formatPassage(template, p), layout);
        expect(pair.ids, `${c.name}[${i}]`).toEqual(c.inputIds[i]);
      });
    }
  });

  it('covers query truncation and passage truncation', () => {
    const rows = expected[folder].cases.flatMap((c) => c.inputIds);
    expect(rows.some((r) => r.indexOf(BOS_ID, 1) === 1 + DEAR_QUERY_MAX_TOKENS)).toBe(true);
    expect(rows.some((r) => r.length === expected[folder].maxLength)).toBe(true);
  });

  it('regenerates byte-identical files', async () => {
    const family = llamaFixtures.find((f) => f.name === folder)!;
    const again = await family.generate(familyRng(family));
    for (const [name, bytes] of Object.entries(again.graphs)) {
      expect(Buffer.compare(Buffer.from(bytes), readFileSync(join(dir(folder), 'onnx', name))), name).toBe(0);
    }
    expect(again.expected).toEqual(expected[folder]);
  });
});
