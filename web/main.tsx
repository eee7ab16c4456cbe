import { App } from './App';
import { renderPage } from './render-page';
import './styles.css';

renderPage(<App />);
