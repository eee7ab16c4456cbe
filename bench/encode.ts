/**
 * The engine's tokenization and batching, replayed in Node for the native (onnxruntime-node)
 * rows: transformers.js's AutoTokenizer reads the same tokenizer.json, pairs go through the
 * engine's own pure modules (template.ts, pair-layout.ts, dear-encoding.ts), and batches come from
 * the engine's own `batchPlan`, so the two sides cannot drift apart.
 * The browser scores are compared against the native ones in every run, which checks that the
 * two sides fed the graph the same ids.
 */
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { DEAR_QUERY_MAX_TOKENS, encodeDearPair } from '../worker/families/dear-encoding';
import { assemblePair, learnPairLayout, truncateLongestFirst, type PostProcessorLike } from '../worker/families/pair-layout';
import type { RerankOptions } from '../worker/api';
import type { EncodedPair } from '../worker/families/types';
import { presetForUrl, type Preset } from '../worker/registry';
import { formatPassage, formatQuery } from '../worker/template';
import { TEST_MODELS_DIR } from './models';

export type Batching = NonNullable<RerankOptions['batching']>;

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
