import { describe, expect, it } from 'vitest';
import type { LoadProgress } from '../../worker/api';
import { ProgressTracker } from '../../worker/progress';

describe('ProgressTracker', () => {
  it('folds per-file events into totals, and says compile once every file, a graph among them, has arrived', () => {
    const seen: LoadProgress[] = [];
    const tracker = new ProgressTracker((p) => seen.push(p));
    tracker.onRaw({ status: 'initiate', file: 'config.json' });
    tracker.onRaw({ status: 'done', file: 'config.json' });
    tracker.onRaw({ status: 'progress', file: 'onnx/model.onnx', loaded: 50, total: 100 });
    expect(seen.at(-1)).toMatchObject({ phase: 'download', loaded: 50, total: 100 });
    tracker.onRaw({ status: 'progress', file: 'onnx/model.onnx', loaded: 100, total: 100 });
    tracker.onRaw({ status: 'done', file: 'onnx/model.onnx' });
    expect(seen.at(-1)).toMatchObject({ phase: 'compile', loaded: 100, total: 100 });
    tracker.report('warmup');
    expect(seen.at(-1)!.phase).toBe('warmup');
    // Events without a file (transformers.js's 'ready') change nothing.
    const count = seen.length;
    tracker.onRaw({ status: 'ready' });
    expect(seen).toHaveLength(count);
  });

  it('counts files it was told of before they are requested, so the total covers every external-data chunk from the start', () => {
    const seen: LoadProgress[] = [];
    const tracker = new ProgressTracker((p) => seen.push(p));
    tracker.expect([
      { file: 'onnx/model_q4.onnx', size: 10 },
      { file: 'onnx/model_q4.onnx_data', size: 100 },
      { file: 'onnx/model_q4.onnx_data_1', size: 50 },
    ]);
    tracker.onRaw({ status: 'progress', file: 'onnx/model_q4.onnx', loaded: 10, total: 10 });
    tracker.onRaw({ status: 'done', file: 'onnx/model_q4.onnx' });
    tracker.onRaw({ status: 'progress', file: 'onnx/model_q4.onnx_data', loaded: 40, total: 100 });
    expect(seen.at(-1)).toMatchObject({ phase: 'download', loaded: 50, total: 160 });
    expect(seen.at(-1)!.files.map((f) => f.file)).toEqual(['onnx/model_q4.onnx', 'onnx/model_q4.onnx_data', 'onnx/model_q4.onnx_data_1']);
    tracker.onRaw({ status: 'done', file: 'onnx/model_q4.onnx_data' });
    // The graph and one chunk are in, but the last chunk has not started: still downloading.
    expect(seen.at(-1)).toMatchObject({ phase: 'download', loaded: 110, total: 160 });
  });

  it('keeps a file whose size the server hides unknown until it is done, with no made-up total, and carries the preflight note', () => {
    const seen: LoadProgress[] = [];
    const tracker = new ProgressTracker((p) => seen.push(p));
    tracker.expect([{ file: 'onnx/model.onnx', size: null }], 'Could not check.');
    tracker.onRaw({ status: 'progress', file: 'config.json', loaded: 10, total: 10 });
    expect(seen.at(-1)).toMatchObject({ loaded: 10, total: null, note: 'Could not check.' });
    // transformers.js's total for a file it cannot size is the bytes so far.
    tracker.onRaw({ status: 'progress', file: 'onnx/model.onnx', loaded: 40, total: 40 });
    expect(seen.at(-1)).toMatchObject({ phase: 'download', loaded: 50, total: null });
    expect(seen.at(-1)!.files.find((f) => f.file === 'onnx/model.onnx')).toEqual({ file: 'onnx/model.onnx', loaded: 40, total: null });
    tracker.onRaw({ status: 'done', file: 'config.json' });
    tracker.onRaw({ status: 'done', file: 'onnx/model.onnx' });
    expect(seen.at(-1)).toMatchObject({ phase: 'compile', loaded: 50, total: 50 });
  });
});
