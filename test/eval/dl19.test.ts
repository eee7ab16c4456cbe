/**
 * The harness against the real TREC DL19 passage data in ../shared (not in the repo:
 * the licence forbids redistribution). Reference figures are from shared/README.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate, oracleOrder } from '../../eval/metrics';
import { compareQueries, formatMetricsTable } from '../../eval/report';
import { orderedRunFromCandidates, orderedRunFromTrecRun, parseCandidates, parseQrels, parseRun } from '../../eval/trec';

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data/trec-dl19');
const exists = existsSync(path.join(DATA, 'retrieve_results_dl19.json')) && existsSync(path.join(DATA, 'qrels.dl19-passage.txt'));
if (!exists) console.warn(`[eval] skipping DL19 tests: no data at ${DATA} (expected ../shared/ beside the checkout)`);

const read = (name: string) => readFileSync(path.join(DATA, name), 'utf8');
const round4 = (x: number) => Number(x.toFixed(4));

describe('TREC DL19 passage', () => {
  const load = () => {
    const qrels = parseQrels(read('qrels.dl19-passage.txt'));
    const candidates = parseCandidates(read('retrieve_results_dl19.json'));
    return { qrels, candidates };
  };

  it.skipIf(!exists)('BM25 in the given rank order reproduces nDCG@10 = 0.5058 over 43 queries', () => {
    const { qrels, candidates } = load();
    expect(candidates).toHaveLength(43);
    expect(candidates.every((c) => c.hits.length === 100)).toBe(true);
    const bm25 = evaluate(qrels, orderedRunFromCandidates(candidates));
    expect(bm25.mean.queries).toBe(43);
    expect(bm25.skipped).toEqual({ notInQrels: [], notInRun: [] });
    expect(round4(bm25.mean.ndcg10)).toBe(0.5058);
    // Regression values from this harness (threshold 2, top-100 candidates, so MAP is over 100 not 1000).
    expect(bm25.threshold).toBe(2);
    expect(round4(bm25.mean.ndcg20)).toBe(0.4914);
    expect(round4(bm25.mean.mrr10)).toBe(0.7024);
    expect(round4(bm25.mean.map)).toBe(0.2476);
  });

  it.skipIf(!exists)('the TREC run file, sorted as trec_eval sorts it, gives the same figures', () => {
    const { qrels, candidates } = load();
    const fromRun = evaluate(qrels, orderedRunFromTrecRun(parseRun(read('trec_results_dl19.txt'))));
    const fromJson = evaluate(qrels, orderedRunFromCandidates(candidates));
    expect(fromRun.perQuery).toEqual(fromJson.perQuery);
  });

  it.skipIf(!exists)('a perfect reranking of the top 100 reaches the ceiling nDCG@10 = 0.8922', () => {
    const { qrels, candidates } = load();
    const oracle = new Map(
      candidates.map((c) => [
        c.qid,
        oracleOrder(
          c.hits.map((h) => h.docid),
          qrels.get(c.qid) ?? new Map(),
        ),
      ]),
    );
    const ceiling = evaluate(qrels, oracle);
    expect(round4(ceiling.mean.ndcg10)).toBe(0.8922);

    const bm25 = evaluate(qrels, orderedRunFromCandidates(candidates));
    const cmp = compareQueries(bm25, ceiling);
    // Every DL19 query has a relevant passage BM25 did not put in the ideal place.
    expect(cmp.wins).toHaveLength(43);
    const table = formatMetricsTable([
      { label: 'DL19 (BM25)', result: bm25 },
      { label: 'DL19 (reranked: oracle)', result: ceiling },
    ]);
    expect(table).toContain('| DL19 (BM25) | 0.5058 | 0.4914 | 0.7024 | 0.2476 |');
    expect(table).toContain('| DL19 (reranked: oracle) | 0.8922 |');
  });
});
