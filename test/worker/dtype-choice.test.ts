import { describe, expect, it } from 'vitest';
import { chooseDtype } from '../../worker/dtype-choice';

/** A folder publishing `files`, recording which ones were asked about. */
function folder(files: string[]) {
  const asked: string[] = [];
  const publishes = async (file: string) => {
    asked.push(file);
    return files.includes(file);
  };
  return { asked, publishes };
}

describe('chooseDtype', () => {
  it('takes the quantized graph when the folder has it, asking about nothing else', async () => {
    const f = folder(['onnx/model.onnx', 'onnx/model_quantized.onnx']);
    expect(await chooseDtype(['q8', 'fp32'], f.publishes)).toBe('q8');
    expect(f.asked).toEqual(['onnx/model_quantized.onnx']);
  });

  it('falls back to model.onnx when there is no quantized graph', async () => {
    const f = folder(['onnx/model.onnx']);
    expect(await chooseDtype(['q8', 'fp32'], f.publishes)).toBe('fp32');
    expect(f.asked).toEqual(['onnx/model_quantized.onnx', 'onnx/model.onnx']);
  });

  it('on WebGPU with shader-f16 takes fp32 first and fp16 only without it', async () => {
    expect(await chooseDtype(['fp32', 'fp16', 'q8'], folder(['onnx/model.onnx', 'onnx/model_fp16.onnx']).publishes)).toBe('fp32');
    expect(await chooseDtype(['fp32', 'fp16', 'q8'], folder(['onnx/model_fp16.onnx', 'onnx/model_quantized.onnx']).publishes)).toBe('fp16');
  });

  it('answers null when the folder has none of the graphs', async () => {
    const f = folder(['onnx/model_q4.onnx']);
    expect(await chooseDtype(['q8', 'fp32'], f.publishes)).toBeNull();
    expect(f.asked).toEqual(['onnx/model_quantized.onnx', 'onnx/model.onnx']);
  });

  it('takes a single candidate without a request', async () => {
    const f = folder([]);
    expect(await chooseDtype(['q8'], f.publishes)).toBe('q8');
    expect(f.asked).toEqual([]);
  });

  it('passes on a failed check rather than guessing', async () => {
    await expect(chooseDtype(['q8', 'fp32'], () => Promise.reject(new Error('offline')))).rejects.toThrow('offline');
  });

  it('passes over a graph it cannot ask about for a later one known to exist (offline, from the cache)', async () => {
    const asked: string[] = [];
    const cachedOnly = async (file: string) => {
      asked.push(file);
      if (file === 'onnx/model.onnx') return true;
      throw new Error(`${file}: the host could not be reached`);
    };
    expect(await chooseDtype(['q8', 'fp32'], cachedOnly)).toBe('fp32');
    expect(asked).toEqual(['onnx/model_quantized.onnx', 'onnx/model.onnx']);
    // Known not to exist is no better than unknown: the first failure stands.
    const none = async (file: string) => (file === 'onnx/model.onnx' ? false : Promise.reject(new Error('unreachable')));
    await expect(chooseDtype(['q8', 'fp32'], none)).rejects.toThrow('unreachable');
  });
});
