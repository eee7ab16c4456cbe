import type { Passage } from '../worker/api';

/**
 * The passages box holds one passage per non-empty line. A line with a tab is
 * `title<TAB>text`, which keeps imported titles without a second editor.
 */
export function parsePassageLines(text: string): Passage[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const tab = line.indexOf('\t');
      if (tab < 0) return line.trim();
      const title = line.slice(0, tab).trim();
      const body = line.slice(tab + 1).trim();
      return title ? { title, text: body } : body;
    });
}

/** The inverse of `parsePassageLines`, for putting imported passages into the box. */
export function passagesToLines(passages: readonly Passage[]): string {
  const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
  return passages.map((p) => (typeof p === 'string' ? flat(p) : p.title ? `${flat(p.title)}\t${flat(p.text)}` : flat(p.text))).join('\n');
}

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** A file's size against the import limit, in the same unit as the limit. */
export function importLimitProblem(what: string, bytes: number): string | null {
  if (bytes <= MAX_IMPORT_BYTES) return null;
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(n % 2 ** 20 ? 1 : 0)} MiB`;
  return `${what} ${mib(bytes)}; the limit is ${mib(MAX_IMPORT_BYTES)}.`;
}

/** Reads an imported file: `.json` is an array of strings or `{title?, text}`; anything else is one passage per line. */
export function parsePassageFile(name: string, content: string): Passage[] {
  if (!/\.json$/i.test(name)) return parsePassageLines(content.replace(/\t/g, ' '));
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    throw new Error(`${name} is not valid JSON (${(error as Error).message}).`);
  }
  if (!Array.isArray(data)) throw new Error(`${name} must hold a JSON array of passages, but it holds ${describe(data)}.`);
  return data.map((item: unknown, i): Passage => {
    if (typeof item === 'string') return item;
    if (typeof item === 'object' && item !== null && typeof (item as { text?: unknown }).text === 'string') {
      const { title, text } = item as { title?: unknown; text: string };
      if (title !== undefined && typeof title !== 'string') {
        throw new Error(`${name}: item ${i + 1} has a "title" that is not text.`);
      }
      return title ? { title, text } : text;
    }
    throw new Error(`${name}: item ${i + 1} is ${describe(item)}, not a string or an object with a "text" string.`);
  });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function passageLabel(passage: Passage): { title?: string; text: string } {
  return typeof passage === 'string' ? { text: passage } : passage;
}
