import { renderPage } from '../render-page';
import '../styles.css';
import '../search/pages.css';
import './eval.css';
import { EvalApp } from './EvalApp';

renderPage(<EvalApp />);
