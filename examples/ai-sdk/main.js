// The AI SDK's rerank() with a model that runs in this page.
import { rerank } from 'ai';
import { browserReranking } from 'rerank-in-browser/ai-sdk';

const params = new URLSearchParams(location.search);
const model = browserReranking(params.get('model') ?? 'ms-marco-minilm-l6', { device: 'wasm' });
const query = 'who invented the light bulb';
const documents = [
  { id: 1, title: 'Thomas Edison', text: 'Thomas Edison patented a practical incandescent light bulb in 1879.' },
  { id: 2, title: 'Tulip bulbs', text: 'Plant tulip bulbs in autumn, pointed end up.' },
  { id: 3, title: 'Joseph Swan', text: 'Joseph Swan showed a working light bulb in England before Edison.' },
];

const status = document.getElementById('status');
try {
  const objects = await rerank({ model, query, documents, topN: 2 });
  const strings = await rerank({ model, query, documents: documents.map((d) => d.text) });
  for (const row of objects.ranking) {
    const li = document.createElement('li');
    li.textContent = `${row.document.title} ${row.score.toFixed(3)}`;
    document.getElementById('results').append(li);
  }
  // Enough passages that the run is still going when the signal aborts it.
  const many = Array.from({ length: 5000 }, (_, i) => `passage ${i}: the light bulb, the filament and the lamp`);
  const controller = new AbortController();
  const aborted = rerank({ model, query, documents: many, abortSignal: controller.signal }).then(
    () => 'finished',
    (error) => error.name,
  );
  setTimeout(() => controller.abort(), 100);
  window.__example = {
    objects: objects.ranking,
    identity: objects.ranking.map((row) => row.document === documents[row.originalIndex]),
    strings: strings.ranking,
    metadata: objects.providerMetadata,
    aborted: await aborted,
  };
  status.textContent = 'done';
} catch (error) {
  status.textContent = `error: ${error.message}`;
}
