// A React host page that embeds the reranker through its hook; e2e/packaged.spec.ts builds it against React 18 and 19.
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { useReranker } from 'rerank-in-browser/react';

const params = new URLSearchParams(location.search);
const query = 'When did Thomas Edison invent the light bulb?';
const passages = params.getAll('p');

function App() {
  const { status, info, result, error, rerank } = useReranker({
    model: params.get('model') ?? 'ms-marco-minilm-l6',
    device: params.get('device') === 'webgpu' ? 'webgpu' : 'wasm',
    wasmThreads: Number(params.get('threads')) || undefined,
  });

  // The effect the react-hooks lint rule asks for: it runs once only if `rerank` keeps its identity across renders.
  useEffect(() => {
    if (status !== 'ready') return;
    document.body.dataset.reranks = String(Number(document.body.dataset.reranks ?? 0) + 1);
    void rerank(query, passages);
  }, [status, rerank]);

  return (
    <>
      <p id="status" data-threads={info?.threads}>
        {error ? `error: ${error}` : result ? `done on ${info?.device}` : status}
      </p>
      <ol id="results">
        {result?.ranking.map(({ index, score }) => (
          <li key={index} data-index={index} data-score={score}>
            {passages[index]}
          </li>
        ))}
      </ol>
    </>
  );
}

// StrictMode, as the Vite React template has it: the hook must survive its double effects in development.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
