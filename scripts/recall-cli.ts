/**
 * `npm run recall`: recall@20 and recall@100 of the search page's BM25 on TREC DL19, with exact
 * terms and with stemming and stop words. Prints a Markdown table (the one in the README).
 *
 *   npm run recall [-- --candidates FILE --qrels FILE --threshold 2]
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { recallAt } from '../eval/metrics.ts';
import { parseCandidates, parseQrels } from '../eval/trec.ts';
import { corpusFromCandidates, firstStageRecall } from './first-stage-recall.ts';

const DL19 = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/data/trec-dl19');
const CUTOFFS = [20, 100];
const LABELS = { exact: 'exact terms (lowercased)', stemmed: 'Porter stems, English stop words dropped' };

const { values } = parseArgs({
  options: {
    candidates: { type: 'string', default: path.join(DL19, 'retrieve_results_dl19.json') },
    qrels: { type: 'string', default: path.join(DL19, 'qrels.dl19-passage.txt') },
    threshold: { type: 'string', default: '2' },
  },
});
for (const file of [values.candidates, values.qrels]) {
  if (!existsSync(file)) {
    console.error(`No file at ${file}: pass --candidates and --qrels, or put the DL19 data in ../shared/data/trec-dl19/.`);
    process.exit(2);
  }
}
const threshold = Number(values.threshold);
if (!Number.isInteger(threshold)) {
  console.error(`--threshold must be a whole number, not "${values.threshold}".`);
  process.exit(2);
}

const candidates = parseCandidates(readFileSync(values.candidates, 'utf8'));
const qrels = parseQrels(readFileSync(values.qrels, 'utf8'));
const rows = firstStageRecall(candidates, qrels, { modes: ['exact', 'stemmed'], cutoffs: CUTOFFS, threshold });
const judged = candidates.filter((q) => qrels.has(q.qid));
const corpusIds = corpusFromCandidates(candidates).map((doc) => doc.id);
// Relevant passages the candidates never retrieved are in no corpus built from them: no ranking of it finds more.
const ceiling = judged.reduce((sum, q) => sum + recallAt(corpusIds, qrels.get(q.qid)!, corpusIds.length, threshold), 0) / judged.length;

console.log(
  `BM25 (MiniSearch, as on the search page) over ${corpusIds.length} passages, ${judged.length} queries; relevant = grade ≥ ${threshold}\n`,
);
console.log(`| terms | ${CUTOFFS.map((k) => `recall@${k}`).join(' | ')} |`);
console.log(`| --- | ${CUTOFFS.map(() => '---:').join(' | ')} |`);
for (const row of rows) console.log(`| ${LABELS[row.mode]} | ${CUTOFFS.map((k) => row.recall.get(k)!.toFixed(4)).join(' | ')} |`);
console.log(`\nRelevant passages that are in the corpus at all (the ceiling of any recall here): ${ceiling.toFixed(4)}`);
