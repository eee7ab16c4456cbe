import Papa from 'papaparse';
import type { Passage, ScoredPassage } from '../worker/api';
import { passageLabel } from './passages';

/** One ranked passage as exported: `index` is its position in the input, `rank` its place in the ranking (1 = best). */
export interface ExportedRow {
  rank: number;
  index: number;
  /** The document's id, where the passages have one (the search page's corpus). */
  id?: string;
  score: number;
  probability: number;
  title: string;
  text: string;
}

/** What Download JSON writes: the run's settings and its ranking, best first. */
export interface ExportedRanking {
  query: string;
  model: string;
  device: string;
  dtype: string;
  /** When the rerank finished, ISO 8601 (UTC). */
  time: string;
  /** How long the rerank took, from the engine's timing. */
  rerankMs: number;
  ranking: ExportedRow[];
}

export interface RankingSource {
  query: string;
  info: { model: string; device: string; dtype: string };
  finishedAt: Date;
  totalMs: number;
  ranking: readonly ScoredPassage[];
  passages: readonly Passage[];
  /** Document ids by input position, when the passages have them. */
  ids?: readonly string[];
}

export function exportedRanking(source: RankingSource): ExportedRanking {
  return {
    query: source.query,
    model: source.info.model,
    device: source.info.device,
    dtype: source.info.dtype,
    time: source.finishedAt.toISOString(),
    rerankMs: source.totalMs,
    ranking: source.ranking.map((r, i) => {
      const { title = '', text } = passageLabel(source.passages[r.index] ?? '');
      const id = source.ids?.[r.index];
      return { rank: i + 1, index: r.index, ...(id === undefined ? {} : { id }), score: r.score, probability: r.probability, title, text };
    }),
  };
}

export function rankingJson(ranking: ExportedRanking): string {
  return `${JSON.stringify(ranking, null, 2)}\n`;
}

/**
 * Papa Parse's own check (`escapeFormulae: true`) is `/^[=+\-@\t\r].*$/`, whose `.` stops at a line
 * break: a cell holding a newline or U+2028 slipped through. Only the first character counts.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A header and one row per passage, best first. Papa Parse quotes a field that holds the
 * delimiter, a quote or a line break and doubles its quotes (RFC 4180), with CRLF between rows.
 * Scores are written as JavaScript prints them, which reads back to the same double. A text cell
 * that begins with `=`, `+`, `-`, `@`, a tab or a CR gets a leading `'`: passages come from
 * anywhere, and a spreadsheet would run `=HYPERLINK(…)` as a formula (JSON keeps the text as is).
 */
export function rankingTable(ranking: ExportedRanking, delimiter: ',' | '\t' = ','): string {
  const withIds = ranking.ranking.some((row) => row.id !== undefined);
  const fields = ['rank', 'index', ...(withIds ? ['id'] : []), 'score', 'probability', 'title', 'text'];
  return `${Papa.unparse({ fields, data: ranking.ranking.map((row) => fields.map((field) => row[field as keyof ExportedRow] ?? '')) }, { delimiter, escapeFormulae: FORMULA_START })}\r\n`;
}
