/**
 * The bench's peer: what a developer would write with plain transformers.js, as its
 * documentation shows for cross-encoders (`AutoTokenizer` on every query with `text_pair`,
 * `padding`, `truncation`, then one `AutoModelForSequenceClassification` call), on this page's
 * main thread. Only what the comparison needs is set: ONNX Runtime's files from this origin
 * (not the CDN) and the engine's thread count. The model starts loading as the module runs;
 * `?model=&dtype=&threads=` say which. Bench only: neither the app nor the library includes it.
 */
import { AutoModelForSequenceClassification, AutoTokenizer, env, type Tensor } from '@huggingface/transformers';

const params = new URLSearchParams(location.search);
const model = params.get('model') ?? '';
const dtype = (params.get('dtype') ?? 'q8') as 'q8' | 'fp32';

const wasm = env.backends.onnx.wasm!;
wasm.wasmPaths = {
  mjs: new URL('/ort/ort-wasm-simd-threaded.asyncify.mjs', location.origin).href,
  wasm: new URL('/ort/ort-wasm-simd-threaded.asyncify.wasm', location.origin).href,
};
wasm.numThreads = Number(params.get('threads') ?? 1);

const epoch = () => performance.timeOrigin + performance.now();
let lastFile = 0;
const onProgress = (p: { status?: string }) => {
  if (p.status === 'done') lastFile = epoch();
};

async function load() {
  const start = epoch();
  const tokenizer = await AutoTokenizer.from_pretrained(model, { progress_callback: onProgress });
  const classifier = await AutoModelForSequenceClassification.from_pretrained(model, {
    device: 'wasm',
    dtype,
    progress_callback: onProgress,
  });
  const end = epoch();
  return { tokenizer, classifier, timing: { files: { start, end: lastFile || end }, runtimeAndSession: { start: lastFile || end, end } } };
}

const loading = load();

/** One call over `passages` (as documented), or calls of `chunk` passages in input order; every call's input shape is reported. */
async function rerank(query: string, passages: string[], chunk = passages.length) {
  const { tokenizer, classifier } = await loading;
  const t0 = performance.now();
  let firstMs: number | null = null;
  const scores: number[] = [];
  const shapes: number[][] = [];
  for (let i = 0; i < passages.length; i += chunk) {
    const part = passages.slice(i, i + chunk);
    const inputs = tokenizer(
      part.map(() => query),
      { text_pair: part, padding: true, truncation: true },
    );
    shapes.push([...(inputs.input_ids as Tensor).dims]);
    const { logits } = (await classifier(inputs)) as { logits: Tensor };
    scores.push(...Array.from(logits.data as Float32Array));
    firstMs ??= performance.now() - t0;
  }
  return { firstMs, totalMs: performance.now() - t0, scores, shapes };
}

declare global {
  interface Window {
    __peer?: { ready: Promise<{ timing: unknown; threads: number }>; rerank: typeof rerank };
  }
}

window.__peer = { ready: loading.then(({ timing }) => ({ timing, threads: wasm.numThreads ?? 1 })), rerank };
