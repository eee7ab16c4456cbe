import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET_ID, PRESETS, dtypeFor, familyOfConfig, findPreset, presetForUrl } from '../../worker/registry';

describe('registry', () => {
  it('lists the required presets with real hub ids, the default first', () => {
    expect(PRESETS.map((p) => p.hubId)).toEqual([
      'Xenova/ms-marco-MiniLM-L-6-v2',
      'mixedbread-ai/mxbai-rerank-xsmall-v1',
      'jinaai/jina-reranker-v1-tiny-en',
      'Xenova/bge-reranker-base',
      'abdoelsayed/dear-3b-reranker-ranknet-v1-onnx',
    ]);
    expect(findPreset(DEFAULT_PRESET_ID)?.hubId).toBe('Xenova/ms-marco-MiniLM-L-6-v2');
  });

  it('has unique ids and sane lengths', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    for (const p of PRESETS) expect(p.maxLength).toBeGreaterThan(0);
  });

  it('finds a preset by id or by hub id', () => {
    expect(findPreset('bge-reranker-base')?.hubId).toBe('Xenova/bge-reranker-base');
    expect(findPreset('Xenova/bge-reranker-base')?.id).toBe('bge-reranker-base');
    expect(findPreset('nope')).toBeUndefined();
  });

  it('uses fp16 variants on WebGPU only when the adapter has shader-f16', () => {
    const minilm = findPreset('ms-marco-minilm-l6')!;
    expect(dtypeFor(minilm, 'webgpu', true)).toBe('fp16');
    expect(dtypeFor(minilm, 'webgpu', false)).toBe('fp32');
    expect(dtypeFor(minilm, 'wasm', true)).toBe('q8');
    const dear = findPreset('dear-3b-ranknet')!;
    expect(dtypeFor(dear, 'webgpu', true)).toBe('q4f16');
    expect(dtypeFor(dear, 'webgpu', false)).toBe('q4');
    expect(dtypeFor(dear, 'wasm', false)).toBe('q4');
  });

  it('describes URL models by their family, capped by the config positions', () => {
    expect(familyOfConfig({ model_type: 'llama' })).toBe('llama-seq-cls');
    expect(familyOfConfig({ model_type: 'bert' })).toBe('cross-encoder');
    const bert = presetForUrl('/models/x', 'cross-encoder', 128);
    expect(bert).toMatchObject({ family: 'cross-encoder', maxLength: 128, dtypes: { wasm: 'fp32' } });
    expect(presetForUrl('/models/y', 'llama-seq-cls').maxLength).toBe(228);
  });
});
