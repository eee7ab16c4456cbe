/**
 * Runs `startWorker` and notes the script URL it passed to `new Worker`. Only the bundler knows
 * that URL (it renames the worker file), and a worker whose script fails to load fires an error
 * without it, so the constructor is watched for this one synchronous call.
 */
export function startNoting(startWorker: () => Worker): { worker: Worker; url: string } {
  const Original = globalThis.Worker;
  // Outside a browser (tests with a fake worker) there is no constructor to watch.
  if (typeof Original !== 'function') return { worker: startWorker(), url: '' };
  let url = '';
  globalThis.Worker = class extends Original {
    constructor(script: string | URL, options?: WorkerOptions) {
      super(script, options);
      url = new URL(script, globalThis.location?.href).href;
    }
  };
  try {
    return { worker: startWorker(), url };
  } finally {
    globalThis.Worker = Original;
  }
}
