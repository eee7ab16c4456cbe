"""Check an export against the authors' published Edison scores; exit 1 on any failure.

1. PyTorch the authors' way (simple_rerank.py, which produced the published scores: bfloat16, one
   tokenizer pair call with max_length 228, right padding with EOS), printed beside the reference.
   Its token ids must equal the rows the browser builds (query cut to 32 tokens, which the Edison
   query is well under, BOS-query-BOS-passage).
2. PyTorch float32 on exactly the batch the browser feeds (dear.pad_batch, per the recorded pooling).
3. Every graph in OUT/onnx on that batch, with onnxruntime.

Fails unless the float32 graph ranks [4, 1, 3, 0, 2], each logit within 0.05 of the published one
and within 0.01 of PyTorch float32, and every other graph keeps the ranking. A graph whose
embedding is 4-bit (quantize.py --embedding-4bit) must also dequantize the rows of the batch's
tokens to within half a quantization step of the float32 export's table.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import helper, numpy_helper
from onnx.external_data_helper import load_external_data_for_tensor
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

import dear

REFERENCE_TOLERANCE = 0.05
# Rounding to the nearest level is at most half a step; the rest allows for a float16 scale.
EMBEDDING_STEPS = 0.51
EXPORT_TOLERANCE = 0.01
GRAPHS = {"fp32": "model.onnx", "fp16": "model_fp16.onnx", "q4": "model_q4.onnx", "q4f16": "model_q4f16.onnx"}
REQUIRED = ("fp32", "q4", "q4f16")


def authors_way(model_id: str) -> tuple[list[float], list[list[int]]]:
    """simple_rerank.py's load_ranker() and rerank() for the Edison query, in one batch."""
    tokenizer = AutoTokenizer.from_pretrained(model_id)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    tokenizer.padding_side = "right"
    model = AutoModelForSequenceClassification.from_pretrained(model_id, torch_dtype=torch.bfloat16).eval()
    if model.config.pad_token_id is None:
        model.config.pad_token_id = tokenizer.pad_token_id
    inputs = tokenizer(
        [dear.query_text(dear.EDISON_QUERY)] * len(dear.EDISON_PASSAGES),
        [dear.passage_text(p) for p in dear.EDISON_PASSAGES],
        return_tensors="pt",
        truncation=True,
        padding=True,
        max_length=dear.MAX_LENGTH,
        return_attention_mask=True,
    )
    with torch.no_grad():
        scores = model(**inputs).logits.squeeze(-1).float().tolist()
    rows = [ids[mask.bool()].tolist() for ids, mask in zip(inputs["input_ids"], inputs["attention_mask"])]
    return scores, rows


def torch_float32(model_id: str, batch: dict, config_pad: int) -> list[float]:
    model = AutoModelForSequenceClassification.from_pretrained(model_id, torch_dtype=torch.float32).eval()
    model.config.pad_token_id = config_pad
    with torch.no_grad():
        logits = model(**{name: torch.from_numpy(value) for name, value in batch.items()}).logits
    return logits.squeeze(-1).tolist()


def onnx_scores(path: Path, batch: dict) -> list[float]:
    session = ort.InferenceSession(str(path), providers=ort.get_available_providers())
    return session.run(["logits"], batch)[0][:, 0].tolist()


def _initializer(model: onnx.ModelProto, name: str, folder: Path) -> np.ndarray:
    """One initializer, reading only its own external data (the graphs are gigabytes)."""
    tensor = next(t for t in model.graph.initializer if t.name == name)
    if tensor.data_location == onnx.TensorProto.EXTERNAL:
        load_external_data_for_tensor(tensor, str(folder))
    return numpy_helper.to_array(tensor)


def embedding_4bit_steps(out: Path, file: str, ids: np.ndarray) -> float | None:
    """For a graph with a GatherBlockQuantized embedding: the largest distance, in quantization steps,
    between its dequantized rows for `ids` and the float32 export's rows (at most 0.5 when the table
    was quantized as quantize.py does). None when the graph's embedding is not 4-bit."""
    folder = out / "onnx"
    model = onnx.load(str(folder / file), load_external_data=False)
    node = next((n for n in model.graph.node if n.op_type == "GatherBlockQuantized"), None)
    if node is None:
        return None
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    block = attrs["block_size"]
    packed = _initializer(model, node.input[0], folder)[ids]
    scales = _initializer(model, node.input[2], folder)[ids].astype(np.float32)
    q = np.empty(packed.shape[:-1] + (packed.shape[-1] * 2,), dtype=np.float32)
    q[..., 0::2] = packed & 0x0F
    q[..., 1::2] = packed >> 4
    step = np.repeat(scales, block, axis=-1)
    rows = (q - 8) * step
    fp32 = onnx.load(str(folder / GRAPHS["fp32"]), load_external_data=False)
    gather = next(n for n in fp32.graph.node if n.op_type == "Gather" and len(_dims(fp32, n.input[0])) == 2)
    expected = _initializer(fp32, gather.input[0], folder)[ids].astype(np.float32)
    return float((np.abs(rows - expected) / np.where(step == 0, 1, step)).max())


def _dims(model: onnx.ModelProto, name: str) -> list[int]:
    return next((list(t.dims) for t in model.graph.initializer if t.name == name), [])


def show(label: str, scores: list[float]) -> None:
    print(f"{label:>28}: ranking {dear.ranking(scores)}  " + " ".join(f"{s:9.4f}" for s in scores))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the exported folder (export.py, then quantize.py)")
    parser.add_argument("--model", default=dear.MODEL_ID, help="hub id or local folder of the released checkpoint")
    args = parser.parse_args()

    facts = json.loads((args.out / "config.json").read_text())["reranker"]
    tokenizer = AutoTokenizer.from_pretrained(args.out)
    batch = dear.edison_batch(tokenizer, facts)
    browser_rows = [row[mask == 1].tolist() for row, mask in zip(batch["input_ids"], batch["attention_mask"])]
    failures: list[str] = []

    reference = [dear.EDISON_REFERENCE[i] for i in range(len(dear.EDISON_PASSAGES))]
    print(f"pooling: {facts}")
    show("published (bfloat16)", reference)
    authors, authors_rows = authors_way(args.model)
    show("PyTorch, authors' way", authors)
    if authors_rows != browser_rows:
        failures.append("the browser's token ids differ from the authors' tokenizer pair call")
    expected = torch_float32(args.model, batch, facts["config_pad_token_id"])
    show("PyTorch float32, browser rows", expected)

    for dtype, file in GRAPHS.items():
        path = args.out / "onnx" / file
        if not path.exists():
            if dtype in REQUIRED:
                failures.append(f"onnx/{file} is missing")
            continue
        try:
            scores = onnx_scores(path, batch)
        except Exception as error:  # noqa: BLE001 - any runtime failure is a verification failure
            failures.append(f"onnx/{file} did not run: {error}")
            continue
        show(f"onnx/{file}", scores)
        steps = embedding_4bit_steps(args.out, file, np.unique(batch["input_ids"]))
        if steps is not None:
            print(f"{'':>28}  4-bit embedding: rows within {steps:.3f} quantization steps of model.onnx's")
            if steps > EMBEDDING_STEPS:
                failures.append(f"onnx/{file}'s 4-bit embedding is {steps:.3f} steps from the float32 table (at most {EMBEDDING_STEPS})")
        if dear.ranking(scores) != dear.EDISON_RANKING:
            failures.append(f"onnx/{file} ranks {dear.ranking(scores)}, not {dear.EDISON_RANKING}")
        if dtype == "fp32":
            off_reference = max(abs(s - r) for s, r in zip(scores, reference))
            off_torch = max(abs(s - t) for s, t in zip(scores, expected))
            if off_reference > REFERENCE_TOLERANCE:
                note = (
                    " (this checkpoint reads its score at a padding position: simple_rerank.py padded the batch"
                    " to its longest row, the export pads to 228 as in training, so the two cannot agree exactly)"
                    if facts["padding"] == "pad_to_max_length"
                    else ""
                )
                failures.append(f"onnx/{file} is {off_reference:.4f} from the published scores{note}")
            if off_torch > EXPORT_TOLERANCE:
                failures.append(f"onnx/{file} is {off_torch:.4f} from PyTorch float32 on the same rows")

    for failure in failures:
        print(f"FAIL: {failure}")
    if failures:
        sys.exit(1)
    print("OK: the export reproduces the published ranking and scores")


if __name__ == "__main__":
    main()
