"""The shipped sentence model (nlp/data/sentence_model): it loads offline, gives at run time the
classes recorded when it was exported, and drops the events of sentences it says report none."""

from __future__ import annotations

import json
from importlib import resources

import pytest
import spacy

from dyadwire.nlp.sentence_model import DROP_BELOW, EventSentenceModel  # noqa: F401


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
def test_events_of_a_sentence_without_one_are_dropped(sample):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(sample["text"])
    doc._.dw_events = [{"sentence_index": 0, "cameo": "010", "confidence": 0.8}]
    model = EventSentenceModel()
    p_event = 1 - float(model.probabilities([sample["text"]])[0][_meta()["no_event"]])
    doc = model(doc)
    if p_event < DROP_BELOW:
        assert doc._.dw_events == []
    else:
        (event,) = doc._.dw_events
        assert event["confidence"] == pytest.approx(0.8 * p_event)
