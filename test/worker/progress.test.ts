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
});
