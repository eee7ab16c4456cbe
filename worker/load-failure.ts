import { FileError, errorMessage } from './errors';
import type { FetchFailure } from './model-fetch';
import { folderUrl, type ModelSource } from './resolve-model';

/** transformers.js's HTTP errors end with the quoted URL, e.g. `Could not locate file: "https://…/onnx/model.onnx_data".` */
const QUOTED_URL = /"(https?:\/\/[^"]+)"/;

/**
 * ONNX Runtime's words for an operator its build has no kernel for, as the 4-bit embedding's
 * GatherBlockQuantized gets on WASM (measured by npm run check:dear-scale). Nothing about the
 * file is wrong, so the sentence says which device can run it instead.
 */
const NO_KERNEL = /Could not find an implementation for (\w+)/;

/** True when the load failed on a file (missing, unreachable, unreadable) rather than on the device running it. */
export function isFileProblem(error: unknown, fetchFailure: FetchFailure | null): boolean {
  return fetchFailure !== null || error instanceof FileError || QUOTED_URL.test(errorMessage(error));
}

/**
 * One sentence that names the file that really failed and says what to do. `guess` is the
 * graph file the load was after, used only when nothing more specific is known.
 */
export function describeLoadFailure(error: unknown, fetchFailure: FetchFailure | null, source: ModelSource, guess: string): string {
  const folder = folderUrl(source);
  const fileOf = (url: string) => (url.startsWith(folder) ? url.slice(folder.length) : url);
  const where = source.url;
  if (fetchFailure?.kind === 'refused') return errorMessage(error);
  if (fetchFailure) return unfetched(fileOf(fetchFailure.url), fetchFailure);
  const message = errorMessage(error);
  const url = QUOTED_URL.exec(message)?.[1];
  const status = (error as { status?: unknown } | null)?.status;
  if (url && (status === 404 || /Could not locate file/.test(message))) return `${fileOf(url)} is missing from ${where}.`;
  if (url) return `${fileOf(url)} could not be loaded from ${where}: ${message}`;
  const file = error instanceof FileError ? error.file : guess;
  const op = NO_KERNEL.exec(message)?.[1];
  if (op) {
    return (
      `${file} from ${where} uses the operator ${op}, which this browser's ONNX Runtime cannot run on WASM. ` +
      `Load it on WebGPU, or use an export without ${op} (for DeAR, quantize.py without --embedding-4bit).`
    );
  }
  return message.includes(file) ? `Could not load ${where}: ${message}` : `${file} from ${where} could not be loaded: ${message}`;
}

/** Why a file never arrived, from how its request failed. */
function unfetched(file: string, { url, kind }: FetchFailure): string {
  const host = `the model host ${new URL(url).origin}`;
  if (kind === 'limited')
    return `${file} could not be downloaded: ${host} is limiting requests (429 Too Many Requests). Retry in a minute.`;
  if (kind === 'denied') {
    return (
      `${file} could not be downloaded: ${host} answered but refused this page (its answer carries no CORS headers, so the browser withholds it). ` +
      'This is not a connection problem: load the model from a local folder, or from a host that allows this site.'
    );
  }
  const why = kind === 'timeout' ? `did not answer within a minute` : `could not be reached`;
  return (
    `${file} could not be downloaded: ${host} ${why} (you may be offline, or it is blocked or down). ` +
    'Retry when the connection is back, or load the model from a local folder.'
  );
}

/**
 * transformers.js fetches external-data files inside a `new Promise(async …)` whose rejection
 * nobody catches, so a missing `.onnx_data` never settles the load. While a load runs, an
 * unhandled rejection in the worker is taken as that load's failure.
 */
export function failOnUnhandledRejection<T>(work: Promise<T>): Promise<T> {
  type Listener = (event: PromiseRejectionEvent) => void;
  const scope = globalThis as {
    addEventListener?: (type: 'unhandledrejection', fn: Listener) => void;
    removeEventListener?: (type: 'unhandledrejection', fn: Listener) => void;
  };
  if (!scope.addEventListener) return work;
  let onRejection!: Listener;
  const failed = new Promise<never>((_, reject) => {
    onRejection = (event) => {
      event.preventDefault();
      reject(event.reason);
    };
    scope.addEventListener!('unhandledrejection', onRejection);
  });
  return Promise.race([work, failed]).finally(() => scope.removeEventListener!('unhandledrejection', onRejection));
}
