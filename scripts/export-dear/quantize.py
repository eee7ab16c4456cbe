"""Make onnx/model_q4.onnx (from model.onnx) and onnx/model_q4f16.onnx (from model_fp16.onnx).

Both replace every MatMul that has a constant weight with MatMulNBits (4-bit, symmetric, blocks
of 32 along K) except the one-column score head, kept exact because its error lands directly in
the logit. q4f16 is the float16 export quantized the same way, so which ops stay in float32
(RMSNorm statistics, softmax) is Hugging Face's own choice, not a converter's guess. In q4 the
token embedding (a Gather, which MatMulNBits does not cover) is stored as float16 and cast back:
lossless for a bfloat16 checkpoint, and 0.8 GB smaller.
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


def quantize(source: Path, target: Path, embedding_float16: bool) -> int:
    model = onnx.load(str(source))
    if embedding_float16:
        embedding_to_float16(model)
    quantizer = MatMul4BitsQuantizer(model, block_size=BLOCK_SIZE, is_symmetric=True, nodes_to_exclude=score_head(model))
    quantizer.process()
    return save_chunked(quantizer.model.model, target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="export.py's output folder")
    args = parser.parse_args()
    onnx_dir = args.folder / "onnx"
    for source, target, embedding_float16 in (
        ("model.onnx", "model_q4.onnx", True),
        ("model_fp16.onnx", "model_q4f16.onnx", False),
    ):
        chunks = quantize(onnx_dir / source, onnx_dir / target, embedding_float16)
        record_external_data(args.folder, target, chunks)
        print(f"wrote onnx/{target} with {chunks} side file(s)")


if __name__ == "__main__":
    main()
