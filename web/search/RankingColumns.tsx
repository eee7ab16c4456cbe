import { memo } from 'react';
import type { ScoredPassage } from '../../worker/api';
import type { Bm25Hit } from './bm25';
import type { CorpusDoc } from './corpus';
import { movement } from '../movement';

interface Props {
  hits: readonly Bm25Hit[];
  /** Indexes into `hits`, best first; while `settling`, only the passages scored so far. */
  ranking: readonly ScoredPassage[];
  settling: boolean;
}

function DocText({ doc }: { doc: CorpusDoc }) {
  return (
    <p className="passage">
      {doc.title && <strong>{doc.title} </strong>}
      {doc.text}
    </p>
  );
}

/** BM25's order: the same hits for a whole rerank, so partial rankings never re-render it. */
const Bm25Column = memo(function Bm25Column({ hits }: { hits: readonly Bm25Hit[] }) {
  return (
    <section aria-label="BM25 order">
      <h2>BM25</h2>
      <ol className="results" data-testid="bm25-list">
        {hits.map((hit, i) => (
          <li key={hit.doc.id} data-testid="bm25-result" data-id={hit.doc.id} className="result">
            <div className="result-head">
              <span className="rank">{i + 1}</span>
              <span className="score" title="BM25 score">
                {hit.score.toFixed(3)}
              </span>
              <span className="doc-id">{hit.doc.id}</span>
            </div>
            <DocText doc={hit.doc} />
          </li>
        ))}
      </ol>
    </section>
  );
});

/** One reranked row: a partial ranking re-renders only the rows whose rank or score moved. */
const RerankedRow = memo(function RerankedRow({
  doc,
  rank,
  score,
  bm25Index,
}: {
  doc: CorpusDoc;
  rank: number;
  score: number;
  bm25Index: number;
}) {
  return (
    <li data-testid="reranked-result" data-id={doc.id} data-score={score} className="result">
      <div className="result-head">
        <span className="rank">{rank + 1}</span>
        <span className="score" title="model score (logit)">
          {score.toFixed(4)}
        </span>
        <span className="doc-id">{doc.id}</span>
        <span className="origin" title="BM25 position and movement">
          BM25 #{bm25Index + 1} <span data-testid="result-move">{movement(bm25Index, rank)}</span>
        </span>
      </div>
      <DocText doc={doc} />
    </li>
  );
});

/** BM25's order and the reranker's order of the same hits, side by side. */
export function RankingColumns({ hits, ranking, settling }: Props) {
  return (
    <div className="columns">
      <Bm25Column hits={hits} />
      <section aria-label="Reranked order">
        <h2>Reranked</h2>
        <ol className={`results${settling ? ' settling' : ''}`} data-testid="reranked-list" aria-busy={settling}>
          {ranking.map((r, rank) => {
            const doc = hits[r.index]!.doc;
            return <RerankedRow key={doc.id} doc={doc} rank={rank} score={r.score} bm25Index={r.index} />;
          })}
        </ol>
      </section>
    </div>
  );
}
