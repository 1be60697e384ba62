"""The `dyadwire_confidence` component: an event's confidence is the probability that it is right.

Before it, "confidence" is the sentence model's P(event) x P(class), which says whether the
sentence reports an event of that kind, not whether the coder found the right parties: on the
real-news gold set's dev part, events at 0.9 and above were right (source country, target
country, root) no more often than the average event. This component replaces it with a logistic
model of "a careful coder lists the same event" over what the coder knows about each event: how
sure the sentence model is, how the code was chosen (dictionary pattern, re-coded, stand-in),
whether the parties are named and placed in a country, the modality, and how many events share
the sentence. Its weights are package data fitted by `tools/train_confidence.py` on the gold set's
development part only; the same file holds the default threshold that `dyadwire code`, `events`
and `ingest` apply (`--min-confidence`).

The model's own inputs stay on the event as "class_confidence" (the sentence model's figure).
With a user's own ontology (`replace`) it changes nothing: the weights describe CAMEO coding.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dyadwire.nlp import extensions
from dyadwire.nlp.confidence_model import ConfidenceModel, features, load_model


class EventConfidence:
    def __init__(self):
        self.model: ConfidenceModel | None = None

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        self.model = load_model()

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None:
            self.initialize()
        per_sentence: dict[int, int] = {}
        for event in doc._.dw_events:
            per_sentence[event["sentence_index"]] = per_sentence.get(event["sentence_index"], 0) + 1
        for event in doc._.dw_events:
            x = features(event, per_sentence[event["sentence_index"]])
            event["class_confidence"] = event.get("confidence")
            event["confidence"] = round(self.model.probability(x), 4)
        return doc


@Language.factory(
    "dyadwire_confidence",
    default_config={"dictionaries": None, "replace": False},
    assigns=["doc._.dw_events"],
    requires=["doc._.dw_events"],
)
def make_confidence(nlp: Language, name: str, dictionaries: str | None, replace: bool):
    """Build the component that makes each event's confidence the probability it is right (see
    the module doc); with a user's own ontology (`replace`) it changes nothing."""
    if replace:
        return extensions.unchanged
    return EventConfidence()


extensions.register()
