import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAMILIES, familyOfConfig, type FamilyId } from '../../worker/families';
import { crossEncoder } from '../../worker/families/cross-encoder';
import { llama } from '../../worker/families/llama';
import { MODELS } from '../../worker/families/models';
import { PRESETS, presetForUrl } from '../../worker/registry';

const ids = Object.keys(FAMILIES) as FamilyId[];

/** The modules `file` imports for their values (not `import type`), following relative paths through the tree. */
function valueImports(file: string, seen = new Set<string>()): Set<string> {
  const source = readFileSync(file, 'utf8');
  for (const [, specifier] of source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\sfrom\s+'([^']+)'/gm)) {
    if (!specifier!.startsWith('.')) {
      seen.add(specifier!);
      continue;
    }
    const base = resolve(dirname(file), specifier!);
    const target = [`${base}.ts`, join(base, 'index.ts')].find(existsSync);
    if (target && !seen.has(target)) {
      seen.add(target);
      valueImports(target, seen);
    }
  }
  return seen;
}

describe('the family table', () => {
  it('is keyed by each family module’s own id, and holds those modules', () => {
    expect(FAMILIES['cross-encoder']).toBe(crossEncoder);
    expect(FAMILIES['llama-seq-cls']).toBe(llama);
    for (const id of ids) expect(FAMILIES[id].id).toBe(id);
  });

  it('is the list presets and models are checked against', () => {
    for (const preset of PRESETS) expect(ids).toContain(preset.family);
    expect(Object.keys(MODELS).sort()).toEqual([...ids].sort());
  });

  it('picks a config’s family by the first rule that recognises it, the catch-all last', () => {
    expect(ids.at(-1)).toBe('cross-encoder');
    expect(crossEncoder.recognises({ model_type: 'llama' })).toBe(true);
    expect(llama.recognises({ model_type: 'bert' })).toBe(false);
    expect(familyOfConfig({ model_type: 'llama' })).toBe('llama-seq-cls');
    for (const modelType of ['bert', 'xlm-roberta', 'deberta-v2', 'bert-jina', undefined]) {
      expect(familyOfConfig({ model_type: modelType })).toBe('cross-encoder');
    }
  });

  it('gives a model that is not a preset its family module’s defaults', () => {
    for (const id of ids) {
      const { template, maxLength, dtypes, activation } = presetForUrl('/models/x', id);
      expect({ template, maxLength, dtypes, activation }).toEqual(FAMILIES[id].defaults);
    }
  });

  it('reaches no model code from registry.ts, so the page and the library entry never bundle transformers.js', () => {
    const reached = valueImports(resolve(__dirname, '../../worker/registry.ts'));
    expect([...reached].filter((m) => m.includes('@huggingface/transformers') || m.endsWith('-model.ts'))).toEqual([]);
    expect(reached).toContain(resolve(__dirname, '../../worker/families/index.ts'));
  });
});
