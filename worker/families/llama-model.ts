import { AutoConfig, AutoTokenizer, LlamaModel, type PretrainedConfig } from '@huggingface/transformers';
import type { EncodedPair, FamilyLoadOptions, FamilyModel, ScoringModel } from './types';
import { DEAR_QUERY_MAX_TOKENS, batchWidth, encodeDearPair, type PaddingMode } from './dear-encoding';
import { FileError, blame } from '../errors';
import { int64Matrix, logitsOf } from './tensors';

/**
 * What scripts/export-dear records in config.json under `reranker`: where the graph reads the
 * score and which id pads a row. Scores depend on both, so a config without them is refused.
 */
interface RerankerConfig {
  padding: PaddingMode;
  pad_id: number;
  /** The length the model was trained at; with `pad_to_max_length` every row must be exactly this wide. */
  max_length: number;
}

function readRerankerConfig(config: PretrainedConfig): RerankerConfig {
  const r = (config as unknown as { reranker?: Partial<RerankerConfig> }).reranker;
  if (
    !r ||
    (r.padding !== 'last_token' && r.padding !== 'pad_to_max_length') ||
    typeof r.pad_id !== 'number' ||
    typeof r.max_length !== 'number'
  ) {
    throw new FileError(
      'config.json',
      'config.json has no valid "reranker" block ({ padding, pad_id, max_length }); export the model with scripts/export-dear.',
    );
  }
  return { padding: r.padding, pad_id: r.pad_id, max_length: r.max_length };
}

/**
 * Llama-based rerankers exported as LlamaForSequenceClassification (DeAR): one logit per pair.
 * transformers.js has no Llama sequence-classification class, but its `LlamaModel` runs any
 * one-session Llama graph without a KV cache and returns the graph's outputs, so the export's
 * `logits` come back as-is.
 * External data needs nothing here: the export lists the side files per graph in
 * config["transformers.js_config"].use_external_data_format, which transformers.js reads itself.
 */
export const llamaModel: FamilyModel = {
  async load({ source, device, dtype, maxLength, onProgress }: FamilyLoadOptions): Promise<ScoringModel> {
    const config = await AutoConfig.from_pretrained(source, { progress_callback: onProgress });
    const reranker = readRerankerConfig(config);
    if (reranker.padding === 'pad_to_max_length' && reranker.max_length !== maxLength) {
      throw new Error(
        `This model reads its score at position ${reranker.max_length - 1}, so it must run at maxLength ${reranker.max_length}, not ${maxLength}.`,
      );
    }
    const [tokenizer, model] = await Promise.all([
      blame('tokenizer.json', () => AutoTokenizer.from_pretrained(source, { progress_callback: onProgress })),
      LlamaModel.from_pretrained(source, { config, device, dtype, progress_callback: onProgress }),
    ]);
    const bosId = tokenizer.bos_token_id;
    if (bosId === undefined || bosId === null) throw new Error('The tokenizer has no BOS token.');
    const text = { encode: (s: string) => tokenizer.encode(s, { add_special_tokens: false }) };
    const layout = { bosId, queryMaxTokens: DEAR_QUERY_MAX_TOKENS, maxLength };

    return {
      encodePair(query: string, passage: string): EncodedPair {
        return encodeDearPair(text, query, passage, layout);
      },
      async score(rows: EncodedPair[], padTo = 0): Promise<Float32Array> {
        // Dynamic padding (width = longest row) is safe only because a `last_token` graph pools at
        // sum(attention_mask) - 1: causal attention keeps every real token blind to the padding after it.
        const width = batchWidth(
          rows.map((r) => r.ids.length),
          reranker.padding,
          maxLength,
          padTo,
        );
        const ids = rows.map((r) => r.ids);
        // position_ids = 0..width-1 on every row, padding included, as Hugging Face uses when none are
        // passed; transformers.js would otherwise fill in cumsum(mask) - 1 with padding set to 1, which
        // changes a `pad_to_max_length` score read at a padding position. A graph without the input
        // never sees it (transformers.js feeds a session only the inputs it declares).
        const positions = Array.from({ length: width }, (_, i) => i);
        const output = await model({
          input_ids: int64Matrix(ids, width, reranker.pad_id),
          attention_mask: int64Matrix(
            ids.map((r) => r.map(() => 1)),
            width,
            0,
          ),
          position_ids: int64Matrix(
            ids.map(() => positions),
            width,
            0,
          ),
        });
        return logitsOf(output);
      },
      async dispose() {
        await model.dispose();
      },
    };
  },
};
