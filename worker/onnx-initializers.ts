/**
 * Reads the shape and type of every initializer in an ONNX graph file, without its data. A
 * graph that keeps its weights in external data is small, so its largest tensor is known before
 * the gigabytes are requested. A reader of the few protobuf fields needed, rather than
 * onnx-proto: that one decodes every payload and would put protobufjs in the worker's bundle.
 */

/** Bytes per element of ONNX's TensorProto.DataType; 4-bit types are half a byte. */
const ELEMENT_BYTES: Record<number, number> = {
  1: 4, // FLOAT
  2: 1, // UINT8
  3: 1, // INT8
  4: 2, // UINT16
  5: 2, // INT16
  6: 4, // INT32
  7: 8, // INT64
  9: 1, // BOOL
  10: 2, // FLOAT16
  11: 8, // DOUBLE
  12: 4, // UINT32
  13: 8, // UINT64
  16: 2, // BFLOAT16
  21: 0.5, // UINT4
  22: 0.5, // INT4
};
const TYPE_NAMES: Record<number, string> = { 1: 'fp32', 2: 'uint8', 3: 'int8', 10: 'fp16', 16: 'bf16', 21: 'uint4', 22: 'int4' };

export interface Initializer {
  name: string;
  dims: number[];
  bytes: number;
  type: string;
}

interface Field {
  field: number;
  wire: number;
  /** The varint, for wire type 0. */
  value: number;
  /** The payload, for wire type 2. */
  bytes: Uint8Array;
}

/** The fields of one protobuf message, in order. Varints go up to 2^53, which holds any tensor dimension. */
function* fields(buf: Uint8Array): Generator<Field> {
  let pos = 0;
  const varint = () => {
    let result = 0;
    for (let scale = 1; ; scale *= 128) {
      if (pos >= buf.length) throw new Error('The graph file ends inside a field.');
      const byte = buf[pos++]!;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
    }
  };
  const none = new Uint8Array(0);
  while (pos < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) yield { field, wire, value: varint(), bytes: none };
    else if (wire === 2) {
      const length = varint();
      yield { field, wire, value: 0, bytes: buf.subarray(pos, pos + length) };
      pos += length;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`The graph file has a protobuf wire type ${wire} this reader does not know.`);
  }
}

function readTensor(message: Uint8Array): Initializer {
  const dims: number[] = [];
  let type = 0;
  let name = '';
  for (const f of fields(message)) {
    if (f.field === 1 && f.wire === 0) dims.push(f.value);
    // Packed repeated dims.
    else if (f.field === 1 && f.wire === 2) for (const d of fields(packedAsFields(f.bytes))) dims.push(d.value);
    else if (f.field === 2) type = f.value;
    else if (f.field === 8) name = new TextDecoder().decode(f.bytes);
  }
  const count = dims.reduce((n, d) => n * d, 1);
  return { name, dims, type: TYPE_NAMES[type] ?? `type ${type}`, bytes: Math.ceil(count * (ELEMENT_BYTES[type] ?? 4)) };
}

/** Packed varints have no keys; giving each one the key of field 1 lets `fields` read them. */
function packedAsFields(packed: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (const byte of packed) {
    if (out.length === 0 || out[out.length - 1]! < 0x80) out.push(0x08);
    out.push(byte);
  }
  return Uint8Array.from(out);
}

/** Every initializer of `model` (ModelProto.graph = 7, GraphProto.initializer = 5). */
export function initializers(model: Uint8Array): Initializer[] {
  const found: Initializer[] = [];
  for (const m of fields(model)) {
    if (m.field !== 7 || m.wire !== 2) continue;
    for (const g of fields(m.bytes)) if (g.field === 5 && g.wire === 2) found.push(readTensor(g.bytes));
  }
  return found;
}

export function largestInitializer(model: Uint8Array): Initializer | null {
  return initializers(model).reduce<Initializer | null>((best, t) => (!best || t.bytes > best.bytes ? t : best), null);
}
