"""The model behind `dyadwire_confidence` (see that module): its inputs, its weights (package
data fitted by `tools/train_confidence.py`) and the default threshold the commands apply. Plain
Python, no spaCy: `dyadwire events` reads the threshold without loading a pipeline."""

from __future__ import annotations

import functools
import json
import math
from importlib import resources

DATA_FILE = "confidence.json"
# The inputs, in order: `features` builds them, the training script records them, and loading
# checks that the two agree.
FEATURES = (
    "bias", "p_event", "p_class", "dictionary_confidence", "stand_in", "recoded",
    "has_target", "target_country", "target_generic", "tagged_target", "source_person", "source_generic",
    "same_country", "asserted", "reported", "share_of_sentence",
    "class_0", "class_1", "class_2", "class_3", "class_4",
)


class ConfidenceDataError(RuntimeError):
    """The packaged confidence model does not fit this code (rerun tools/train_confidence.py)."""


def _generic(actor: dict | None) -> bool:
    """A party known only by its sector ("---GOV") or not known at all."""
    code = (actor or {}).get("code") or ""
    return not code or code.startswith("---")


def features(event: dict, events_in_sentence: int) -> list[float]:
    """The model's inputs for one event dict of `doc._.dw_events`."""
    from dyadwire.nlp.classify import penta_class

    source, target = event.get("source") or {}, event.get("target") or {}
    p_event = float(event.get("sentence_p_event", 1.0))
    p_class = float(event.get("confidence", 0.5)) / max(p_event, 1e-6)
    cls = penta_class(event.get("cameo") or "")
    return [
        1.0, p_event, min(p_class, 1.0), float(event.get("dictionary_confidence") or 0.0),
        float(event.get("pattern") == "classifier"), float(bool(event.get("recoded"))),
        float(bool(target)), float(bool(target.get("country"))), float(bool(target) and _generic(target)),
        float(event.get("target_basis") == "tagger"),
        float(str(source.get("entity_id") or "").startswith("person:")), float(_generic(source)),
        float(bool(source.get("country")) and source.get("country") == target.get("country")),
        float(event.get("modality") == "asserted"), float(bool(event.get("reported"))),
        1.0 / max(events_in_sentence, 1),
        *[float(cls == k) for k in range(5)],
    ]


class ConfidenceModel:
    def __init__(self, data: dict):
        if tuple(data.get("features", ())) != FEATURES:
            raise ConfidenceDataError("the confidence model was fitted on other inputs; rerun tools/train_confidence.py")
        self.weights = [float(w) for w in data["weights"]]
        self.threshold = float(data["threshold"])
        self.meta = {k: v for k, v in data.items() if k != "weights"}

    def probability(self, x: list[float]) -> float:
        z = sum(w * v for w, v in zip(self.weights, x))
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


@functools.lru_cache(maxsize=1)
def load_model() -> ConfidenceModel:
    path = resources.files("dyadwire.nlp").joinpath("data", DATA_FILE)
    try:
        return ConfidenceModel(json.loads(path.read_text("utf-8")))
    except FileNotFoundError:
        raise ConfidenceDataError(f"{DATA_FILE} is missing; run tools/train_confidence.py") from None


def default_min_confidence() -> float:
    """The threshold `code`, `events` and `ingest` apply unless told otherwise."""
    return load_model().threshold


def min_confidence_or_default(value: float | None) -> float:
    """`value`, or the default threshold when the user gave none (every surface's option)."""
    return default_min_confidence() if value is None else value
