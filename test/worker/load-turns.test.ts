import { describe, expect, it } from 'vitest';
import { LoadTurns } from '../../worker/load-turns';

describe('LoadTurns', () => {
  it('cancel() aborts the running load and stops those queued behind it, not later ones', () => {
    const turns = new LoadTurns();
    const first = turns.start(turns.take(), 'a');
    const queued = turns.take();
    turns.cancel();
    expect(first.signal.aborted).toBe(true);
    expect(first.stopped()?.message).toBe('Loading "a" was cancelled.');
    expect(turns.start(queued, 'b').stopped()?.message).toBe('Loading "b" was cancelled.');
    const later = turns.start(turns.take(), 'c');
    expect(later.stopped()).toBeNull();
    expect(later.signal.aborted).toBe(false);
  });

  it('a newer load supersedes an older one, and a settled load is out of cancel()’s reach', () => {
    const turns = new LoadTurns();
    const old = turns.start(turns.take(), 'a');
    turns.take();
    expect(old.stopped()?.message).toBe('Loading "a" was superseded by a newer load.');
    const done = turns.start(turns.take(), 'b');
    done.end();
    turns.cancel();
    expect(done.signal.aborted).toBe(false);
  });
});
