/**
 * Dynamic 8-bit quantization of an fp32 ONNX model, in the shape onnxruntime's
 * `quantize_dynamic` writes `model_quantized.onnx` (what transformers.js calls dtype "q8"):
 * every MatMul whose right operand is a 2-D float initializer becomes
 *
 *   DynamicQuantizeLinear(x) → x_q (uint8), x_scale, x_zero_point   (one per activation tensor)
 *   MatMulInteger(x_q, W_q (int8 [K, N]), x_zero_point, W_zero_point (int8 [N], zeros)) → int32
 *   Cast(float) · Mul(x_scale · W_scale[N]) → the MatMul's output
 *
 * with W quantized per output column, symmetric (scale = max|w| / 127). onnxruntime's CPU
 * provider (native and WASM) fuses the chain into DynamicQuantizeMatMul. Activation × activation
 * MatMuls (attention) and embedding tables stay fp32, as with quantize_dynamic's defaults for
 * MatMul-only quantization.
 */
import onnxProto from 'onnx-proto';
import type { onnx as P } from 'onnx-proto';

const { onnx } = onnxProto;
const DT = onnx.TensorProto.DataType;

function floatsOf(t: P.ITensorProto): Float32Array {
  const raw = t.rawData!;
  const copy = new Uint8Array(raw.byteLength);
  copy.set(raw);
  return new Float32Array(copy.buffer);
}

function bytesOf(data: Float32Array | Int8Array): Uint8Array {
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

export interface Q8Stats {
  quantizedMatMuls: number;
  /** Largest |w - dequantized w| over all quantized weights. */
  maxWeightError: number;
}

export function quantizeDynamicQ8(modelBytes: Uint8Array): { model: Uint8Array; stats: Q8Stats } {
  const model = onnx.ModelProto.decode(modelBytes);
  const graph = model.graph!;
  const graphInitializers = graph.initializer ?? [];
  const graphNodes = graph.node ?? [];
  const initializers = new Map(graphInitializers.map((t) => [t.name!, t]));
  const names = new Set<string>([
    ...graphInitializers.map((t) => t.name!),
    ...(graph.input ?? []).map((v) => v.name!),
    ...graphNodes.flatMap((n) => [...(n.output ?? []), n.name ?? '']),
  ]);
  const unique = (hint: string) => {
    let name = hint;
    for (let i = 1; names.has(name); i++) name = `${hint}_${i}`;
    names.add(name);
    return name;
  };
  const newInitializers: P.ITensorProto[] = [];
  const nodes: P.INodeProto[] = [];
  const dynamicQuant = new Map<string, [string, string, string]>();
  const replaced = new Set<string>();
  const stats: Q8Stats = { quantizedMatMuls: 0, maxWeightError: 0 };

  const node = (opType: string, input: string[], output: string[], attribute: P.IAttributeProto[] = []) =>
    nodes.push(onnx.NodeProto.create({ name: unique(`/q8/${opType}`), opType, domain: '', input, output, attribute }));

  for (const n of graphNodes) {
    const weight = n.opType === 'MatMul' && !n.domain ? initializers.get(n.input![1]!) : undefined;
    if (!weight || weight.dataType !== DT.FLOAT || weight.dims!.length !== 2 || !weight.rawData) {
      nodes.push(n);
      continue;
    }
    const [K, N] = weight.dims!.map((d) => Number(d)) as [number, number];
    const W = floatsOf(weight);
    const scales = new Float32Array(N);
    for (let k = 0; k < K; k++) {
      for (let c = 0; c < N; c++) scales[c] = Math.max(scales[c]!, Math.abs(W[k * N + c]!));
    }
    for (let c = 0; c < N; c++) scales[c] = Math.fround(scales[c]! / 127) || 1;
    const q = new Int8Array(K * N);
    for (let i = 0; i < K * N; i++) {
      const s = scales[i % N]!;
      q[i] = Math.max(-127, Math.min(127, Math.round(W[i]! / s)));
      stats.maxWeightError = Math.max(stats.maxWeightError, Math.abs(W[i]! - q[i]! * s));
    }
    const base = weight.name!;
    const qName = unique(`${base}_quantized`);
    const scaleName = unique(`${base}_scale`);
    const zeroName = unique(`${base}_zero_point`);
    newInitializers.push(
      onnx.TensorProto.create({ name: qName, dims: [K, N], dataType: DT.INT8, rawData: bytesOf(q) }),
      onnx.TensorProto.create({ name: scaleName, dims: [N], dataType: DT.FLOAT, rawData: bytesOf(scales) }),
      onnx.TensorProto.create({ name: zeroName, dims: [N], dataType: DT.INT8, rawData: new Uint8Array(N) }),
    );
    replaced.add(base);

    const x = n.input![0]!;
    let dq = dynamicQuant.get(x);
    if (!dq) {
      dq = [unique(`${x}_quantized`), unique(`${x}_scale`), unique(`${x}_zero_point`)];
      node('DynamicQuantizeLinear', [x], dq);
      dynamicQuant.set(x, dq);
    }
    const [xq, xScale, xZero] = dq;
    const integer = unique(`${n.output![0]}_MatMulInteger`);
    const asFloat = unique(`${n.output![0]}_cast`);
    const scale = unique(`${n.output![0]}_scales_mul`);
    node('MatMulInteger', [xq, qName, xZero, zeroName], [integer]);
    node('Cast', [integer], [asFloat], [onnx.AttributeProto.create({ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: DT.FLOAT })]);
    node('Mul', [xScale, scaleName], [scale]);
    node('Mul', [asFloat, scale], [n.output![0]!]);
    stats.quantizedMatMuls++;
  }

  // A weight read by anything besides the MatMuls just replaced stays.
  const stillUsed = new Set(nodes.flatMap((n) => n.input ?? []));
  graph.initializer = [...graphInitializers.filter((t) => !replaced.has(t.name!) || stillUsed.has(t.name!)), ...newInitializers];
  graph.node = nodes;
  model.producerName = 'rerank-in-browser bench (dynamic q8)';
  return { model: onnx.ModelProto.encode(model).finish(), stats };
}
