import type { Passage } from './api';
import type { Template } from './model-types';

function fill(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\{(query|title|text)\}/g, (_, key: string) => values[key] ?? '');
}

export function formatQuery(template: Template, query: string): string {
  return fill(template.query, { query });
}

export function formatPassage(template: Template, passage: Passage): string {
  const { title, text } = typeof passage === 'string' ? { title: undefined, text: passage } : passage;
  const pattern = !title && template.passageNoTitle !== undefined ? template.passageNoTitle : template.passage;
  return fill(pattern, { title: title ?? '', text });
}
