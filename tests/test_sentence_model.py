"""The shipped sentence model (nlp/data/sentence_model): it loads offline, gives at run time the
classes recorded when it was exported, drops the events of sentences it says report none, and
re-codes and scores the rest with its class probabilities."""

from __future__ import annotations

import json
from importlib import resources

import pytest
import spacy

from dyadwire.nlp.classify import penta_class
from dyadwire.nlp.sentence_model import DROP_BELOW, RECODE, EventSentenceModel


def _meta() -> dict:
    return json.loads((resources.files("dyadwire.nlp") / "data/sentence_model/meta.json").read_text())


def test_the_shipped_model_gives_the_classes_recorded_at_export():
    meta = _meta()
    model = EventSentenceModel()
    probs = model.probabilities([s["text"] for s in meta["sample"]])
    assert list(probs.argmax(1)) == [s["class"] for s in meta["sample"]]
    assert probs.shape[1] == len(meta["classes"]) and meta["classes"][meta["no_event"]] == "no event"


def test_its_training_record_names_no_evaluation_only_text():
    trained_on = " ".join(_meta()["trained_on"])
    assert "do not ship" not in trained_on and "Wikinews" in trained_on


@pytest.mark.parametrize("sample", _meta()["sample"], ids=lambda s: s["text"][:30])
def test_events_are_dropped_or_scored_by_the_sentence_class(sample):
    meta = _meta()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(sample["text"])
    # a statement with no other candidate code, as the verb dictionary may leave one
    doc._.dw_events = [{"sentence_index": 0, "cameo": "010", "confidence": 0.8, "trigger_i": 0}]
    model = EventSentenceModel()
    model.initialize()
    probs = model.probabilities([sample["text"]])[0]
    p_event = 1 - float(probs[meta["no_event"]])
    classes = [float(p) / p_event for i, p in enumerate(probs) if i != meta["no_event"]]
    doc = model(doc)
    if p_event < DROP_BELOW:
        assert doc._.dw_events == []
        return
    (event,) = doc._.dw_events
    best = max(range(len(classes)), key=classes.__getitem__)
    if classes[best] >= RECODE and best != 0:
        # the model is sure the sentence reports another kind of event: the statement is re-coded
        assert penta_class(event["cameo"]) == best and event["recoded"]
    else:
        assert event["cameo"] == "010"
    assert event["confidence"] == pytest.approx(p_event * classes[penta_class(event["cameo"])], abs=1e-3)
