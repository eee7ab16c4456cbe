// MiniSearch finds candidates, the reranker orders them: rerankHits keeps every field MiniSearch gave each hit.
import MiniSearch from 'minisearch';
import { createReranker, deleteCachedModel, deleteCachedRuntime, listCachedModels, rerankHits } from 'rerank-in-browser';

const DOCS = [
  { id: 'edison', title: 'Thomas Edison', body: 'Thomas Edison patented a practical incandescent light bulb in 1879.', url: '/edison' },
  { id: 'swan', title: 'Joseph Swan', body: 'Joseph Swan showed a working light bulb in England before Edison.', url: '/swan' },
  { id: 'tulips', title: 'Tulip bulbs', body: 'Plant tulip bulbs in autumn, pointed end up.', url: '/tulips' },
  { id: 'coffee', title: 'Light roast', body: 'A light roast keeps more of the coffee bean’s acidity.', url: '/coffee' },
];

const params = new URLSearchParams(location.search);
const query = params.get('q') ?? 'who invented the light bulb';
const reranker = createReranker({ model: params.get('model') ?? 'ms-marco-minilm-l6', device: 'wasm' });

const search = new MiniSearch({ fields: ['title', 'body'], storeFields: ['title', 'body', 'url'] });
search.addAll(DOCS);
const hits = search.search(query, { fuzzy: 0.2 });

const status = document.getElementById('status');
try {
  const ranked = await rerankHits(reranker, query, hits, { text: (hit) => hit.body, title: (hit) => hit.title });
  // Documents back: each row's document is the very object passed in.
  const documents = DOCS.map((doc) => ({ ...doc, text: doc.body }));
  const { ranking } = await reranker.rerank(query, documents);
  for (const hit of ranked) {
    const item = document.createElement('li');
    item.innerHTML = `<a href="${hit.url}">${hit.title}</a> ${hit.rerankProbability.toFixed(3)}`;
    document.getElementById('results').append(item);
  }
  // The browser keeps the model for next time; a settings page can list it and let the user delete it.
  const cached = await listCachedModels();
  const deleted = await Promise.all(cached.map((model) => deleteCachedModel(model.id)));
  const runtimeDeleted = await deleteCachedRuntime();
  const identity = ranking.map((row) => row.document === documents[row.index]);
  window.__example = { hits, ranked, identity, cached, deleted, runtimeDeleted, cachedAfter: await listCachedModels() };
  status.textContent = 'done';
} catch (error) {
  status.textContent = `error: ${error.message}`;
}
