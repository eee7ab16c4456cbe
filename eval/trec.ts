/**
 * TREC file formats: qrels, runs, and the `retrieve_results` candidates JSON.
 *
 * Pure string-in/data-out so the same code runs in a browser page and under Node;
 * callers read the files themselves (fetch or fs).
 * Every id is kept as a string: the candidates JSON stores qids as numbers while the
 * TREC text files store them as tokens, and the two must meet as equal Map keys.
 */

/** qid → docid → graded relevance (TREC DL: 0–3; negative means "in pool, unjudged"). */
export type Qrels = Map<string, Map<string, number>>;

export interface RunEntry {
  docid: string;
  score: number;
  /** The rank column as written; trec_eval ignores it (see `trecEvalOrder`). */
  rank: number;
}

/** qid → entries in file order. */
export type TrecRun = Map<string, RunEntry[]>;

export interface CandidateHit {
  docid: string;
  text: string;
  score: number;
}

export interface CandidateQuery {
  qid: string;
  query: string;
  /** In first-stage rank order (by the `rank` field, not array position). */
  hits: CandidateHit[];
}

/** Scored entries in rank order, ready to write as a TREC run. */
export type ScoredRun = ReadonlyMap<string, readonly { docid: string; score: number }[]>;

/** Malformed input; `message` starts with the source and position, e.g. `qrels line 3: ...`. */
export class TrecFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrecFormatError';
  }
}

const INTEGER = /^[+-]?\d+$/;
// Stricter than Number(): rejects '', '0x1f', 'Infinity', which Number() would accept.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function* fieldLines(text: string): Generator<{ line: number; fields: string[] }> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const trimmed = (lines[i] ?? '').trim();
    if (trimmed !== '') yield { line: i + 1, fields: trimmed.split(/\s+/) };
  }
}

/** Reads `qid iter docid rel` lines one at a time, for a file handed over in slices; a duplicate judgment is an error, as in trec_eval. */
export class QrelsReader {
  private readonly qrels: Qrels = new Map();
  private line = 0;

  /** The file's next line, with or without its line break. */
  add(text: string): void {
    this.line++;
    const trimmed = text.trim();
    if (trimmed === '') return;
    const fields = trimmed.split(/\s+/);
    const where = `qrels line ${this.line}`;
    if (fields.length !== 4) throw new TrecFormatError(`${where}: expected 4 fields "qid iter docid rel", got ${fields.length}`);
    const [qid, , docid, relText] = fields as [string, string, string, string];
    // trec_eval reads rel as a C long; a fractional grade would be silently truncated there.
    if (!INTEGER.test(relText)) throw new TrecFormatError(`${where}: relevance "${relText}" is not an integer`);
    let judged = this.qrels.get(qid);
    if (!judged) this.qrels.set(qid, (judged = new Map()));
    if (judged.has(docid)) throw new TrecFormatError(`${where}: duplicate judgment for qid ${qid} docid ${docid}`);
    judged.set(docid, Number(relText));
  }

  finish(): Qrels {
    if (this.qrels.size === 0) throw new TrecFormatError('qrels: no judgments found (empty input)');
    return this.qrels;
  }
}

/** Parses qrels text whole (`QrelsReader` line by line). */
export function parseQrels(text: string): Qrels {
  const reader = new QrelsReader();
  for (const line of text.split('\n')) reader.add(line);
  return reader.finish();
}

/** Parses `qid iter docid rank score tag` lines, keeping file order within each query. */
export function parseRun(text: string): TrecRun {
  const run: TrecRun = new Map();
  const seen = new Map<string, Set<string>>();
  for (const { line, fields } of fieldLines(text)) {
    const where = `run line ${line}`;
    if (fields.length !== 6) {
      throw new TrecFormatError(`${where}: expected 6 fields "qid iter docid rank score tag", got ${fields.length}`);
    }
    const [qid, , docid, rankText, scoreText] = fields as [string, string, string, string, string, string];
    if (!INTEGER.test(rankText)) throw new TrecFormatError(`${where}: rank "${rankText}" is not an integer`);
    if (!DECIMAL.test(scoreText)) throw new TrecFormatError(`${where}: score "${scoreText}" is not a finite number`);
    let docids = seen.get(qid);
    if (!docids) seen.set(qid, (docids = new Set()));
    // trec_eval refuses a run that retrieves a doc twice; counting it twice would inflate every metric.
    if (docids.has(docid)) throw new TrecFormatError(`${where}: duplicate docid ${docid} for qid ${qid}`);
    docids.add(docid);
    let entries = run.get(qid);
    if (!entries) run.set(qid, (entries = []));
    entries.push({ docid, score: Number(scoreText), rank: Number(rankText) });
  }
  if (run.size === 0) throw new TrecFormatError('run: no entries found (empty input)');
  return run;
}

/**
 * The order trec_eval evaluates: score descending, ties broken by docid descending
 * (strcmp), after storing scores as C `float`. The float32 rounding matters: two
 * reranker scores that differ only beyond ~7 significant digits tie in trec_eval.
 */
export function trecEvalOrder(entries: readonly { docid: string; score: number }[]): string[] {
  return entries
    .map((e) => ({ docid: e.docid, sim: Math.fround(e.score) }))
    .sort((a, b) => b.sim - a.sim || compareBytes(b.docid, a.docid))
    .map((e) => e.docid);
}

// strcmp order; UTF-16 code-unit order equals byte order for the ASCII ids TREC uses.
function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ordered docids per query, by trec_eval's sort (default) or by the file's rank column. */
export function orderedRunFromTrecRun(run: TrecRun, by: 'trec_eval' | 'rank' = 'trec_eval'): Map<string, string[]> {
  const ordered = new Map<string, string[]>();
  for (const [qid, entries] of run) {
    ordered.set(qid, by === 'rank' ? [...entries].sort((a, b) => a.rank - b.rank).map((e) => e.docid) : trecEvalOrder(entries));
  }
  return ordered;
}

/** Ordered docids per query in the candidates' first-stage order (e.g. BM25). */
export function orderedRunFromCandidates(candidates: readonly CandidateQuery[]): Map<string, string[]> {
  return new Map(candidates.map((c) => [c.qid, c.hits.map((h) => h.docid)]));
}

/** Gives an order-only ranking scores that trec_eval will sort back into the same order. */
export function runFromOrder(ordered: ReadonlyMap<string, readonly string[]>): Map<string, { docid: string; score: number }[]> {
  const run = new Map<string, { docid: string; score: number }[]>();
  for (const [qid, docids] of ordered) {
    run.set(
      qid,
      docids.map((docid, i) => ({ docid, score: docids.length - i })),
    );
  }
  return run;
}

/**
 * Writes `qid Q0 docid rank score tag` lines, rank = position in the given order.
 * Throws when trec_eval would re-sort the entries into a different order (scores not
 * descending, or ties not in docid-descending order): such a file would silently score a
 * different ranking than the one our harness evaluated. Use `runFromOrder` for those.
 */
export function formatRun(run: ScoredRun, tag = 'run'): string {
  checkToken(tag, 'run tag');
  const lines: string[] = [];
  for (const [qid, entries] of run) {
    checkToken(qid, 'qid');
    const expected = trecEvalOrder(entries);
    entries.forEach((entry, i) => {
      checkToken(entry.docid, `qid ${qid} docid`);
      if (!Number.isFinite(entry.score)) {
        throw new TrecFormatError(`formatRun: qid ${qid} docid ${entry.docid} has non-finite score ${entry.score}`);
      }
      if (expected[i] !== entry.docid) {
        throw new TrecFormatError(
          `formatRun: qid ${qid} rank ${i + 1} is docid ${entry.docid} but trec_eval would rank docid ${expected[i]} there ` +
            '(it sorts by float32 score descending, ties by docid descending); pass scores that agree with the order, e.g. via runFromOrder',
        );
      }
      // String(score) round-trips a double exactly, so re-parsing gives the same ranking.
      lines.push(`${qid} Q0 ${entry.docid} ${i + 1} ${String(entry.score)} ${tag}`);
    });
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Ordered docids per query, in the order a scored run lists them. */
export function orderedRunFromScored(run: ScoredRun): Map<string, string[]> {
  return new Map([...run].map(([qid, entries]) => [qid, entries.map((e) => e.docid)]));
}

/**
 * A ranking as a run file that trec_eval scores in the ranking's own order: each query keeps its
 * scores where trec_eval's sort leaves the order as it is; a query whose scores tie in float32
 * (trec_eval orders ties by docid, a reranker by input position) gets rank-based scores
 * (`runFromOrder`) instead, and is named in `rescored`.
 */
export function formatRankedRun(run: ScoredRun, tag = 'run'): { text: string; rescored: string[] } {
  const rescored: string[] = [];
  const kept = new Map<string, readonly { docid: string; score: number }[]>();
  for (const [qid, entries] of run) {
    const order = entries.map((e) => e.docid);
    if (trecEvalOrder(entries).every((docid, i) => docid === order[i])) {
      kept.set(qid, entries);
    } else {
      rescored.push(qid);
      kept.set(qid, runFromOrder(new Map([[qid, order]])).get(qid)!);
    }
  }
  return { text: formatRun(kept, tag), rescored };
}

function checkToken(value: string, what: string): void {
  // A space inside an id would shift every later column when the file is read back.
  if (value === '' || /\s/.test(value)) {
    throw new TrecFormatError(`formatRun: ${what} ${JSON.stringify(value)} is empty or contains whitespace`);
  }
}

/** Parses the `retrieve_results` JSON text: `[{query, hits: [{content, qid, docid, rank, score}]}]`. */
export function parseCandidates(json: string): CandidateQuery[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TrecFormatError(`candidates: not valid JSON (${reason})`);
  }
  return validateCandidates(value);
}

/** Same checks as `parseCandidates`, for JSON that is already parsed (e.g. `await response.json()`). */
export function validateCandidates(value: unknown): CandidateQuery[] {
  if (!Array.isArray(value)) {
    throw new TrecFormatError(`candidates: expected a top-level array of queries, got ${describe(value)}`);
  }
  const seenQids = new Map<string, number>();
  return value.map((item: unknown, q) => {
    const where = `candidates[${q}]`;
    const query = asRecord(item, where, 'a query object {query, hits}');
    const text = query['query'];
    if (text === undefined) throw new TrecFormatError(`${where}: missing field "query"`);
    if (typeof text !== 'string') throw new TrecFormatError(`${where}.query: expected a string, got ${describe(text)}`);
    const rawHits = query['hits'];
    if (rawHits === undefined) throw new TrecFormatError(`${where}: missing field "hits"`);
    if (!Array.isArray(rawHits)) throw new TrecFormatError(`${where}.hits: expected an array, got ${describe(rawHits)}`);
    // The qid lives only on the hits in this format.
    if (rawHits.length === 0) throw new TrecFormatError(`${where}.hits: is empty, so the query's qid is unknown`);

    const hits = rawHits.map((h: unknown, i) => parseHit(h, `${where}.hits[${i}]`));
    const qid = hits[0]!.qid;
    const docids = new Map<string, number>();
    const ranks = new Map<number, number>();
    hits.forEach((hit, i) => {
      const at = `${where}.hits[${i}]`;
      if (hit.qid !== qid) throw new TrecFormatError(`${at}: qid ${hit.qid} differs from qid ${qid} of hits[0]`);
      const dupDoc = docids.get(hit.docid);
      if (dupDoc !== undefined) throw new TrecFormatError(`${at}: docid ${hit.docid} already appears at hits[${dupDoc}]`);
      docids.set(hit.docid, i);
      const dupRank = ranks.get(hit.rank);
      if (dupRank !== undefined) throw new TrecFormatError(`${at}: rank ${hit.rank} already used by hits[${dupRank}]`);
      ranks.set(hit.rank, i);
    });
    const dupQuery = seenQids.get(qid);
    if (dupQuery !== undefined) throw new TrecFormatError(`${where}: qid ${qid} already used by candidates[${dupQuery}]`);
    seenQids.set(qid, q);

    hits.sort((a, b) => a.rank - b.rank);
    return { qid, query: text, hits: hits.map(({ docid, text: t, score }) => ({ docid, text: t, score })) };
  });
}

function parseHit(item: unknown, where: string): CandidateHit & { qid: string; rank: number } {
  const hit = asRecord(item, where, 'a hit object {content, qid, docid, rank, score}');
  for (const field of ['content', 'qid', 'docid', 'rank', 'score']) {
    if (hit[field] === undefined) throw new TrecFormatError(`${where}: missing field "${field}"`);
  }
  const content = hit['content'];
  if (typeof content !== 'string') throw new TrecFormatError(`${where}.content: expected a string, got ${describe(content)}`);
  const rank = hit['rank'];
  if (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 0) {
    throw new TrecFormatError(`${where}.rank: expected a non-negative integer, got ${describe(rank)}`);
  }
  const score = hit['score'];
  if (typeof score !== 'number' || !Number.isFinite(score)) {
    throw new TrecFormatError(`${where}.score: expected a finite number, got ${describe(score)}`);
  }
  return { qid: asId(hit['qid'], `${where}.qid`), docid: asId(hit['docid'], `${where}.docid`), text: content, rank, score };
}

function asRecord(value: unknown, where: string, expected: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TrecFormatError(`${where}: expected ${expected}, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/** Ids may be JSON numbers (this file's qids are) or strings; both become the TREC token. */
function asId(value: unknown, where: string): string {
  const id = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof id !== 'string' || id === '' || /\s/.test(id)) {
    throw new TrecFormatError(`${where}: expected an integer or a non-empty string without whitespace, got ${describe(value)}`);
  }
  return id;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function' || typeof value === 'symbol') return `a ${typeof value}`;
  return `${typeof value} ${String(value as number | boolean | bigint | undefined)}`;
}
