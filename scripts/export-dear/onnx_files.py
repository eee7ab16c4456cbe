"""Writing ONNX graphs the way transformers.js fetches them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import BinaryIO

import onnx
from onnx.external_data_helper import set_external_data

# Browsers handle one download/ArrayBuffer of up to ~2 GB reliably, so weights are split into
# side files of at most this size: model.onnx_data, model.onnx_data_1, ... (transformers.js's names).
CHUNK_BYTES = 1_900_000_000
# Small tensors (shapes, scalars) stay inside the graph, like onnx's own saver does.
INLINE_BYTES = 1024


def _initializers(graph: onnx.GraphProto):
    yield from graph.initializer
    for node in graph.node:
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                yield from _initializers(attr.g)


def save_chunked(model: onnx.ModelProto, path: Path) -> int:
    """Saves `model` (all weights in memory) as `path` plus side files; returns how many.

    Moves the weights out of `model`, so it is unusable afterwards.
    """
    files: dict[str, BinaryIO] = {}
    chunk, used = 0, 0
    try:
        for tensor in _initializers(model.graph):
            size = len(tensor.raw_data)
            if size <= INLINE_BYTES:
                continue
            if used and used + size > CHUNK_BYTES:
                chunk, used = chunk + 1, 0
            location = f"{path.name}_data" + (f"_{chunk}" if chunk else "")
            if location not in files:
                files[location] = open(path.parent / location, "wb")
            file = files[location]
            set_external_data(tensor, location=location, offset=file.tell(), length=size)
            file.write(tensor.raw_data)
            tensor.ClearField("raw_data")
            used += size
    finally:
        for file in files.values():
            file.close()
    onnx.save_model(model, str(path))
    return len(files)


def record_external_data(folder: Path, file_name: str, chunks: int) -> None:
    """Lists `file_name`'s side-file count in config.json, where transformers.js looks for it
    (config["transformers.js_config"].use_external_data_format, per file)."""
    path = folder / "config.json"
    config = json.loads(path.read_text())
    formats = config.setdefault("transformers.js_config", {}).setdefault("use_external_data_format", {})
    formats[file_name] = chunks
    path.write_text(json.dumps(config, indent=2) + "\n")
