import { Tensor } from '@huggingface/transformers';

/** Right-pads rows of ids into a [rows, width] int64 tensor. */
export function int64Matrix(rows: readonly number[][], width: number, pad: number): Tensor {
  const data = new BigInt64Array(rows.length * width).fill(BigInt(pad));
  rows.forEach((row, r) => row.forEach((v, c) => (data[r * width + c] = BigInt(v))));
  return new Tensor('int64', data, [rows.length, width]);
}

export function logitsOf(output: { logits?: Tensor }): Float32Array {
  const logits = output.logits;
  if (!logits) throw new Error('The model returned no "logits" output.');
  const rows = logits.dims[0] ?? 0;
  const data = logits.data as Float32Array;
  // One logit per row is the reranker contract; a wider head means the wrong model was loaded.
  if (data.length !== rows) {
    throw new Error(`Expected one logit per pair but the model returned shape [${logits.dims.join(', ')}].`);
  }
  return Float32Array.from(data);
}
