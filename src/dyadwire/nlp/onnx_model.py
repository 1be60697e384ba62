"""A packaged ONNX transformer and its tokenizer, run with onnxruntime: the shared runner of the
sentence model and the party tagger (package data under `nlp/data/<name>/`: model.onnx,
tokenizer.json, meta.json)."""

from __future__ import annotations

import json
import os
from importlib import resources

import numpy as np


class PackagedModel:
    def __init__(self, name: str):
        self.folder = resources.files("dyadwire.nlp") / "data" / name
        self.meta = json.loads((self.folder / "meta.json").read_text())
        self._session = self._tokenizer = None
        self._pid = None

    def _load(self) -> None:
        """The ONNX session and tokenizer of this process: sessions are not shared across a
        fork (their thread pools are not fork-safe), so a worker makes its own on first use."""
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # one per worker process: the workers are the parallelism
        options.inter_op_num_threads = 1
        with resources.as_file(self.folder / "model.onnx") as path:
            self._session = onnxruntime.InferenceSession(str(path), options,
                                                         providers=["CPUExecutionProvider"])
        # models fine-tuned from one base share its tokenizer: meta.json may name another's
        tokenizer = self.folder.parent.joinpath(*self.meta.get("tokenizer", f"{self.folder.name}/tokenizer.json").split("/"))
        self._tokenizer = Tokenizer.from_str(tokenizer.read_text())
        self._tokenizer.enable_truncation(self.meta["max_length"])
        self._tokenizer.enable_padding()
        self._pid = os.getpid()

    def run(self, texts: list[str]) -> tuple[np.ndarray, list]:
        """(softmax over the last axis of the model's logits, the tokenizer's encodings)."""
        if self._pid != os.getpid():
            self._load()
        encoded = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        logits = self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        logits = logits - logits.max(axis=-1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=-1, keepdims=True), encoded
