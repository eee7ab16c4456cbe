import { ModelRegistry, env } from '@huggingface/transformers';
import type { Device, Dtype } from './api';
import { largestInitializer } from './onnx-initializers';
import type { BrowserLimits, LoadNeeds } from './preflight';
import { externalDataFiles, modelFileName } from './registry';
import { folderUrl, type ModelSource } from './resolve-model';

/** The config.json fields the estimate of the largest tensor reads. */
export interface SizeConfig {
  vocab_size?: unknown;
  hidden_size?: unknown;
}

export interface WeightFile {
  file: string;
  /** Null when the server does not let the page read it (no exposed Content-Range). */
  size: number | null;
  cached: boolean;
}

/**
 * A graph with external data this small is read to find its largest tensor; a larger one holds
 * its weights inline, and reading it would be the download the preflight is meant to avoid.
 */
const READABLE_GRAPH_BYTES = 64 * 2 ** 20;

/**
 * Bytes per element of the token embedding when the graph cannot be read: transformers.js's
 * exports keep it in fp32 in q4 graphs (MatMulNBits does not cover a Gather) and in fp16 in
 * q4f16 ones; quantize_dynamic makes it 8-bit in q8 graphs.
 */
const EMBEDDING_BYTES: Record<Dtype, number> = { fp32: 4, fp16: 2, q8: 1, q4: 4, q4f16: 2 };

/** The graph file of `dtype` and its external-data chunks, with their sizes and whether the Cache API has them. */
export async function weightFiles(source: ModelSource, config: object, dtype: Dtype): Promise<WeightFile[]> {
  const graph = modelFileName(dtype);
  const files = [graph, ...externalDataFiles(config, dtype)];
  return Promise.all(
    files.map(async (file) => {
      // The same call, memoised, that from_pretrained makes to size its progress: no request is repeated.
      const meta = await ModelRegistry.get_file_metadata(source.id, file);
      return { file, size: meta.size ?? null, cached: meta.fromCache ?? false };
    }),
  );
}

/** The graph's bytes, from transformers.js's cache when it is there (a cached model loads offline), else from the network. */
async function graphBytes(source: ModelSource, file: string): Promise<Uint8Array | null> {
  const url = `${folderUrl(source)}${file}`;
  try {
    const cached = !source.sameOrigin && typeof caches !== 'undefined' ? await (await caches.open(env.cacheKey)).match(url) : undefined;
    const response = cached ?? (await env.fetch(url));
    return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

/** The largest tensor: read from the graph when it is small enough, else the embedding config.json describes. */
async function largestTensor(
  source: ModelSource,
  config: SizeConfig,
  dtype: Dtype,
  files: WeightFile[],
): Promise<LoadNeeds['largestTensor']> {
  const [graph, ...chunks] = files;
  if (graph && chunks.length > 0 && graph.size !== null && graph.size <= READABLE_GRAPH_BYTES) {
    const bytes = await graphBytes(source, graph.file);
    const largest = bytes && safely(() => largestInitializer(bytes));
    if (largest) return { bytes: largest.bytes, what: `${largest.name}, ${largest.dims.join(' × ')} in ${largest.type}` };
  }
  const { vocab_size: vocab, hidden_size: hidden } = config;
  if (typeof vocab !== 'number' || typeof hidden !== 'number') return null;
  const elementBytes = EMBEDDING_BYTES[dtype];
  return {
    bytes: vocab * hidden * elementBytes,
    what: `the ${vocab} × ${hidden} token embedding in ${elementBytes === 4 ? 'fp32' : elementBytes === 2 ? 'fp16' : 'int8'}`,
  };
}

const safely = <T>(read: () => T): T | null => {
  try {
    return read();
  } catch {
    return null;
  }
};

/** Everything the preflight compares, from the model's own files. */
export async function loadNeeds(
  source: ModelSource,
  config: SizeConfig,
  device: Device,
  dtype: Dtype,
): Promise<{ needs: LoadNeeds; files: WeightFile[] }> {
  const files = await weightFiles(source, config, dtype);
  const [graph, ...chunks] = files;
  const needs: LoadNeeds = {
    device,
    // Only WebGPU puts each tensor in a buffer of its own; on WASM the graph need not be read.
    largestTensor: device === 'webgpu' ? await largestTensor(source, config, dtype, files) : null,
    graphBytes: graph?.size ?? 0,
    externalDataBytes: chunks.reduce((sum, f) => sum + (f.size ?? 0), 0),
    downloadBytes: files.filter((f) => !f.cached).reduce((sum, f) => sum + (f.size ?? 0), 0),
  };
  return { needs, files };
}

/** What this browser offers: the adapter's limits from the probe, and free storage when the files will be stored. */
export async function storageLimits(source: ModelSource): Promise<BrowserLimits['storage']> {
  // Same-origin and local models are never written to the Cache API (see the engine's pointEnvAt).
  if (source.sameOrigin || !navigator.storage?.estimate) return null;
  const { quota, usage } = await navigator.storage.estimate();
  return quota === undefined ? null : { quota, usage: usage ?? 0 };
}
