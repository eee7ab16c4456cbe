import type { Family } from './types';

/** BERT-style rerankers: `[CLS] query [SEP] passage [SEP]` (or the tokenizer's own pair template) → one logit. */
export const crossEncoder: Family<'cross-encoder'> = {
  id: 'cross-encoder',
  // The catch-all: transformers.js's AutoModelForSequenceClassification picks the class for each
  // encoder architecture (BERT, XLM-RoBERTa, DeBERTa-v2, JinaBERT), so whatever no other family claims loads here.
  recognises: () => true,
  defaults: {
    template: { query: '{query}', passage: '{title} {text}', passageNoTitle: '{text}' },
    maxLength: 512,
    // On WASM the 8-bit file, a quarter of the float32 download; on WebGPU float32, and float16
    // only where the adapter has `shader-f16`, without which it cannot run.
    dtypes: { webgpu: ['fp32', 'q8'], webgpuF16: ['fp32', 'fp16', 'q8'], wasm: ['q8', 'fp32'] },
    activation: 'sigmoid',
  },
};
