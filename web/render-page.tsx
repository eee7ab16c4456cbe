import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { startAppReranker } from './app-reranker';
import { UpdatePrompt } from './components/UpdatePrompt';

/** Each of the app's pages: its reranker starts first, then React renders the page and the update prompt. */
export function renderPage(page: ReactNode): void {
  startAppReranker();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      {page}
      <UpdatePrompt />
    </StrictMode>,
  );
}
