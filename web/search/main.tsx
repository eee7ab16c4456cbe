import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { UpdatePrompt } from '../components/UpdatePrompt';
import '../styles.css';
import './pages.css';
import { SearchApp } from './SearchApp';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SearchApp />
    <UpdatePrompt />
  </StrictMode>,
);
