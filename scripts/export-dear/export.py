"""Export DeAR (LlamaForSequenceClassification) to ONNX in the folder layout the browser worker loads.

Writes OUT/config.json (the released config plus the `reranker` pooling facts and the
transformers.js_config listing external data), the tokenizer files, and two graphs with their
weights in side files: onnx/model.onnx (float32) and onnx/model_fp16.onnx (float16, the input
for q4f16). Then run quantize.py OUT and verify.py OUT.
"""

from __future__ import annotations

import argparse
import gc
import json
import tempfile
from pathlib import Path

import onnx
import torch
from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer

import dear
from onnx_files import record_external_data, save_chunked

INPUTS = ["input_ids", "attention_mask", "position_ids"]
OPSET = 17


class PooledReranker(torch.nn.Module):
    """input_ids, attention_mask, position_ids (int64 [batch, seq]) → logits (float32 [batch, 1])."""

    def __init__(self, model, facts: dict):
        super().__init__()
        self.model = model
        self.padding = facts["padding"]
        self.config_pad = facts["config_pad_token_id"]

    def forward(self, input_ids, attention_mask, position_ids):
        hidden = self.model.model(
            input_ids=input_ids, attention_mask=attention_mask, position_ids=position_ids, use_cache=False
        ).last_hidden_state
        scores = self.model.score(hidden).squeeze(-1)
        if self.padding == "last_token":
            # The last real token: causal attention keeps it blind to the padding after it, so the
            # browser may pad a batch to its longest row.
            at = attention_mask.sum(-1, keepdim=True) - 1
        else:
            # Hugging Face's own rule, the rightmost token that is not config.pad_token_id: the last
            # position of a row padded to max_length. Float, since ArgMax lacks int64 kernels on some backends.
            positions = torch.arange(input_ids.shape[1], device=input_ids.device)
            at = ((input_ids != self.config_pad) * positions).float().argmax(-1, keepdim=True)
        # float32 logits whatever the graph computes in, so the browser reads one format.
        return scores.gather(1, at).float()


def export_graph(model_id: str, dtype: torch.dtype, facts: dict, sample: dict, target: Path) -> int:
    model = AutoModelForSequenceClassification.from_pretrained(model_id, torch_dtype=dtype, attn_implementation="eager")
    model.eval()
    if model.config.num_labels != 1:
        raise SystemExit(f"expected one logit per pair, the checkpoint has num_labels={model.config.num_labels}")
    with tempfile.TemporaryDirectory() as tmp, torch.no_grad():
        traced = Path(tmp) / "model.onnx"
        torch.onnx.export(
            PooledReranker(model, facts),
            tuple(torch.from_numpy(sample[name]) for name in INPUTS),
            str(traced),
            input_names=INPUTS,
            output_names=["logits"],
            dynamic_axes={**{name: {0: "batch_size", 1: "sequence_length"} for name in INPUTS}, "logits": {0: "batch_size"}},
            opset_version=OPSET,
            do_constant_folding=True,
        )
        del model
        gc.collect()
        # torch writes a >2 GB graph as one file per tensor; regroup them into browser-sized side files.
        return save_chunked(onnx.load(str(traced)), target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="output folder (Hugging Face layout)")
    parser.add_argument("--model", default=dear.MODEL_ID, help="hub id or local folder of the released checkpoint")
    args = parser.parse_args()

    tokenizer = AutoTokenizer.from_pretrained(args.model)
    config = AutoConfig.from_pretrained(args.model)
    facts = dear.pooling_facts(config, tokenizer)
    print(f"config.pad_token_id={config.pad_token_id}, padding id={facts['pad_id']} -> {facts['padding']}")

    (args.out / "onnx").mkdir(parents=True, exist_ok=True)
    tokenizer.save_pretrained(args.out)
    config_json = config.to_dict()
    config_json["reranker"] = facts
    (args.out / "config.json").write_text(json.dumps(config_json, indent=2) + "\n")

    sample = dear.edison_batch(tokenizer, facts)
    for file, dtype in (("model.onnx", torch.float32), ("model_fp16.onnx", torch.float16)):
        chunks = export_graph(args.model, dtype, facts, sample, args.out / "onnx" / file)
        record_external_data(args.out, file, chunks)
        print(f"wrote onnx/{file} with {chunks} side file(s)")


if __name__ == "__main__":
    main()
