/**
 * The benchmark inputs: TREC DL19 BM25 top-100 lists from ../shared/data/trec-dl19 (resolved
 * from the repository root). 100 passages = the first query's hits; 1000 passages = the hits of
 * the first ten queries, all scored against the FIRST query in one rerank call (the engine's API
 * takes one query per call, and one 1000-passage call is what exercises batching and partial
 * results at that size; the passages' length distribution is what matters for speed).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DL19_FILE = resolve(REPO_ROOT, '../shared/data/trec-dl19/retrieve_results_dl19.json');

export interface Dl19Query {
  query: string;
  hits: { content: string; docid: string }[];
}

let cache: Dl19Query[] | null = null;

export function loadDl19(): Dl19Query[] {
  if (cache) return cache;
  if (!existsSync(DL19_FILE)) throw new Error(`DL19 data not found at ${DL19_FILE}`);
  cache = JSON.parse(readFileSync(DL19_FILE, 'utf8')) as Dl19Query[];
  return cache;
}

/** Every query and passage text in the file (the vocabulary corpus of the benchmark models). */
export function allTexts(): string[] {
  return loadDl19().flatMap((q) => [q.query, ...q.hits.map((h) => h.content)]);
}

export interface BenchInput {
  query: string;
  passages: string[];
}

export function benchInput(count: number): BenchInput {
  const queries = loadDl19();
  const passages = queries.flatMap((q) => q.hits.map((h) => h.content)).slice(0, count);
  if (passages.length < count) throw new Error(`DL19 has only ${passages.length} passages, ${count} asked for`);
  return { query: queries[0]!.query, passages };
}
