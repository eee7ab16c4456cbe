import { useCallback, useRef, useState } from 'react';
import { importLimitProblem } from '../passages';
import { Bm25Index } from './bm25';
import { mergeCorpora, parseCorpusFile, type CorpusDoc } from './corpus';
import { DEMO_CORPUS } from './demo-corpus';

export interface Corpus {
  docs: readonly CorpusDoc[];
  /** Where the documents came from, for the status line. */
  source: string;
}

const DEMO: Corpus = { docs: DEMO_CORPUS, source: 'the built-in demo corpus' };
const DEMO_INDEX = Bm25Index.of(DEMO_CORPUS);

/** Reads files into one corpus, or throws with a message naming the file and the place at fault. */
async function readCorpusFiles(files: readonly File[]): Promise<Corpus> {
  if (files.length === 0) throw new Error('No file was given.');
  const tooLarge = importLimitProblem(
    'The files hold',
    files.reduce((sum, f) => sum + f.size, 0),
  );
  if (tooLarge) throw new Error(tooLarge);
  const parsed = await Promise.all(files.map(async (f) => ({ name: f.name, docs: await parseCorpusFile(f.name, f) })));
  return { docs: await mergeCorpora(parsed), source: files.map((f) => f.name).join(', ') };
}

/**
 * The searchable corpus and its BM25 index. A new corpus is indexed in slices and replaces
 * the current one only when its index is complete; a file that fails to load leaves the
 * current corpus in place.
 */
export function useCorpus(showError: (message: string | null) => void) {
  const [current, setCurrent] = useState({ corpus: DEMO, index: DEMO_INDEX });
  const [indexing, setIndexing] = useState<string | null>(null);
  const building = useRef<AbortController | null>(null);

  const loadFiles = useCallback(
    async (files: readonly File[]): Promise<boolean> => {
      building.current?.abort();
      const controller = new AbortController();
      building.current = controller;
      try {
        const corpus = await readCorpusFiles(files);
        setIndexing(`Indexing ${corpus.docs.length.toLocaleString('en')} documents from ${corpus.source}…`);
        const index = await Bm25Index.build(corpus.docs, controller.signal);
        setCurrent({ corpus, index });
        showError(null);
        return true;
      } catch (error) {
        if (controller.signal.aborted) return false;
        showError(`The corpus was not changed: ${(error as Error).message}`);
        return false;
      } finally {
        if (building.current === controller) {
          building.current = null;
          setIndexing(null);
        }
      }
    },
    [showError],
  );

  const restoreDemo = useCallback(() => {
    building.current?.abort();
    setCurrent({ corpus: DEMO, index: DEMO_INDEX });
  }, []);

  return { ...current, indexing, isDemo: current.corpus === DEMO, loadFiles, restoreDemo };
}
