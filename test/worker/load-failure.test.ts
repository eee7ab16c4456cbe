import { describe, expect, it } from 'vitest';
import { FileError } from '../../worker/errors';
import { describeLoadFailure, isFileProblem } from '../../worker/load-failure';
import { resolveModelSource } from '../../worker/resolve-model';

const page = 'http://localhost:4173';
const hub = resolveModelSource('ms-marco-minilm-l6', page);
const folder = resolveModelSource('/models/test/broken', page);

describe('describeLoadFailure', () => {
  it('names the file whose host could not be reached, not the graph the load was after, and says what to do', () => {
    const url = 'https://huggingface.co/Xenova/ms-marco-MiniLM-L-6-v2/resolve/main/tokenizer_config.json';
    const message = describeLoadFailure(new TypeError('Failed to fetch'), { url, kind: 'unreachable' }, hub, 'onnx/model_quantized.onnx');
    expect(message).toMatch(
      /^tokenizer_config\.json could not be downloaded: the model host https:\/\/huggingface\.co could not be reached/,
    );
    expect(message).toMatch(/offline/);
    expect(message).toMatch(/Retry .* or load the model from a local folder/);
    expect(message).not.toContain('model_quantized');
  });
  it('says a host that answered without CORS headers refused this page, and a 429 that the host is limiting requests', () => {
    const url = 'https://huggingface.co/Xenova/ms-marco-MiniLM-L-6-v2/resolve/main/config.json';
    const refused = describeLoadFailure(new TypeError('Failed to fetch'), { url, kind: 'denied' }, hub, 'onnx/model.onnx');
    expect(refused).toMatch(
      /^config\.json could not be downloaded: the model host https:\/\/huggingface\.co answered but refused this page/,
    );
    expect(refused).not.toMatch(/offline/);
    const limited = describeLoadFailure(new Error('Error (429) occurred while trying to load file'), { url, kind: 'limited' }, hub, 'x');
    expect(limited).toBe(
      'config.json could not be downloaded: the model host https://huggingface.co is limiting requests (429 Too Many Requests). Retry in a minute.',
    );
  });
  it('says a silent host did not answer', () => {
    const url = 'http://localhost:4173/models/test/broken/config.json';
    expect(describeLoadFailure(new Error('aborted'), { url, kind: 'timeout' }, folder, 'onnx/model.onnx')).toMatch(
      /^config\.json .* did not answer within a minute/,
    );
  });
  it("names a missing file from transformers.js's 404 message, relative to the model folder", () => {
    const error = Object.assign(new Error('Could not locate file: "http://localhost:4173/models/test/broken/onnx/model.onnx_data".'), {
      status: 404,
    });
    expect(describeLoadFailure(error, null, folder, 'onnx/model.onnx')).toBe(
      'onnx/model.onnx_data is missing from http://localhost:4173/models/test/broken.',
    );
    expect(isFileProblem(error, null)).toBe(true);
  });
  it('blames the file a family pinned the failure on', () => {
    const error = new FileError('tokenizer.json', new SyntaxError('Unexpected token } in JSON'));
    expect(describeLoadFailure(error, null, folder, 'onnx/model.onnx')).toBe(
      'tokenizer.json from http://localhost:4173/models/test/broken could not be loaded: Unexpected token } in JSON',
    );
    expect(isFileProblem(error, null)).toBe(true);
  });
  it('says which operator a graph needs that the runtime has no kernel for, and the way round it', () => {
    const error = new Error(
      "Can't create a session. ERROR_CODE: 9, ERROR_MESSAGE: Could not find an implementation for GatherBlockQuantized(1) node with name '/GatherBlockQuantized_0'",
    );
    expect(describeLoadFailure(error, null, folder, 'onnx/model_q4.onnx')).toBe(
      "onnx/model_q4.onnx from http://localhost:4173/models/test/broken uses the operator GatherBlockQuantized, which this browser's ONNX Runtime cannot run on WASM. " +
        'Load it on WebGPU, or use an export without GatherBlockQuantized (for DeAR, quantize.py without --embedding-4bit).',
    );
    expect(isFileProblem(error, null)).toBe(false);
  });
  it('falls back to the graph file for failures inside the runtime', () => {
    const error = new Error('failed to create session');
    expect(describeLoadFailure(error, null, folder, 'onnx/model.onnx')).toMatch(
      /^onnx\/model\.onnx from .* could not be loaded: failed to create session$/,
    );
    expect(isFileProblem(error, null)).toBe(false);
  });
});
