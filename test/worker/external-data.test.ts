import { describe, expect, it } from 'vitest';
import { checkExternalDataCount, MAX_EXTERNAL_DATA_FILES } from '../../worker/external-data';

const FOLDER = 'https://huggingface.co/owner/model/resolve/main/';
const withFormat = (format: unknown) => ({ 'transformers.js_config': { use_external_data_format: format } });

describe('checkExternalDataCount', () => {
  it('accepts what real exports declare: none, true, a count, or counts by graph', () => {
    for (const format of [undefined, false, true, 2, { 'model_q4f16.onnx': 2, model: 7 }, { 'model.onnx': MAX_EXTERNAL_DATA_FILES }])
      expect(() => checkExternalDataCount(withFormat(format), FOLDER)).not.toThrow();
    expect(() => checkExternalDataCount({}, FOLDER)).not.toThrow();
  });

  it('refuses 100,000 chunks with a sentence naming the limit, however they are declared', () => {
    expect(() => checkExternalDataCount(withFormat(100_000), FOLDER)).toThrow(
      `config.json of ${FOLDER} declares 100000 external-data files for model; at most 32 are accepted, so nothing was downloaded.`,
    );
    expect(() => checkExternalDataCount(withFormat({ 'model_q4.onnx': 1, 'model.onnx': 100_000 }), FOLDER)).toThrow(
      'declares 100000 external-data files for model.onnx',
    );
    expect(() => checkExternalDataCount(withFormat(MAX_EXTERNAL_DATA_FILES + 1), FOLDER)).toThrow('at most 32 are accepted');
  });

  it('refuses counts that are not whole numbers, which would otherwise make a list of no or endless files', () => {
    for (const bad of [-1, 1.5, 'many', 'Infinity'])
      expect(() => checkExternalDataCount(withFormat(bad), FOLDER), String(bad)).toThrow(/external-data files for model; at most 32/);
  });
});
