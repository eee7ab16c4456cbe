"""What the DeAR reranker expects as input, shared by export.py, quantize.py and verify.py.

Everything here mirrors the authors' code (github.com/DataScienceUIBK/DeAR-Reranking) and the
browser worker (worker/families/dear-encoding.ts), so the exported graph is fed exactly what
the checkpoint saw in training.
"""

from __future__ import annotations

import numpy as np

MODEL_ID = "abdoelsayed/dear-3b-reranker-ranknet-v1"

# The authors pad every pair to q_max_len + p_max_len = 32 + 196.
MAX_LENGTH = 228
# data.py encodes the query with add_special_tokens=False, max_length=32: 32 query tokens, BOS not counted.
QUERY_MAX_TOKENS = 32

EDISON_QUERY = "When did Thomas Edison invent the light bulb?"
EDISON_PASSAGES = [
    "Lightning strike at Seoul National University",
    "Thomas Edison tried to invent a device for car but failed",
    "Coffee is good for diet",
    "KEPCO fixes light problems",
    "Thomas Edison invented the light bulb in 1879",
]
# The authors' published scores for DeAR-P-3B-RL (simple_rerank.py, bfloat16), by passage index.
EDISON_REFERENCE = {4: -1.3046875, 1: -5.125, 3: -6.3125, 0: -6.4375, 2: -6.96875}
EDISON_RANKING = [4, 1, 3, 0, 2]


def query_text(query: str) -> str:
    return f"query: {query}"


def passage_text(text: str, title: str = "") -> str:
    # An empty title leaves two spaces after "document:"; the published scores depend on it.
    return f"document: {title} {text}"


def padding_id(tokenizer) -> int:
    """The id the authors pad with: the tokenizer's pad token, else EOS (Llama 3 has no pad token)."""
    return tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id


def pooling_facts(config, tokenizer) -> dict:
    """Where LlamaForSequenceClassification reads the score, recorded in config.json as `reranker`.

    Hugging Face pools at the rightmost token that is not config.pad_token_id (simple_rerank.py
    sets it to the padding id when the config has none). If that id is the padding id, this is the
    last real token and any right padding gives the same score ("last_token"). Otherwise it is the
    last padding position, so the score depends on the padded length and the model must be run as
    it was trained: padded to MAX_LENGTH ("pad_to_max_length").
    """
    pad = padding_id(tokenizer)
    config_pad = config.pad_token_id if config.pad_token_id is not None else pad
    return {
        "padding": "last_token" if config_pad == pad else "pad_to_max_length",
        "pad_id": pad,
        "max_length": MAX_LENGTH,
        "config_pad_token_id": config_pad,
    }


def encode_pair(tokenizer, query: str, passage: str) -> list[int]:
    """BOS, query (≤ 32 tokens), BOS, passage, cut to MAX_LENGTH: Llama 3's pair layout, no EOS."""
    bos = tokenizer.bos_token_id
    q = tokenizer.encode(query, add_special_tokens=False)[:QUERY_MAX_TOKENS]
    p = tokenizer.encode(passage, add_special_tokens=False)
    return ([bos, *q, bos, *p])[:MAX_LENGTH]


def pad_batch(rows: list[list[int]], facts: dict) -> dict[str, np.ndarray]:
    """Right-pads rows as the browser does; position_ids are 0..width-1 everywhere, as Hugging Face uses."""
    width = MAX_LENGTH if facts["padding"] == "pad_to_max_length" else max(len(r) for r in rows)
    input_ids = np.full((len(rows), width), facts["pad_id"], dtype=np.int64)
    attention_mask = np.zeros((len(rows), width), dtype=np.int64)
    for i, row in enumerate(rows):
        input_ids[i, : len(row)] = row
        attention_mask[i, : len(row)] = 1
    position_ids = np.broadcast_to(np.arange(width, dtype=np.int64), (len(rows), width)).copy()
    return {"input_ids": input_ids, "attention_mask": attention_mask, "position_ids": position_ids}


def edison_batch(tokenizer, facts: dict) -> dict[str, np.ndarray]:
    rows = [encode_pair(tokenizer, query_text(EDISON_QUERY), passage_text(p)) for p in EDISON_PASSAGES]
    return pad_batch(rows, facts)


def ranking(scores) -> list[int]:
    return sorted(range(len(scores)), key=lambda i: -scores[i])
