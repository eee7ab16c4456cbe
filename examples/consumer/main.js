// A host page that embeds the reranker as a library, the way a client-side search page would.
// Plain JavaScript, so that Vite and webpack 5 build it as it is (e2e/consumer.spec.ts, e2e/packaged.spec.ts).
import { createReranker } from 'rerank-in-browser';

const params = new URLSearchParams(location.search);
const reranker = createReranker({
  model: params.get('model') ?? 'ms-marco-minilm-l6',
  device: params.get('device') === 'webgpu' ? 'webgpu' : 'wasm',
  wasmThreads: Number(params.get('threads')) || undefined,
});

const query = 'When did Thomas Edison invent the light bulb?';
const passages = params.getAll('p');
const status = document.getElementById('status');
const list = document.getElementById('results');

reranker
  .rerank(query, passages)
  .then(async (result) => {
    for (const { index, score } of result.ranking) {
      const item = document.createElement('li');
      item.dataset.index = String(index);
      item.dataset.score = String(score);
      item.textContent = passages[index] ?? '';
      list.append(item);
    }
    const info = await reranker.info();
    status.dataset.threads = String(info?.threads);
    status.textContent = `done on ${info?.device}`;
  })
  .catch((error) => (status.textContent = `error: ${error.message}`));
