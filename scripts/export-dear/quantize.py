"""Make onnx/model_q4.onnx (from model.onnx) and onnx/model_q4f16.onnx (from model_fp16.onnx).

Both replace every MatMul that has a constant weight with MatMulNBits (4-bit, symmetric, blocks
of 32 along K) except the one-column score head, kept exact because its error lands directly in
the logit. q4f16 is the float16 export quantized the same way, so which ops stay in float32
(RMSNorm statistics, softmax) is Hugging Face's own choice, not a converter's guess. In q4 the
token embedding (a Gather, which MatMulNBits does not cover) is stored as float16 and cast back:
lossless for a bfloat16 checkpoint, and 0.8 GB smaller. With --embedding-4bit both graphs store
it in 4 bits instead (GatherBlockQuantized): lossy like the layers, 0.5 GB smaller again.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from onnxruntime.quantization.matmul_4bits_quantizer import MatMul4BitsQuantizer

from onnx_files import record_external_data, save_chunked

BLOCK_SIZE = 32


def score_head(model: onnx.ModelProto) -> list[str]:
    """The MatMul nodes whose constant weight has a single column: the classification head."""
    weights = {t.name: t for t in model.graph.initializer}
    heads = [
        node.name
        for node in model.graph.node
        if node.op_type == "MatMul" and node.input[1] in weights and weights[node.input[1]].dims[-1] == 1
    ]
    if len(heads) != 1:
        raise SystemExit(f"expected one score-head MatMul, found {heads}")
    return heads


def embedding_to_float16(model: onnx.ModelProto) -> None:
    """Stores the float32 token-embedding table as float16 and casts the gathered rows back."""
    weights = {t.name: t for t in model.graph.initializer}
    for index, node in enumerate(model.graph.node):
        table = weights.get(node.input[0]) if node.op_type == "Gather" else None
        if table is None or table.data_type != TensorProto.FLOAT or len(table.dims) != 2:
            continue
        table.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(table).astype(np.float16), table.name))
        rows = node.output[0]
        node.output[0] = f"{rows}_float16"
        cast = helper.make_node("Cast", [node.output[0]], [rows], name=f"{node.name}_to_float", to=TensorProto.FLOAT)
        model.graph.node.insert(index + 1, cast)
        return
    raise SystemExit("no token-embedding Gather found")


def embedding_to_4bit(model: onnx.ModelProto) -> None:
    """Replaces the token-embedding Gather by GatherBlockQuantized (com.microsoft) over a 4-bit table.

    Per row, blocks of BLOCK_SIZE along the hidden axis, symmetric: scale = max|w| / 7,
    q = clip(rint(w / scale) + 8, 0, 15), two values per uint8 (even index in the low nibble), no
    zero-point input (the op's default for uint8 is 8). The layout scripts/dear-scale generates and
    checks in onnxruntime-web on WebGPU; the browser build has no CPU kernel for the op, so such a
    graph is for WebGPU only. Scales keep the table's float type, so the op
    returns what the Gather did (float32 in q4, float16 in q4f16). 128256 x 3072: 197 MB of data
    and 49 MB (float32) of scales instead of 788 MB in float16, and no buffer over 1 GiB.
    """
    weights = {t.name: t for t in model.graph.initializer}
    for node in model.graph.node:
        table = weights.get(node.input[0]) if node.op_type == "Gather" else None
        if table is None or table.data_type not in (TensorProto.FLOAT, TensorProto.FLOAT16) or len(table.dims) != 2:
            continue
        w = numpy_helper.to_array(table)
        rows, hidden = w.shape
        if hidden % BLOCK_SIZE:
            raise SystemExit(f"embedding width {hidden} is not a multiple of {BLOCK_SIZE}")
        blocks = w.astype(np.float32).reshape(rows, hidden // BLOCK_SIZE, BLOCK_SIZE)
        scales = (np.abs(blocks).max(axis=-1) / 7).astype(w.dtype)
        step = scales.astype(np.float32)[..., None]
        q = np.where(step == 0, 8, np.clip(np.rint(blocks / np.where(step == 0, 1, step)) + 8, 0, 15)).astype(np.uint8)
        q = q.reshape(rows, hidden)
        packed = (q[:, 0::2] | (q[:, 1::2] << 4)).astype(np.uint8)
        data_name, scales_name = f"{table.name}_q4", f"{table.name}_scales"
        model.graph.initializer.remove(table)
        model.graph.initializer.extend([numpy_helper.from_array(packed, data_name), numpy_helper.from_array(scales, scales_name)])
        quantized = helper.make_node(
            "GatherBlockQuantized",
            [data_name, node.input[1], scales_name],
            list(node.output),
            name=f"{node.name}_4bit",
            domain="com.microsoft",
            bits=4,
            block_size=BLOCK_SIZE,
            gather_axis=0,
            quantize_axis=1,
        )
        node.CopyFrom(quantized)
        if not any(o.domain == "com.microsoft" for o in model.opset_import):
            model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
        return
    raise SystemExit("no token-embedding Gather found")


def quantize(source: Path, target: Path, embedding: str) -> int:
    model = onnx.load(str(source))
    if embedding == "float16":
        embedding_to_float16(model)
    elif embedding == "4bit":
        embedding_to_4bit(model)
    quantizer = MatMul4BitsQuantizer(model, block_size=BLOCK_SIZE, is_symmetric=True, nodes_to_exclude=score_head(model))
    quantizer.process()
    return save_chunked(quantizer.model.model, target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="export.py's output folder")
    parser.add_argument(
        "--embedding-4bit",
        action="store_true",
        help="store the token embedding in 4 bits (GatherBlockQuantized) in both graphs: a smaller download, "
        "and no GPU buffer over 1 GiB (the float16 table is one of 788 MB); WebGPU only in the browser",
    )
    args = parser.parse_args()
    onnx_dir = args.folder / "onnx"
    for source, target, embedding in (
        ("model.onnx", "model_q4.onnx", "4bit" if args.embedding_4bit else "float16"),
        ("model_fp16.onnx", "model_q4f16.onnx", "4bit" if args.embedding_4bit else "kept"),
    ):
        chunks = quantize(onnx_dir / source, onnx_dir / target, embedding)
        record_external_data(args.folder, target, chunks)
        print(f"wrote onnx/{target} with {chunks} side file(s)")


if __name__ == "__main__":
    main()
