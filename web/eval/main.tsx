import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { UpdatePrompt } from '../components/UpdatePrompt';
import '../styles.css';
import '../search/pages.css';
import './eval.css';
import { EvalApp } from './EvalApp';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <EvalApp />
    <UpdatePrompt />
  </StrictMode>,
);
