import type { Device, Dtype } from './api';
import { FAMILIES, type FamilyId } from './families';
import type { FamilyDefaults } from './families/types';

/** How to make the ONNX export a preset needs, when nobody has published one. */
export interface ExportGuide {
  /** The official repository, which holds PyTorch weights only. */
  upstream: string;
  /** This project's export scripts, whose README says how to run them. */
  scripts: string;
}

interface PresetSettings extends FamilyDefaults {
  id: string;
  label: string;
  family: FamilyId;
  /** Approximate download of the default dtype, shown before loading. */
  approxDownloadMB: number;
  /** Shown next to the preset in the UI. */
  note?: string;
}

/** A preset downloads from its hub id, or, with no export published, explains how to make one. */
export type Preset = PresetSettings & ({ hubId: string; exportGuide?: never } | { hubId?: never; exportGuide: ExportGuide });

const crossEncoderTemplate = FAMILIES['cross-encoder'].defaults.template;
const dearTemplate = FAMILIES['llama-seq-cls'].defaults.template;

export const PRESETS: readonly Preset[] = [
  {
    id: 'ms-marco-minilm-l6',
    label: 'MS MARCO MiniLM-L6 (cross-encoder)',
    hubId: 'Xenova/ms-marco-MiniLM-L-6-v2',
    family: 'cross-encoder',
    template: crossEncoderTemplate,
    maxLength: 512,
    dtypes: { webgpu: ['fp32'], webgpuF16: ['fp16'], wasm: ['q8'] },
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
    dtypes: { webgpu: ['fp32'], webgpuF16: ['fp16'], wasm: ['q8'] },
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
    dtypes: { webgpu: ['fp32'], webgpuF16: ['fp16'], wasm: ['q8'] },
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
    dtypes: { webgpu: ['fp32'], webgpuF16: ['fp16'], wasm: ['q8'] },
    activation: 'sigmoid',
    approxDownloadMB: 280,
  },
  {
    id: 'dear-3b-ranknet',
    label: 'DeAR-3B RankNet (Llama 3.2 3B)',
    // Nobody publishes an ONNX export, so the user makes one and loads it by URL, hub id or folder.
    exportGuide: { upstream: 'abdoelsayed/dear-3b-reranker-ranknet-v1', scripts: 'scripts/export-dear' },
    family: 'llama-seq-cls',
    template: dearTemplate,
    maxLength: 228,
    dtypes: { webgpu: ['q4'], webgpuF16: ['q4f16'], wasm: ['q4'] },
    activation: 'sigmoid',
    approxDownloadMB: 2000,
    note: 'Weights are about 2 GB. Needs a WebGPU adapter with shader-f16 to be practical; on WASM it is impractically slow.',
  },
];

export const DEFAULT_PRESET_ID = 'ms-marco-minilm-l6';

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id || p.hubId === id);
}

/** What to do instead of loading a preset that has no published export; null for the others. */
export function exportGuidance(preset: Preset): string | null {
  if (!preset.exportGuide) return null;
  const { upstream, scripts } = preset.exportGuide;
  return (
    `No ONNX export of ${preset.label} is published: ${upstream} holds PyTorch weights only. ` +
    `Make one with ${scripts} (its README says how: export.py, quantize.py, verify.py), then load the export ` +
    'by the URL of its folder (?model=https://…), by the hub id you uploaded it to (owner/name), ' +
    'or from disk with Load local folder….'
  );
}

/** A preset-shaped description of a model loaded from a URL, using its family's defaults. */
export function presetForUrl(url: string, family: FamilyId, maxPositions?: number): Preset {
  const { defaults } = FAMILIES[family];
  const maxLength = maxPositions ? Math.min(defaults.maxLength, maxPositions) : defaults.maxLength;
  return { ...defaults, family, id: url, label: url, hubId: url, maxLength, approxDownloadMB: 0 };
}

export function dtypeCandidates(preset: Preset, device: Device, shaderF16: boolean): readonly Dtype[] {
  if (device === 'wasm') return preset.dtypes.wasm;
  return shaderF16 && preset.dtypes.webgpuF16 ? preset.dtypes.webgpuF16 : preset.dtypes.webgpu;
}

const FILE_SUFFIX: Record<Dtype, string> = { fp32: '', fp16: '_fp16', q8: '_quantized', q4: '_q4', q4f16: '_q4f16' };

/** The graph file transformers.js fetches for a dtype, for messages that name it. */
export function modelFileName(dtype: Dtype): string {
  return `onnx/model${FILE_SUFFIX[dtype]}.onnx`;
}

/**
 * The external-data files transformers.js requests with a dtype's graph, named as it names them
 * (utils/model-loader.js: `resolveExternalDataFormat`, `getExternalDataChunkNames`):
 * `use_external_data_format` is a count, `true` for one, or a map by graph file (`model_q4.onnx`)
 * or session name (`model`).
 */
export function externalDataFiles(config: object, dtype: Dtype): string[] {
  const format = (config as { 'transformers.js_config'?: { use_external_data_format?: unknown } })['transformers.js_config']
    ?.use_external_data_format;
  const graph = modelFileName(dtype);
  const byFile = format && typeof format === 'object' ? (format as Record<string, unknown>) : null;
  const entry = byFile ? (byFile[graph.slice('onnx/'.length)] ?? byFile['model']) : format;
  const count = Number(entry ?? 0) || 0;
  return Array.from({ length: count }, (_, i) => `${graph}_data${i === 0 ? '' : `_${i}`}`);
}
