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
 * Throws an `Error` whose message names the file and the item or line at fault.
 */
export function parseCorpusFile(name: string, content: string): CorpusDoc[] {
  const docs = parseByFormat(name, content);
  if (docs.length === 0) throw new Error(`${name} contains no documents.`);
  checkUniqueIds(docs.map((doc) => ({ doc, source: name })));
  return docs;
}

/** Joins several files into one corpus; an id used in two files is an error rather than a silent overwrite. */
export function mergeCorpora(files: readonly { name: string; docs: readonly CorpusDoc[] }[]): CorpusDoc[] {
  const tagged = files.flatMap(({ name, docs }) => docs.map((doc) => ({ doc, source: name })));
  checkUniqueIds(tagged);
  return tagged.map(({ doc }) => doc);
}

function parseByFormat(name: string, content: string): CorpusDoc[] {
  switch (corpusFormat(name)) {
    case 'json':
      return parseJsonArray(name, content);
    case 'jsonl':
      return parseJsonLines(name, content);
    case 'text':
      return nonEmptyLines(content).map(({ line, text }) => ({ id: `${name}:${line}`, text: text.trim() }));
  }
}

function parseJsonArray(name: string, content: string): CorpusDoc[] {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    throw new Error(`${name} is not valid JSON (${(error as Error).message}).`);
  }
  if (!Array.isArray(data)) {
    throw new Error(`${name} must hold a JSON array of documents {id, title?, text}, but it holds ${describe(data)}.`);
  }
  return data.map((item: unknown, i) => toDoc(item, `${name}: item ${i + 1}`, String(i + 1)));
}

function parseJsonLines(name: string, content: string): CorpusDoc[] {
  return nonEmptyLines(content).map(({ line, text }) => {
    let item: unknown;
    try {
      item = JSON.parse(text);
    } catch (error) {
      throw new Error(`${name}: line ${line} is not valid JSON (${(error as Error).message}).`);
    }
    return toDoc(item, `${name}: line ${line}`, String(line));
  });
}

function nonEmptyLines(content: string): { line: number; text: string }[] {
  return content
    .split(/\r?\n/)
    .map((text, i) => ({ line: i + 1, text }))
    .filter(({ text }) => text.trim() !== '');
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

function checkUniqueIds(docs: readonly { doc: CorpusDoc; source: string }[]): void {
  const seen = new Map<string, string>();
  for (const { doc, source } of docs) {
    const first = seen.get(doc.id);
    if (first !== undefined) {
      throw new Error(
        first === source ? `${source}: id "${doc.id}" is used more than once.` : `id "${doc.id}" is in both ${first} and ${source}.`,
      );
    }
    seen.set(doc.id, source);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}
