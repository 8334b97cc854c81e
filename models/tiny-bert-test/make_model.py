#!/usr/bin/python3
"""Writes model.onnx (a tiny BERT-shaped test model) and reference.json (numpy embeddings) for CodeIndex.Embeddings tests.

Why: WordPiece + dense inputs + mean/CLS pooling need a real ONNX model; this one is small, deterministic and committed.
Needs: python3-onnx, python3-numpy (Debian: apt-get install -y python3-onnx python3-numpy).
Run:   /usr/bin/python3 make_model.py   (from any directory; writes next to this script)
Model: inputs input_ids, attention_mask, token_type_ids int64 [batch, seq];
       x = word_emb[input_ids] + type_emb[token_type_ids]                        [batch, seq, 8]
       ctx = sum(x * mask) / sum(mask) over seq (so the model itself honours the attention mask)
       last_hidden_state = tanh(x @ W + b + ctx @ U)                             [batch, seq, 8]
Reference ids are written out by hand from vocab.txt (the tests check the tokenizer against them separately).
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
HIDDEN = 8

with open(os.path.join(HERE, "vocab.txt"), encoding="utf-8") as f:
    VOCAB = [line.rstrip("\n") for line in f]

rng = np.random.default_rng(20261122)
word_emb = (rng.standard_normal((len(VOCAB), HIDDEN)) * 0.5).astype(np.float32)
type_emb = (rng.standard_normal((2, HIDDEN)) * 0.1).astype(np.float32)
w = (rng.standard_normal((HIDDEN, HIDDEN)) * 0.4).astype(np.float32)
b = (rng.standard_normal(HIDDEN) * 0.1).astype(np.float32)
u = (rng.standard_normal((HIDDEN, HIDDEN)) * 0.3).astype(np.float32)


def build_model():
    init = [
        numpy_helper.from_array(word_emb, "word_emb"),
        numpy_helper.from_array(type_emb, "type_emb"),
        numpy_helper.from_array(w, "W"),
        numpy_helper.from_array(b, "b"),
        numpy_helper.from_array(u, "U"),
        numpy_helper.from_array(np.array([2], dtype=np.int64), "axis2"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1"),
    ]
    nodes = [
        helper.make_node("Gather", ["word_emb", "input_ids"], ["we"], axis=0),
        helper.make_node("Gather", ["type_emb", "token_type_ids"], ["te"], axis=0),
        helper.make_node("Add", ["we", "te"], ["x"]),
        helper.make_node("Cast", ["attention_mask"], ["maskf"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["maskf", "axis2"], ["mask3"]),
        helper.make_node("Mul", ["x", "mask3"], ["xm"]),
        helper.make_node("ReduceSum", ["xm", "axis1"], ["xsum"], keepdims=1),
        helper.make_node("ReduceSum", ["mask3", "axis1"], ["msum"], keepdims=1),
        helper.make_node("Div", ["xsum", "msum"], ["ctx"]),
        helper.make_node("MatMul", ["x", "W"], ["xw"]),
        helper.make_node("Add", ["xw", "b"], ["xwb"]),
        helper.make_node("MatMul", ["ctx", "U"], ["cu"]),
        helper.make_node("Add", ["xwb", "cu"], ["pre"]),
        helper.make_node("Tanh", ["pre"], ["last_hidden_state"]),
    ]
    dims = ["batch", "seq"]
    graph = helper.make_graph(
        nodes,
        "tiny_bert_test",
        [helper.make_tensor_value_info(n, TensorProto.INT64, dims) for n in ("input_ids", "attention_mask", "token_type_ids")],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "seq", HIDDEN])],
        init,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="codeindex-make_model")
    model.ir_version = 7
    onnx.checker.check_model(model)
    return model


def hidden(ids):
    ids = np.array(ids, dtype=np.int64)
    x = word_emb[ids] + type_emb[0]
    ctx = x.mean(axis=0)
    return np.tanh(x @ w + b + ctx @ u)


def unit(v):
    return v / np.linalg.norm(v)


CASES = [
    ("The quick brown fox jumps over the lazy dog.", [2, 5, 6, 7, 8, 9, 10, 13, 5, 14, 15, 22, 3]),
    ("Unaffable dogs!", [2, 16, 17, 18, 15, 10, 23, 3]),
    ("Hello, world", [2, 19, 21, 20, 3]),
    ("Café résumé naïve", [2, 29, 30, 31, 3]),
]


def main():
    onnx.save(build_model(), os.path.join(HERE, "model.onnx"))
    cases = []
    for text, ids in CASES:
        h = hidden(ids).astype(np.float64)
        mean = h.mean(axis=0)
        cases.append({
            "text": text,
            "tokens": ids,
            "pieces": [VOCAB[i] for i in ids],
            "mean": [float(v) for v in mean],
            "meanNormalized": [float(v) for v in unit(mean)],
            "clsNormalized": [float(v) for v in unit(h[0])],
        })
    with open(os.path.join(HERE, "reference.json"), "w", encoding="utf-8") as f:
        json.dump({"model": "tiny-bert-test", "cases": cases}, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
