// Pagefind (its index built by its CLI after `vite build`) finds pages, the reranker orders them.
import { createReranker, rerankHits } from 'rerank-in-browser';

const params = new URLSearchParams(location.search);
const query = params.get('q') ?? 'light bulb';
const reranker = createReranker({ model: params.get('model') ?? 'ms-marco-minilm-l6', device: 'wasm' });

const status = document.getElementById('status');
try {
  // Written by `pagefind --site dist`, so not there when Vite builds this page.
  const pagefind = await import(/* @vite-ignore */ `${location.origin}/pagefind/pagefind.js`);
  const { results } = await pagefind.search(query);
  const pages = await Promise.all(results.slice(0, 30).map((result) => result.data()));
  const ranked = await rerankHits(reranker, query, pages, { text: (page) => page.content, title: (page) => page.meta.title });
  for (const page of ranked) {
    const item = document.createElement('li');
    item.innerHTML = `<a href="${page.url}">${page.meta.title}</a> ${page.rerankProbability.toFixed(3)}`;
    document.getElementById('results').append(item);
  }
  window.__example = { hits: pages, ranked };
  status.textContent = 'done';
} catch (error) {
  status.textContent = `error: ${error.message}`;
}
