import { forEachLine } from '../read-lines';
import { inSlices } from '../slices';

/** Items mapped or checked per slice: tens of milliseconds at most, so a 45 MB file never freezes the page. */
const ITEMS_PER_SLICE = 5000;

/** A searchable document. `id` is what results and tests refer to; it must be unique in a corpus. */
export interface CorpusDoc {
  id: string;
  title?: string;
  text: string;
}

export type CorpusFormat = 'json' | 'jsonl' | 'text';

/** By extension, so a file's name says how it is read: `.json`, `.jsonl`/`.ndjson`, anything else is plain text. */
export function corpusFormat(fileName: string): CorpusFormat {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.(jsonl|ndjson)$/i.test(fileName)) return 'jsonl';
  return 'text';
}

/**
 * Reads one corpus file. JSON: an array of `{id?, title?, text}`. JSONL: one such object
 * per non-empty line. Text: one document per non-empty line, with id `name:line`.
 * A missing id becomes the item's (or line's) 1-based position.
 * Rejects with an `Error` whose message names the file and the item or line at fault.
 * Parsed in slices between which the page stays responsive.
 */
export async function parseCorpusFile(name: string, file: Blob): Promise<CorpusDoc[]> {
  const docs = await parseByFormat(name, file);
  if (docs.length === 0) throw new Error(`${name} contains no documents.`);
  await checkUniqueIds([{ name, docs }]);
  return docs;
}

/**
 * Joins files parsed by `parseCorpusFile` into one corpus; an id used in two files is an error
 * rather than a silent overwrite. A single file was checked when it was parsed.
 */
export async function mergeCorpora(files: readonly { name: string; docs: readonly CorpusDoc[] }[]): Promise<readonly CorpusDoc[]> {
  if (files.length === 1) return files[0]!.docs;
  await checkUniqueIds(files);
  return files.flatMap(({ docs }) => docs);
}

async function parseByFormat(name: string, file: Blob): Promise<CorpusDoc[]> {
  switch (corpusFormat(name)) {
    case 'json':
      return parseJsonArray(name, await file.text());
    case 'jsonl':
      return parseJsonLines(name, file);
    case 'text':
      return mapLines(file, (text, line) => ({ id: `${name}:${line}`, text: text.trim() }));
  }
}

async function mapInSlices<T, U>(items: readonly T[], map: (item: T, index: number) => U): Promise<U[]> {
  const out: U[] = [];
  await inSlices(items.length, ITEMS_PER_SLICE, (start, end) => {
    for (let i = start; i < end; i++) out.push(map(items[i]!, i));
  });
  return out;
}

/** One `JSON.parse` of the whole file: an array cannot be parsed in parts (a `.jsonl` file can). */
async function parseJsonArray(name: string, content: string): Promise<CorpusDoc[]> {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    throw new Error(`${name} is not valid JSON (${(error as Error).message}).`);
  }
  if (!Array.isArray(data)) {
    throw new Error(`${name} must hold a JSON array of documents {id, title?, text}, but it holds ${describe(data)}.`);
  }
  return mapInSlices(data as unknown[], (item, i) => toDoc(item, `${name}: item ${i + 1}`, String(i + 1)));
}

function parseJsonLines(name: string, file: Blob): Promise<CorpusDoc[]> {
  return mapLines(file, (text, line) => {
    let item: unknown;
    try {
      item = JSON.parse(text);
    } catch (error) {
      throw new Error(`${name}: line ${line} is not valid JSON (${(error as Error).message}).`);
    }
    return toDoc(item, `${name}: line ${line}`, String(line));
  });
}

/** Maps each non-empty line (1-based numbers, `\r\n` or `\n`), read a slice at a time: splitting 45 MB at once held the page for a second. */
async function mapLines<U>(file: Blob, map: (text: string, line: number) => U): Promise<U[]> {
  const out: U[] = [];
  let line = 0;
  await forEachLine(file, (raw) => {
    line++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() !== '') out.push(map(text, line));
  });
  return out;
}

function toDoc(item: unknown, where: string, fallbackId: string): CorpusDoc {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new Error(`${where} is ${describe(item)}, not an object with a "text" string.`);
  }
  if (typeof (item as { text?: unknown }).text !== 'string') throw new Error(`${where} is an object without a "text" string.`);
  const { id, title, text } = item as { id?: unknown; title?: unknown; text: string };
  if (text.trim() === '') throw new Error(`${where} has an empty "text".`);
  if (title !== undefined && typeof title !== 'string') throw new Error(`${where} has a "title" that is not a string.`);
  if (id !== undefined && !(typeof id === 'string' && id !== '') && !(typeof id === 'number' && Number.isFinite(id))) {
    throw new Error(`${where} has an "id" that is neither a non-empty string nor a number.`);
  }
  return { id: id === undefined ? fallbackId : String(id), ...(title ? { title } : {}), text };
}

async function checkUniqueIds(files: readonly { name: string; docs: readonly CorpusDoc[] }[]): Promise<void> {
  const seen = new Map<string, string>();
  for (const { name: source, docs } of files) {
    await inSlices(docs.length, ITEMS_PER_SLICE, (start, end) => {
      for (let i = start; i < end; i++) {
        const doc = docs[i]!;
        const first = seen.get(doc.id);
        if (first !== undefined) {
          throw new Error(
            first === source ? `${source}: id "${doc.id}" is used more than once.` : `id "${doc.id}" is in both ${first} and ${source}.`,
          );
        }
        seen.set(doc.id, source);
      }
    });
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}
