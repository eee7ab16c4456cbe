/** The worker's supervision on its own, against fake workers: restarts, give-up, replacement, pending calls settled. */
import { describe, expect, it } from 'vitest';
import { isErrorOf } from '../../worker/errors';
import { WorkerSupervisor } from '../../lib/worker-supervisor';
import { FakeWorker, fakeWorkerStarter, tick } from './fake-worker';

function supervise(onStart: (worker: FakeWorker) => void = () => undefined) {
  const workers: FakeWorker[] = [];
  const crashes: string[] = [];
  const supervisor = new WorkerSupervisor({
    startWorker: fakeWorkerStarter(workers, onStart),
    onCrash: (message) => crashes.push(message),
  });
  return { supervisor, workers, crashes };
}

describe('WorkerSupervisor', () => {
  it('rejects a pending call when its worker dies, and reloads the last good load in the fresh one before other calls', async () => {
    const { supervisor, workers, crashes } = supervise();
    await supervisor.call((api) => api.load('m', { device: 'wasm' }));
    supervisor.restore = { model: 'm', options: { device: 'wasm' } };
    workers[0]!.engine.held = true;
    const pending = supervisor.call((api) => api.info());
    workers[0]!.fail('boom');
    const error = await pending.catch((e: unknown) => e);
    expect(isErrorOf(error, 'WorkerCrashedError')).toBe(true);
    expect((error as Error).message).toBe('The reranker worker failed: boom.');
    await supervisor.restored();
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    expect(workers[1]!.engine.loads).toEqual([{ model: 'm', options: { device: 'wasm' } }]);
    expect((await supervisor.call((api) => api.info()))?.model).toBe('m');
    expect(crashes).toEqual(['The reranker worker failed: boom. It was restarted and the model reloaded; run the rerank again.']);
  });

  it('gives up after three starts that never answered, and every call then rejects with that sentence', async () => {
    const { supervisor, workers, crashes } = supervise((worker) => setTimeout(() => worker.fail(''), 1));
    await tick(1000);
    expect(workers).toHaveLength(3);
    const error = await supervisor.call((api) => api.info()).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/could not start: it failed 3 times before answering/);
    expect(crashes.at(-1)).toBe((error as Error).message);
  });

  it('replace() with a reason rejects pending calls with it; a disposed supervisor starts nothing and rejects', async () => {
    const { supervisor, workers } = supervise();
    workers[0]!.engine.held = true;
    const pending = supervisor.call((api) => api.info());
    const reason = new Error('stuck');
    await supervisor.replace(null, reason);
    expect(await pending.catch((e: unknown) => e)).toBe(reason);
    expect(workers).toHaveLength(2);
    let released = 0;
    supervisor.dispose(() => released++);
    expect(released).toBe(1);
    await supervisor.replace(null);
    expect(workers).toHaveLength(2);
    const after = await supervisor.call((api) => api.info()).catch((e: unknown) => e);
    expect((after as Error).message).toBe('The reranker was disposed.');
  });
});
