import type { Family } from './types';

/** Llama-based rerankers exported as LlamaForSequenceClassification by scripts/export-dear (DeAR). */
export const llama: Family<'llama-seq-cls'> = {
  id: 'llama-seq-cls',
  recognises: (config) => config.model_type === 'llama',
  defaults: {
    // The DeAR authors' input format: an empty title leaves two spaces after `document:`, and the reference scores depend on it.
    template: { query: 'query: {query}', passage: 'document: {title} {text}' },
    // The length DeAR was trained at.
    maxLength: 228,
    // What scripts/export-dear publishes: 4-bit weights, with float16 activations where the adapter can run them.
    dtypes: { webgpu: ['q4'], webgpuF16: ['q4f16', 'q4'], wasm: ['q4'] },
    activation: 'sigmoid',
  },
};
