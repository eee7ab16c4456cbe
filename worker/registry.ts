import type { Device, Dtype } from './api';

/** How a query and a passage become the two texts the model sees. `{query}`, `{title}` and `{text}` are filled in. */
export interface Template {
  query: string;
  passage: string;
  /** Used instead of `passage` when the passage has no title; absent means `passage` is used with an empty title. */
  passageNoTitle?: string;
}

export interface DtypeChoice {
  /** Used on WebGPU when the adapter lacks `shader-f16`. */
  webgpu: Dtype;
  /** Used on WebGPU when the adapter has `shader-f16`. */
  webgpuF16?: Dtype;
  wasm: Dtype;
}

export type Activation = 'sigmoid' | 'identity';

export interface Preset {
  id: string;
  label: string;
  /** Hugging Face hub id the user's browser downloads from. */
  hubId: string;
  /** Key into `families/index.ts`. */
  family: 'cross-encoder' | 'llama-seq-cls';
  template: Template;
  maxLength: number;
  dtypes: DtypeChoice;
  activation: Activation;
  /** Approximate download of the default dtype, shown before loading. */
  approxDownloadMB: number;
  /** Shown next to the preset in the UI. */
  note?: string;
  /** The largest single weight tensor on WebGPU, which must fit the adapter's buffer limits. */
  largestBufferMB?: number;
}

const crossEncoderTemplate: Template = { query: '{query}', passage: '{title} {text}', passageNoTitle: '{text}' };

/** The DeAR authors' input format: an empty title leaves two spaces after `document:`, and the reference scores depend on it. */
const dearTemplate: Template = { query: 'query: {query}', passage: 'document: {title} {text}' };

export const PRESETS: readonly Preset[] = [
  {
    id: 'ms-marco-minilm-l6',
    label: 'MS MARCO MiniLM-L6 (cross-encoder)',
    hubId: 'Xenova/ms-marco-MiniLM-L-6-v2',
    family: 'cross-encoder',
    template: crossEncoderTemplate,
    maxLength: 512,
    dtypes: { webgpu: 'fp32', webgpuF16: 'fp16', wasm: 'q8' },
    activation: 'sigmoid',
    approxDownloadMB: 23,
  },
  {
    id: 'mxbai-rerank-xsmall',
    label: 'mxbai-rerank-xsmall-v1',
    hubId: 'mixedbread-ai/mxbai-rerank-xsmall-v1',
    family: 'cross-encoder',
    template: crossEncoderTemplate,
    maxLength: 512,
    dtypes: { webgpu: 'fp32', webgpuF16: 'fp16', wasm: 'q8' },
    activation: 'sigmoid',
    approxDownloadMB: 87,
  },
  {
    id: 'jina-reranker-v1-tiny',
    label: 'jina-reranker-v1-tiny-en',
    hubId: 'jinaai/jina-reranker-v1-tiny-en',
    family: 'cross-encoder',
    template: crossEncoderTemplate,
    maxLength: 1024,
    dtypes: { webgpu: 'fp32', webgpuF16: 'fp16', wasm: 'q8' },
    activation: 'sigmoid',
    approxDownloadMB: 33,
  },
  {
    id: 'bge-reranker-base',
    label: 'BGE reranker base',
    hubId: 'Xenova/bge-reranker-base',
    family: 'cross-encoder',
    template: crossEncoderTemplate,
    maxLength: 512,
    dtypes: { webgpu: 'fp32', webgpuF16: 'fp16', wasm: 'q8' },
    activation: 'sigmoid',
    approxDownloadMB: 280,
  },
  {
    id: 'dear-3b-ranknet',
    label: 'DeAR-3B RankNet (Llama 3.2 3B)',
    // An ONNX export made with scripts/export-dear and published by a user; override with ?model=<url>.
    hubId: 'abdoelsayed/dear-3b-reranker-ranknet-v1-onnx',
    family: 'llama-seq-cls',
    template: dearTemplate,
    maxLength: 228,
    dtypes: { webgpu: 'q4', webgpuF16: 'q4f16', wasm: 'q4' },
    activation: 'sigmoid',
    approxDownloadMB: 2000,
    // The 128256 × 3072 embedding table in fp16.
    largestBufferMB: 788,
    note: 'Weights are about 2 GB. Needs a WebGPU adapter with shader-f16 to be practical; on WASM it is impractically slow.',
  },
];

export const DEFAULT_PRESET_ID = 'ms-marco-minilm-l6';

/** Settings for a model given by URL: its family's defaults, since a URL carries no preset. */
const FAMILY_DEFAULTS: Record<Preset['family'], Omit<Preset, 'id' | 'label' | 'hubId' | 'approxDownloadMB'>> = {
  'cross-encoder': {
    family: 'cross-encoder',
    template: crossEncoderTemplate,
    maxLength: 512,
    dtypes: { webgpu: 'fp32', wasm: 'fp32' },
    activation: 'sigmoid',
  },
  'llama-seq-cls': {
    family: 'llama-seq-cls',
    template: dearTemplate,
    maxLength: 228,
    dtypes: { webgpu: 'q4', webgpuF16: 'q4f16', wasm: 'q4' },
    activation: 'sigmoid',
  },
};

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id || p.hubId === id);
}

/** The family a Hugging Face `config.json` belongs to, by its model_type. */
export function familyOfConfig(config: { model_type?: unknown }): Preset['family'] {
  return config.model_type === 'llama' ? 'llama-seq-cls' : 'cross-encoder';
}

/** A preset-shaped description of a model loaded from a URL, using its family's defaults. */
export function presetForUrl(url: string, family: Preset['family'], maxPositions?: number): Preset {
  const defaults = FAMILY_DEFAULTS[family];
  const maxLength = maxPositions ? Math.min(defaults.maxLength, maxPositions) : defaults.maxLength;
  return { ...defaults, id: url, label: url, hubId: url, maxLength, approxDownloadMB: 0 };
}

export function dtypeFor(preset: Preset, device: Device, shaderF16: boolean): Dtype {
  if (device === 'wasm') return preset.dtypes.wasm;
  return shaderF16 && preset.dtypes.webgpuF16 ? preset.dtypes.webgpuF16 : preset.dtypes.webgpu;
}

const FILE_SUFFIX: Record<Dtype, string> = { fp32: '', fp16: '_fp16', q8: '_quantized', q4: '_q4', q4f16: '_q4f16' };

/** The graph file transformers.js fetches for a dtype, for messages that name it. */
export function modelFileName(dtype: Dtype): string {
  return `onnx/model${FILE_SUFFIX[dtype]}.onnx`;
}
