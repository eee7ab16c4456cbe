import { renderPage } from '../render-page';
import '../styles.css';
import './pages.css';
import { SearchApp } from './SearchApp';

renderPage(<SearchApp />);
