"""The shipped party tagger (nlp/data/party_model): it loads offline, gives at run time the labels
recorded when it was exported, and gives an event without a target the mention it marks."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest
import spacy

from dyadwire.nlp.parties import REPLACE_AT, TARGET_AT, PartyTagger


def _meta() -> dict:
    return json.loads((resources.files("dyadwire.nlp") / "data/party_model/meta.json").read_text())


def test_the_shipped_tagger_gives_the_labels_recorded_at_export():
    tagger = PartyTagger()
    tagger.initialize()
    labels = _meta()["labels"]
    for sample in _meta()["sample"]:
        probs, _ = tagger.model.run([sample["text"]])
        assert [labels[int(i)] for i in probs[0].argmax(-1)] == sample["labels"]


def test_its_training_record_names_no_evaluation_only_text():
    trained_on = " ".join(_meta()["trained_on"])
    assert "Wikinews" in trained_on and "Guardian" not in trained_on and "Timeline17" not in trained_on


def _doc(text: str, mentions: list[tuple[str, str, str | None]]):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    found = []
    for words, code, country in mentions:
        start = text.index(words)
        span = doc.char_span(start, start + len(words))
        found.append({"start": span.start, "end": span.end, "head": span.end - 1, "text": words,
                      "code": code, "country": country, "sector": None, "entity_id": None})
    doc._.dw_actors = found
    return doc


@pytest.mark.parametrize("text, source, other", [
    # sentences written for this test
    ("Egypt's foreign minister met his Jordanian counterpart in Amman on Monday.",
     ("Egypt's foreign minister", "EGYGOV", "EGY"), ("his Jordanian counterpart", "JORGOV", "JOR")),
    ("The European Union condemned the execution of the opposition leader in Belarus.",
     ("The European Union", "IGOEUREEC", None), ("the opposition leader", "BLROPP", "BLR")),
])
def test_an_event_without_a_target_takes_the_mention_the_tagger_marks(text, source, other):
    doc = _doc(text, [source, other])
    src = doc._.dw_actors[0]
    doc._.dw_events = [{"sentence_index": 0, "cameo": "010", "confidence": 0.5, "trigger_i": 0,
                        "source": {k: v for k, v in src.items() if k not in ("start", "end", "head")} | {"i": src["head"]},
                        "target": None}]
    tagger = PartyTagger()
    tagger.initialize()
    scores = tagger.target_scores(list(doc.sents))[0]
    span = doc[doc._.dw_actors[1]["start"]:doc._.dw_actors[1]["end"]]
    p = float(np.mean([q for a, b, q in scores if a < span.end_char and span.start_char < b]))
    (event,) = tagger(doc)._.dw_events
    if p >= TARGET_AT:
        assert event["target"]["code"] == other[1] and event["target_basis"] == "tagger"
    else:
        assert event["target"] is None
    # the source is never its own target, however the tagger reads it
    assert (event["target"] or {}).get("code") != source[1]


def test_an_event_with_a_target_is_left_alone_when_nothing_else_is_marked_surely():
    doc = _doc("Egypt's foreign minister met his Jordanian counterpart in Amman on Monday.",
               [("Egypt's foreign minister", "EGYGOV", "EGY"), ("Amman", "JOR", "JOR")])
    target = {"text": "Amman", "code": "JOR", "country": "JOR", "i": 9}
    doc._.dw_events = [{"sentence_index": 0, "cameo": "040", "confidence": 0.5, "trigger_i": 4,
                        "source": {"text": "Egypt's foreign minister", "code": "EGYGOV", "i": 3},
                        "target": dict(target)}]
    tagger = PartyTagger()
    tagger.initialize()
    (event,) = tagger(doc)._.dw_events
    assert event["target"] == target and "target_basis" not in event


def test_a_dictionary_target_gives_way_to_the_one_the_tagger_marks_surely():
    # written for this test: the dictionary's slot caught where he spoke, not whom he condemned
    text = "Speaking at the United Nations on Monday, Iran's foreign minister condemned Israel."
    doc = _doc(text, [("Iran's foreign minister", "IRNGOV", "IRN"), ("the United Nations", "IGOUNO", "UNO"),
                      ("Israel", "ISR", "ISR")])
    held = {"text": "the United Nations", "code": "IGOUNO", "country": "UNO", "i": 4}
    doc._.dw_events = [{"sentence_index": 0, "cameo": "111", "confidence": 0.5, "trigger_i": 13,
                        "source": {"text": "Iran's foreign minister", "code": "IRNGOV", "i": 11},
                        "target": dict(held)}]
    tagger = PartyTagger()
    tagger.initialize()
    scores = tagger.target_scores(list(doc.sents))[0]

    def p(words):
        start = text.index(words)
        return float(np.mean([q for a, b, q in scores if a < start + len(words) and start < b]))

    (event,) = tagger(doc)._.dw_events
    assert p("Israel") >= REPLACE_AT and p("Israel") > p("the United Nations"), "the tagger reads this sentence"
    assert event["target"]["code"] == "ISR" and event["target_basis"] == "tagger"
