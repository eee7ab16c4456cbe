import { ModelLoadError } from './errors';

/**
 * The most external-data files a graph may declare. transformers.js requests every one a
 * config.json names, all at once, before any could be checked; exports split the weights into
 * chunks of at most ~1.9 GB (onnx_files.py, docs/dear.md), so the 3B DeAR model needs 2 in q4f16
 * (~2 GB) and 7 in fp32 (~12 GB), and 32 chunks (~60 GB) are more than any browser can store or hold.
 */
export const MAX_EXTERNAL_DATA_FILES = 32;

/**
 * Refuses, before any file is requested, a config.json whose `use_external_data_format` (a
 * count, `true`, or a map of counts by graph file or session name) declares more chunks than
 * `MAX_EXTERNAL_DATA_FILES` for any graph, or a count that is not a whole number.
 */
export function checkExternalDataCount(config: object, folder: string): void {
  const format = (config as { 'transformers.js_config'?: { use_external_data_format?: unknown } })['transformers.js_config']
    ?.use_external_data_format;
  const entries = format && typeof format === 'object' ? Object.entries(format) : [['model', format] as const];
  for (const [graph, entry] of entries) {
    const count = entry === true ? 1 : entry === false || entry === undefined || entry === null ? 0 : Number(entry);
    if (Number.isInteger(count) && count >= 0 && count <= MAX_EXTERNAL_DATA_FILES) continue;
    throw new ModelLoadError(
      `config.json of ${folder} declares ${JSON.stringify(entry)} external-data files for ${graph}; ` +
        `at most ${MAX_EXTERNAL_DATA_FILES} are accepted, so nothing was downloaded.`,
    );
  }
}
