"""The `dyadwire_parties` component: whom an event is done to, where the verb dictionary found no one.

On the real-news gold set's dev part the commonest wrong event had the right source and no
target where the careful coder's names one ("sent an envoy to Libya to meet with rebels", "was
critical of the U.S. media", "interviewed Koussa"): the dictionary's pattern had no slot for it.
A token tagger reads the sentence as a whole: MiniLM (all-MiniLM-L6-v2, Apache-2.0) fine-tuned
by `tools/train_party_model.py` on ConfliBERT's source/target spans and the gold set's Wikinews
development sentences to mark the source and the target of the sentence's event (labels O, B-S,
I-S, B-T, I-T), exported to int8 ONNX (package data, offline).

It runs only on sentences with an event that has no target, batched per Doc. Of the actor
mentions of the sentence that are resolved (a code or a country), are not the event's source and
are not a place ("in Iraq"),
the one the tagger marks as target most surely, at least `target_at` on average over its
sub-words, becomes the target ("target_basis": "tagger"). With a user's own ontology
(`replace`) it changes nothing, as the other learned components.
"""

from __future__ import annotations

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from dyadwire.nlp import extensions
from dyadwire.nlp.events import PLACE_PREPS
from dyadwire.nlp.mentions import public
from dyadwire.nlp.onnx_model import PackagedModel

DATA = "party_model"
# A mention becomes the target when the tagger's mean P(B-T or I-T) over its words is at least
# this. Chosen on the dev part (strict recall 0.041 with no tagger, 0.044 at 0.5, 0.046 at 0.3,
# precision unchanged; 0.7 adds fewer right targets).
TARGET_AT = 0.3


class PartyTagger:
    def __init__(self, target_at: float = TARGET_AT):
        self.target_at = target_at
        self.model: PackagedModel | None = None

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        self.model = PackagedModel(DATA)
        labels = self.model.meta["labels"]
        self._target = [labels.index("B-T"), labels.index("I-T")]

    def target_scores(self, sentences: list[Span]) -> list[list[tuple[int, int, float]]]:
        """For each sentence, (start_char, end_char, P(target)) of the first sub-word of each of
        its words (the tagger was trained on those; the rest carry no label), offsets in the Doc."""
        if self.model is None:
            self.initialize()
        texts = [s.text for s in sentences]
        probs, encoded = self.model.run(texts)
        out = []
        for sent, text, p, enc in zip(sentences, texts, probs, encoded):
            target = p[:, self._target].sum(axis=1)
            out.append([(sent.start_char + a, sent.start_char + b, float(target[k]))
                        for k, (a, b) in enumerate(enc.offsets)
                        if b > a and enc.attention_mask[k] and (a == 0 or text[a - 1].isspace())])
        return out

    def __call__(self, doc: Doc) -> Doc:
        untargeted = sorted({e["sentence_index"] for e in doc._.dw_events if not e.get("target")})
        if not untargeted:
            return doc
        sentences = list(doc.sents)
        scores = dict(zip(untargeted, self.target_scores([sentences[i] for i in untargeted])))
        mentions = [m for m in doc._.dw_actors if (m.get("code") or m.get("country")) and not m.get("members")]
        for event in doc._.dw_events:
            if event.get("target") or event["sentence_index"] not in scores:
                continue
            sent = sentences[event["sentence_index"]]
            best, best_p = None, self.target_at
            for m in mentions:
                if not (sent.start <= m["start"] and m["end"] <= sent.end) or _is_source(m, event) \
                        or _is_place(doc[m["head"]]):
                    continue
                span = doc[m["start"]:m["end"]]
                inside = [p for a, b, p in scores[event["sentence_index"]] if a < span.end_char and span.start_char < b]
                p = float(np.mean(inside)) if inside else 0.0
                if p >= best_p:
                    best, best_p = m, p
            if best is not None:
                event["target"] = {**public(best), "text": best["text"], "i": best["head"]}
                for key in ("start", "end", "head"):
                    event["target"].pop(key, None)
                event["target_basis"] = "tagger"
        return doc


def _is_place(head) -> bool:
    """"positions in Iraq": the mention is where it happened (`dyadwire_where` places it), not
    whom it was done to."""
    return head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPS


def _is_source(mention: dict, event: dict) -> bool:
    source = event.get("source") or {}
    if source.get("i") is not None and mention["start"] <= source["i"] < mention["end"]:
        return True
    same_entity = source.get("entity_id") and source.get("entity_id") == mention.get("entity_id")
    return bool(same_entity) or (source.get("code") == mention.get("code") and source.get("text") == mention["text"])


@Language.factory(
    "dyadwire_parties",
    default_config={"target_at": TARGET_AT, "dictionaries": None, "replace": False},
    assigns=["doc._.dw_events"],
    requires=["doc._.dw_events", "doc._.dw_actors", "doc.sents"],
)
def make_parties(nlp: Language, name: str, target_at: float, dictionaries: str | None, replace: bool):
    """Build the component that finds the targets the dictionary missed (see the module doc)."""
    if replace:
        return extensions.unchanged
    return PartyTagger(target_at)


extensions.register()
