"""The `dyadwire_stand_ins` component: an event for a sentence the dictionary did not code.

Runs after `dyadwire_classify` and reads its `doc._.dw_sentence_classes`. A sentence with no
event in `doc._.dw_events`, not set aside by `dyadwire_events` (a discard phrase, a sports
result), whose class the sentence model is sure of (`thresholds["fallback"]` of the packaged
model), gets one event from its root verb: the verb is the trigger, its subject the source, its
object the target, "pattern": "classifier" (`classify.stand_in_event`, which also says when a
sentence cannot carry one). Its confidence is the class probability times `scale` (1 by default,
so that it stays calibrated; below 1 ranks such events under dictionary events of equal
probability).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dyadwire.nlp import extensions
from dyadwire.nlp.classify import load_model, stand_in_event


class StandInEvents:
    def __init__(self, scale: float = 1.0):
        self.scale = scale
        self.model = None

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        self.model = load_model()

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None:
            self.initialize()
        coded = {e["sentence_index"] for e in doc._.dw_events}
        set_aside = {s["sentence_index"] for s in doc._.dw_set_aside}
        sentences = list(doc.sents)
        added = []
        for row in doc._.dw_sentence_classes:
            index, best = row["sentence_index"], row["penta_class"]
            p = row["probabilities"][best]
            if index in coded or index in set_aside or p < self.model.thresholds["fallback"]:
                continue
            event = stand_in_event(sentences[index], index, best, float(p), self.model, self.scale)
            if event is not None:
                added.append(event)
        if added:
            # in sentence order, as the events of the dictionary are
            doc._.dw_events = sorted([*doc._.dw_events, *added], key=lambda e: e["sentence_index"])
        return doc


@Language.factory(
    "dyadwire_stand_ins",
    default_config={"scale": 1.0, "dictionaries": None, "replace": False},
    assigns=["doc._.dw_events"],
    requires=["doc._.dw_sentence_classes", "doc._.dw_events", "token.dep", "doc.sents"],
)
def make_stand_ins(nlp: Language, name: str, scale: float, dictionaries: str | None, replace: bool):
    """Build the component that codes sentences the dictionary missed (see the module doc); with
    a user's own ontology (`replace`) it adds nothing, as `dyadwire_classify` changes nothing."""
    if replace:
        return extensions.unchanged
    return StandInEvents(scale)


extensions.register()
