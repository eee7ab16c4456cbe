import { expose } from 'comlink';
import { RerankEngine } from './engine';

const ort = new URL(`${import.meta.env.BASE_URL}ort/`, self.location.origin);

expose(
  new RerankEngine({
    runtimeFiles: {
      mjs: new URL('ort-wasm-simd-threaded.asyncify.mjs', ort).href,
      wasm: new URL('ort-wasm-simd-threaded.asyncify.wasm', ort).href,
    },
    origin: self.location.origin,
  }),
);
