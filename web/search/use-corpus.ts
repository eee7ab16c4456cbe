import { useCallback, useMemo, useState } from 'react';
import { MAX_IMPORT_BYTES } from '../passages';
import { Bm25Index } from './bm25';
import { mergeCorpora, parseCorpusFile, type CorpusDoc } from './corpus';
import { DEMO_CORPUS } from './demo-corpus';

export interface Corpus {
  docs: readonly CorpusDoc[];
  /** Where the documents came from, for the status line. */
  source: string;
}

const DEMO: Corpus = { docs: DEMO_CORPUS, source: 'the built-in demo corpus' };

/** Reads files into one corpus, or throws with a message naming the file and the place at fault. */
async function readCorpusFiles(files: readonly File[]): Promise<Corpus> {
  if (files.length === 0) throw new Error('No file was given.');
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  if (bytes > MAX_IMPORT_BYTES) {
    throw new Error(`The files hold ${(bytes / 1e6).toFixed(0)} MB; the limit is ${MAX_IMPORT_BYTES / 1e6} MB.`);
  }
  const parsed = await Promise.all(files.map(async (f) => ({ name: f.name, docs: parseCorpusFile(f.name, await f.text()) })));
  return { docs: mergeCorpora(parsed), source: files.map((f) => f.name).join(', ') };
}

/** The searchable corpus and its BM25 index. A file that fails to load leaves the current corpus in place. */
export function useCorpus(showError: (message: string | null) => void) {
  const [corpus, setCorpus] = useState<Corpus>(DEMO);
  const index = useMemo(() => new Bm25Index(corpus.docs), [corpus.docs]);

  const loadFiles = useCallback(
    async (files: readonly File[]): Promise<boolean> => {
      try {
        setCorpus(await readCorpusFiles(files));
        showError(null);
        return true;
      } catch (error) {
        showError(`The corpus was not changed: ${(error as Error).message}`);
        return false;
      }
    },
    [showError],
  );

  const restoreDemo = useCallback(() => setCorpus(DEMO), []);

  return { corpus, index, isDemo: corpus === DEMO, loadFiles, restoreDemo };
}
