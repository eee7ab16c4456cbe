import { AutoModelForSequenceClassification, AutoTokenizer } from '@huggingface/transformers';
import type { EncodedPair, FamilyLoadOptions, FamilyModel, ScoringModel } from './types';
import { blame } from '../errors';
import { pairEncoder } from './pair-encoder';
import { int64Matrix, logitsOf } from './tensors';

/** Loads a cross-encoder (see cross-encoder.ts): the tokenizer's pair encoding, then one logit per pair. */
export const crossEncoderModel: FamilyModel = {
  async load({ source, device, dtype, maxLength, onProgress }: FamilyLoadOptions): Promise<ScoringModel> {
    // Side by side: the graph's download need not wait for the tokenizer's.
    const [tokenizer, model] = await Promise.all([
      blame('tokenizer.json', () => AutoTokenizer.from_pretrained(source, { progress_callback: onProgress })),
      AutoModelForSequenceClassification.from_pretrained(source, { device, dtype, progress_callback: onProgress }),
    ]);
    const encodePair = await blame('tokenizer.json', () => pairEncoder(tokenizer, maxLength));
    const padId = tokenizer.pad_token_id ?? 0;

    return {
      encodePair,
      async score(rows: EncodedPair[], padTo = 0): Promise<Float32Array> {
        const width = Math.max(padTo, ...rows.map((r) => r.ids.length));
        const output = await model({
          input_ids: int64Matrix(
            rows.map((r) => r.ids),
            width,
            padId,
          ),
          attention_mask: int64Matrix(
            rows.map((r) => r.ids.map(() => 1)),
            width,
            0,
          ),
          token_type_ids: int64Matrix(
            rows.map((r) => r.typeIds ?? r.ids.map(() => 0)),
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
