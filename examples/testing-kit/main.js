// An embedder's search page: it loads the default preset from the hub, as in production.
import { createReranker } from 'rerank-in-browser';

const reranker = createReranker({ model: 'ms-marco-minilm-l6' });
const passages = [
  'Thomas Edison patented a practical incandescent light bulb in 1879.',
  'Plant tulip bulbs in autumn, pointed end up.',
  'Joseph Swan showed a working light bulb in England before Edison.',
];

const status = document.getElementById('status');
reranker
  .rerank('who invented the light bulb', passages)
  .then(({ ranking }) => {
    for (const { index, score } of ranking) {
      const item = document.createElement('li');
      Object.assign(item.dataset, { index, score });
      item.textContent = passages[index];
      document.getElementById('results').append(item);
    }
    status.textContent = 'done';
  })
  .catch((error) => (status.textContent = `error: ${error.message}`));
