"""ConfliBERT's CAMEO sentences: the penta class of each sentence's main event.

The sentences were split once (tools/make_conflibert_split.py, fixed seed) into a development
part, the only one ever tuned on, and a held-back part, the one reported.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

SOURCE = Path("conflibert-cameo-train") / "cameo_class_train.tsv"
CLASSES = (0, 1, 2, 3, 4)


class SplitMismatch(Exception):
    pass


@dataclass(frozen=True)
class Sentence:
    line: int
    text: str
    label: int


def load(data: Path, part: str) -> list[Sentence]:
    """`part` is "dev", "held-back" or "all"."""
    path = data / SOURCE
    raw = path.read_bytes()
    split = json.loads(resources.files("dyadwire.evaluate").joinpath("data/conflibert_split.json").read_text())
    if hashlib.sha256(raw).hexdigest() != split["sha256"]:
        raise SplitMismatch(f"{path} differs from the file the committed split was made from")
    held = set(split["held_back_lines"])
    sentences = []
    for i, line in enumerate(raw.decode("utf-8").splitlines()):
        if "\t" not in line:
            continue
        text, label = line.rsplit("\t", 1)
        if part == "all" or (part == "held-back") == (i in held):
            sentences.append(Sentence(i, text.strip(), int(label)))
    return sentences


def main_event_class(events: list[dict]) -> int | None:
    """The penta class of the sentence's main event: the most confident asserted one.

    With `dyadwire_classify` in the pipeline, an event's confidence is the calibrated probability
    of its class, and a sentence the dictionary did not code may carry one event the classifier
    coded (a product event like any other, from the sentence's root verb); no sentence-level
    prediction is read here that `dyadwire code` would not output.
    """
    if not events:
        return None
    ranked = sorted(events, key=lambda e: (e.get("modality") == "asserted", e.get("confidence", 0)), reverse=True)
    return ranked[0]["penta_class"]


def macro_f1(gold: list[int], predicted: list[int | None]) -> tuple[float, dict[int, dict]]:
    per_class = {}
    for c in CLASSES:
        tp = sum(1 for g, p in zip(gold, predicted) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, predicted) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, predicted) if g == c and p != c)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[c] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    return sum(v["f1"] for v in per_class.values()) / len(CLASSES), per_class
