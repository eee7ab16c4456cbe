import { AutoModelForSequenceClassification, AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import type { EncodedPair, Family, FamilyLoadOptions, ScoringModel } from './types';
import { assemblePair, learnPairLayout, truncateLongestFirst, type PostProcessorLike } from './pair-layout';
import { blame } from '../load-failure';
import { int64Matrix, logitsOf } from './tensors';

/** BERT-style rerankers: `[CLS] query [SEP] passage [SEP]` (or the tokenizer's own pair template) → one logit. */
export const crossEncoderFamily: Family = {
  id: 'cross-encoder',
  async load({ source, device, dtype, maxLength, onProgress }: FamilyLoadOptions): Promise<ScoringModel> {
    const tokenizer = await blame('tokenizer.json', AutoTokenizer.from_pretrained(source, { progress_callback: onProgress }));
    const model = await AutoModelForSequenceClassification.from_pretrained(source, {
      device,
      dtype,
      progress_callback: onProgress,
    });
    const inner = (tokenizer as unknown as { _tokenizer: { post_processor: PostProcessorLike | null } })._tokenizer;
    if (!inner.post_processor) throw new Error('The tokenizer has no post-processor, so it cannot encode text pairs.');
    const layout = learnPairLayout(inner.post_processor, (tokens) => tokenizer.convert_tokens_to_ids(tokens));
    const padId = tokenizer.pad_token_id ?? 0;
    const encode = (text: string) => (tokenizer as PreTrainedTokenizer).encode(text, { add_special_tokens: false });

    return {
      encodePair(query: string, passage: string): EncodedPair {
        const a = encode(query);
        const b = encode(passage);
        const [na, nb] = truncateLongestFirst(a.length, b.length, maxLength - layout.specialCount);
        const { ids, typeIds } = assemblePair(layout, a.slice(0, na), b.slice(0, nb));
        return { ids, typeIds, truncated: na < a.length || nb < b.length };
      },
      async score(rows: EncodedPair[], padTo = 0): Promise<Float32Array> {
        const width = Math.max(padTo, ...rows.map((r) => r.ids.length));
        const output = await model({
          input_ids: int64Matrix(rows.map((r) => r.ids), width, padId),
          attention_mask: int64Matrix(rows.map((r) => r.ids.map(() => 1)), width, 0),
          token_type_ids: int64Matrix(rows.map((r) => r.typeIds ?? r.ids.map(() => 0)), width, 0),
        });
        return logitsOf(output);
      },
      async dispose() {
        await model.dispose();
      },
    };
  },
};
