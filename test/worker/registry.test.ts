import { describe, expect, it } from 'vitest';
import { familyOfConfig } from '../../worker/families';
import { DEFAULT_PRESET_ID, PRESETS, dtypeCandidates, exportGuidance, findPreset, presetForUrl } from '../../worker/registry';
import { resolveModelSource } from '../../worker/resolve-model';

describe('registry', () => {
  it('lists the required presets with real hub ids, the default first; DeAR has none, since no export is published', () => {
    expect(PRESETS.map((p) => p.hubId)).toEqual([
      'Xenova/ms-marco-MiniLM-L-6-v2',
      'mixedbread-ai/mxbai-rerank-xsmall-v1',
      'jinaai/jina-reranker-v1-tiny-en',
      'Xenova/bge-reranker-base',
      undefined,
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

  it('gives each preset the one dtype its repository publishes, fp16 on WebGPU only with shader-f16', () => {
    const minilm = findPreset('ms-marco-minilm-l6')!;
    expect(dtypeCandidates(minilm, 'webgpu', true)).toEqual(['fp16']);
    expect(dtypeCandidates(minilm, 'webgpu', false)).toEqual(['fp32']);
    expect(dtypeCandidates(minilm, 'wasm', true)).toEqual(['q8']);
    const dear = findPreset('dear-3b-ranknet')!;
    expect(dtypeCandidates(dear, 'webgpu', true)).toEqual(['q4f16']);
    expect(dtypeCandidates(dear, 'webgpu', false)).toEqual(['q4']);
    expect(dtypeCandidates(dear, 'wasm', false)).toEqual(['q4']);
  });

  it('describes URL models by their family, capped by the config positions', () => {
    expect(familyOfConfig({ model_type: 'llama' })).toBe('llama-seq-cls');
    expect(familyOfConfig({ model_type: 'bert' })).toBe('cross-encoder');
    const bert = presetForUrl('/models/x', 'cross-encoder', 128);
    expect(bert).toMatchObject({ family: 'cross-encoder', maxLength: 128 });
    expect(presetForUrl('/models/y', 'llama-seq-cls').maxLength).toBe(228);
  });

  it('lets a cross-encoder that is not a preset prefer its 8-bit file on WASM and float32 on WebGPU', () => {
    const bert = presetForUrl('/models/x', 'cross-encoder');
    expect(dtypeCandidates(bert, 'wasm', false)).toEqual(['q8', 'fp32']);
    expect(dtypeCandidates(bert, 'webgpu', false)).toEqual(['fp32', 'q8']);
    expect(dtypeCandidates(bert, 'webgpu', true)).toEqual(['fp32', 'fp16', 'q8']);
    const llama = presetForUrl('/models/y', 'llama-seq-cls');
    expect(dtypeCandidates(llama, 'webgpu', true)).toEqual(['q4f16', 'q4']);
    expect(dtypeCandidates(llama, 'wasm', true)).toEqual(['q4']);
  });

  it('keeps what loads a real DeAR export: its family, template, length and dtypes', () => {
    const dear = findPreset('dear-3b-ranknet')!;
    expect(dear).toMatchObject({ family: 'llama-seq-cls', maxLength: 228, template: { query: 'query: {query}' } });
    expect(presetForUrl('/exports/dear', 'llama-seq-cls')).toMatchObject({
      template: dear.template,
      maxLength: 228,
      dtypes: { wasm: ['q4'] },
    });
  });

  it('guides a preset with no published export to the export scripts and the ways to load the result', () => {
    const guidance = exportGuidance(findPreset('dear-3b-ranknet')!)!;
    expect(guidance).toContain('abdoelsayed/dear-3b-reranker-ranknet-v1 holds PyTorch weights only');
    expect(guidance).toContain('scripts/export-dear');
    expect(guidance).toMatch(/URL.*hub id.*Load local folder/);
    expect(exportGuidance(findPreset(DEFAULT_PRESET_ID)!)).toBeNull();
  });

  it('refuses to resolve such a preset to any URL, answering with the guidance instead', () => {
    const thrown = (() => {
      try {
        resolveModelSource('dear-3b-ranknet', 'http://localhost:4173');
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toMatchObject({ name: 'InputError', message: exportGuidance(findPreset('dear-3b-ranknet')!) });
  });
});
