import type { Passage, RerankOptions } from './api';
import { InputError } from './errors';

export function validateRerankInput(query: unknown, passages: unknown, options: RerankOptions = {}): Passage[] {
  if (typeof query !== 'string' || query.trim() === '') {
    throw new InputError('The query is empty. Type a question or keywords to rank the passages against.');
  }
  if (!Array.isArray(passages) || passages.length === 0) {
    throw new InputError('There are no passages to rank. Add at least one passage.');
  }
  passages.forEach((passage: unknown, i) => {
    const ok =
      typeof passage === 'string' ||
      (typeof passage === 'object' &&
        passage !== null &&
        typeof (passage as { text?: unknown }).text === 'string' &&
        ['string', 'undefined'].includes(typeof (passage as { title?: unknown }).title));
    if (!ok) throw new InputError(`Passage ${i + 1} is neither text nor an object with a "text" string.`);
  });
  const { topK, batchSize, batching, independentRows, longDocuments } = options;
  if (longDocuments !== undefined && longDocuments !== 'truncate' && longDocuments !== 'maxp') {
    throw new InputError(`longDocuments must be "truncate" or "maxp", not ${String(longDocuments)}.`);
  }
  if (independentRows !== undefined && typeof independentRows !== 'boolean') {
    throw new InputError(`independentRows must be true or false, not ${String(independentRows)}.`);
  }
  if (batching !== undefined && batching !== 'dynamic' && batching !== 'fixed') {
    throw new InputError(`batching must be "dynamic" or "fixed", not ${String(batching)}.`);
  }
  if (topK !== undefined && !(Number.isInteger(topK) && topK > 0)) {
    throw new InputError(`topK must be a positive whole number, not ${String(topK)}.`);
  }
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
    throw new InputError(`batchSize must be a positive whole number, not ${String(batchSize)}.`);
  }
  return passages as Passage[];
}
