/**
 * The engine's tokenization and batching, replayed in Node for the native (onnxruntime-node)
 * rows: transformers.js's AutoTokenizer reads the same tokenizer.json, pairs go through the
 * engine's own pure modules (template.ts, pair-layout.ts, dear-encoding.ts, batching.ts), and the
 * engine's batching constants are read from worker/engine.ts so they cannot drift apart.
 * The browser scores are compared against the native ones in every run, which checks that the
 * two sides fed the graph the same ids.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { fixedBatches, planBatches } from '../worker/batching';
import { DEAR_QUERY_MAX_TOKENS, encodeDearPair } from '../worker/families/dear-encoding';
import { assemblePair, learnPairLayout, truncateLongestFirst, type PostProcessorLike } from '../worker/families/pair-layout';
import type { EncodedPair } from '../worker/families/types';
import { presetForUrl, type Preset } from '../worker/registry';
import { formatPassage, formatQuery } from '../worker/template';
import { REPO_ROOT } from './data';
import { TEST_MODELS_DIR } from './models';

export interface EngineConstants {
  tokenBudget: number;
  /** Most rows per dynamic batch, by device (one number in older engines, then the same for both). */
  defaultMaxRows: { wasm: number; webgpu: number };
  fixedBatchRows: number;
}

/** TOKEN_BUDGET, DEFAULT_MAX_ROWS and FIXED_BATCH_ROWS as worker/engine.ts currently defines them. */
export function engineConstants(): EngineConstants {
  const source = readFileSync(join(REPO_ROOT, 'worker/engine.ts'), 'utf8');
  const missing = (name: string) => new Error(`worker/engine.ts no longer defines ${name} as bench/encode.ts expects; update engineConstants()`);
  const read = (name: string) => {
    const m = new RegExp(`const ${name}\\s*(?::\\s*number)?\\s*=\\s*([\\d_]+)`).exec(source);
    if (!m) throw missing(name);
    return Number(m[1]!.replace(/_/g, ''));
  };
  let defaultMaxRows: EngineConstants['defaultMaxRows'];
  const perDevice = /const DEFAULT_MAX_ROWS[^=]*=\s*\{([^}]*)\}/.exec(source);
  if (perDevice) {
    const of = (device: string) => {
      const m = new RegExp(`${device}\\s*:\\s*(\\d+)`).exec(perDevice[1]!);
      if (!m) throw missing(`DEFAULT_MAX_ROWS.${device}`);
      return Number(m[1]);
    };
    defaultMaxRows = { wasm: of('wasm'), webgpu: of('webgpu') };
  } else {
    const rows = read('DEFAULT_MAX_ROWS');
    defaultMaxRows = { wasm: rows, webgpu: rows };
  }
  return { tokenBudget: read('TOKEN_BUDGET'), defaultMaxRows, fixedBatchRows: read('FIXED_BATCH_ROWS') };
}

export type Batching = 'dynamic' | 'fixed';

/** The engine's batch plan for WASM (the device the native rows stand beside); `batchSize` as RerankOptions.batchSize. */
export function planFor(lengths: number[], batching: Batching, c: EngineConstants, batchSize?: number): number[][] {
  return batching === 'fixed'
    ? fixedBatches(lengths.length, batchSize ?? c.fixedBatchRows)
    : planBatches(lengths, { maxRows: batchSize ?? c.defaultMaxRows.wasm, tokenBudget: c.tokenBudget });
}

export interface NodeEncoder {
  preset: Preset;
  encode(query: string, passages: string[]): EncodedPair[];
}

export async function nodeEncoder(model: string, family: Preset['family'], maxPositions?: number): Promise<NodeEncoder> {
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = TEST_MODELS_DIR + '/';
  const tokenizer = (await AutoTokenizer.from_pretrained(model)) as PreTrainedTokenizer;
  const preset = presetForUrl(`/models/test/${model}`, family, maxPositions);
  const text = (s: string) => tokenizer.encode(s, { add_special_tokens: false });
  let encodePair: (q: string, p: string) => EncodedPair;
  if (family === 'cross-encoder') {
    const inner = (tokenizer as unknown as { _tokenizer: { post_processor: PostProcessorLike } })._tokenizer;
    const layout = learnPairLayout(inner.post_processor, (tokens) => tokenizer.convert_tokens_to_ids(tokens));
    encodePair = (q, p) => {
      const a = text(q);
      const b = text(p);
      const [na, nb] = truncateLongestFirst(a.length, b.length, preset.maxLength - layout.specialCount);
      const { ids, typeIds } = assemblePair(layout, a.slice(0, na), b.slice(0, nb));
      return { ids, typeIds, truncated: na < a.length || nb < b.length };
    };
  } else {
    const bosId = tokenizer.bos_token_id;
    if (bosId === undefined || bosId === null) throw new Error('no BOS token');
    const layout = { bosId, queryMaxTokens: DEAR_QUERY_MAX_TOKENS, maxLength: preset.maxLength };
    encodePair = (q, p) => encodeDearPair({ encode: text }, q, p, layout);
  }
  return {
    preset,
    encode(query, passages) {
      const q = formatQuery(preset.template, query);
      return passages.map((p) => encodePair(q, formatPassage(preset.template, p)));
    },
  };
}
