import { expose } from 'comlink';
import { RerankEngine } from './engine';
import { ModelLoader } from './model-loader';
import { OnnxRuntime } from './runtime/onnx-runtime';

const ort = new URL(`${import.meta.env.BASE_URL}ort/`, self.location.origin);

/** The page this worker serves: where ONNX Runtime's files are, and the origin same-origin models resolve against. */
const host = {
  runtimeFiles: {
    mjs: new URL('ort-wasm-simd-threaded.asyncify.mjs', ort).href,
    wasm: new URL('ort-wasm-simd-threaded.asyncify.wasm', ort).href,
  },
  origin: self.location.origin,
};

expose(new RerankEngine({ runtime: new OnnxRuntime(host.runtimeFiles), loader: new ModelLoader(host.origin) }));
