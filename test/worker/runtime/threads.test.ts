import { describe, expect, it } from 'vitest';
import { defaultWasmThreads } from '../../../worker/runtime/threads';

describe('defaultWasmThreads', () => {
  it('is a thread per core, at most four, on a cross-origin-isolated page', () => {
    expect([1, 2, 3, 4, 8, 64].map((cores) => defaultWasmThreads(cores, true))).toEqual([1, 2, 3, 4, 4, 4]);
  });
  it('is one without isolation (no SharedArrayBuffer) or when the browser reports no cores', () => {
    expect(defaultWasmThreads(8, false)).toBe(1);
    expect(defaultWasmThreads(0, true)).toBe(1);
  });
});
