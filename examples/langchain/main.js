// A LangChain document compressor that reranks in this page.
import { Document } from '@langchain/core/documents';
import { BrowserReranker } from 'rerank-in-browser/langchain';

const params = new URLSearchParams(location.search);
const compressor = new BrowserReranker({ model: params.get('model') ?? 'ms-marco-minilm-l6', device: 'wasm', topN: 2 });
const documents = [
  new Document({
    pageContent: 'Thomas Edison patented a practical incandescent light bulb in 1879.',
    metadata: { source: 'edison.md', page: 1 },
  }),
  new Document({ pageContent: 'Plant tulip bulbs in autumn, pointed end up.', metadata: { source: 'garden.md', page: 4 } }),
  new Document({ pageContent: 'Joseph Swan showed a working light bulb in England.', metadata: { source: 'swan.md' }, id: 'swan' }),
];

const status = document.getElementById('status');
try {
  const kept = await compressor.compressDocuments(documents, 'who invented the light bulb');
  for (const doc of kept) {
    const li = window.document.createElement('li');
    li.textContent = `${doc.metadata.source} ${doc.metadata.relevanceScore.toFixed(3)}`;
    window.document.getElementById('results').append(li);
  }
  window.__example = {
    input: documents.map(({ pageContent, metadata, id }) => ({ pageContent, metadata, id })),
    kept: kept.map(({ pageContent, metadata, id }) => ({ pageContent, metadata, id })),
  };
  status.textContent = 'done';
} catch (error) {
  status.textContent = `error: ${error.message}`;
}
