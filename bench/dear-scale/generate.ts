/**
 * Makes the DeAR-width folders the check loads (skipped when their stamp is current) and returns
 * the scored list, its tokenizer and the stamp. Run alone: `npx tsx bench/dear-scale/generate.ts`.
 */
import { loadDl19 } from '../data';
import { DEPTHS, EMBEDDINGS, dearScaleStamp, ensureDearScaleFolder, folderName, type Embedding } from './model';
import { dearScaleTokenizer, type Dl19List } from './reference';

export function dl19List(): Dl19List {
  const first = loadDl19()[0]!;
  return { query: first.query, passages: first.hits.map((h) => h.content) };
}

export function ensureDearScaleModels(
  log: (m: string) => void,
  embeddings: readonly Embedding[] = EMBEDDINGS,
  depths: readonly number[] = DEPTHS,
) {
  const list = dl19List();
  const tokenizer = dearScaleTokenizer(list);
  const stamp = dearScaleStamp(`vocab ${tokenizer.textVocabSize}`);
  for (const embedding of embeddings) {
    for (const layers of depths) {
      const started = performance.now();
      if (ensureDearScaleFolder(tokenizer, embedding, layers, stamp)) {
        log(`${folderName(embedding, layers)}: generated in ${Math.round((performance.now() - started) / 1000)} s`);
      }
    }
  }
  return { list, tokenizer, stamp };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = performance.now();
  const { tokenizer } = ensureDearScaleModels((m) => console.error(m), ['q4'], [1]);
  console.error(`done in ${Math.round(performance.now() - t0)} ms, text vocab ${tokenizer.textVocabSize}`);
}
