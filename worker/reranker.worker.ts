import { expose } from 'comlink';
import { RerankEngine } from './engine';

const engine = new RerankEngine({
  ortBaseUrl: new URL(`${import.meta.env.BASE_URL}ort/`, self.location.origin).href,
  origin: self.location.origin,
});

expose(engine);
