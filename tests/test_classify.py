"""The sentence classifier: its decisions, its packaged data, and the component on our own sentences."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from conftest import REPO, shared_data
from dyadwire.nlp import classify

THRESHOLDS = {"candidate_ratio": 2.0, "recode": 0.6, "fallback": 0.3}


def event(cameo: str, candidates=None, confidence=0.5, modality="asserted", trigger_i=0) -> dict:
    return {"cameo": cameo, "candidates": candidates or [[cameo, 2]], "confidence": confidence,
            "modality": modality, "trigger_i": trigger_i, "sentence_index": 0}


# -- pure decisions ---------------------------------------------------------------------------


def test_penta_class_of_codes_and_unknown_children():
    assert classify.penta_class("010") == 0
    assert classify.penta_class("042") == 1
    assert classify.penta_class("0871") == 2
    assert classify.penta_class("163") == 3
    assert classify.penta_class("190") == 4
    assert classify.penta_class("1999") == 4  # unknown leaf: its parent's class
    assert classify.penta_class("") is None


def test_confidence_becomes_the_probability_of_the_events_class():
    p = np.array([0.1, 0.6, 0.1, 0.1, 0.1])
    out = classify.decide(p, [event("042", confidence=0.9)], THRESHOLDS)
    assert out[0]["confidence"] == pytest.approx(0.6)
    assert out[0]["dictionary_confidence"] == 0.9
    assert out[0]["cameo"] == "042"


def test_a_candidate_of_a_clearly_likelier_class_wins():
    p = np.array([0.05, 0.05, 0.1, 0.1, 0.7])
    out = classify.decide(p, [event("046", [["046", 2], ["190", 1]])], THRESHOLDS)
    assert out[0]["cameo"] == "190"
    # not clearly likelier: the dictionary's first choice stays
    p = np.array([0.05, 0.3, 0.05, 0.1, 0.5])
    out = classify.decide(p, [event("046", [["046", 2], ["190", 1]])], {**THRESHOLDS, "recode": 1.01})
    assert out[0]["cameo"] == "046"


def test_main_event_is_recoded_only_when_no_event_has_the_confident_class():
    p = np.array([0.02, 0.02, 0.02, 0.04, 0.9])
    out = classify.decide(p, [event("042", [["042", 2]])], THRESHOLDS)
    assert out[0].get("recode_class") == 4 and out[0]["recoded"]
    out = classify.decide(p, [event("042", [["042", 2]]), event("190", [["190", 2]])], THRESHOLDS)
    assert all("recode_class" not in e for e in out)
    low = np.array([0.2, 0.2, 0.2, 0.1, 0.3])
    assert all("recode_class" not in e for e in classify.decide(low, [event("042")], THRESHOLDS))


def test_decide_leaves_its_input_alone():
    events = [event("042", confidence=0.9)]
    classify.decide(np.full(5, 0.2), events, THRESHOLDS)
    assert events[0]["confidence"] == 0.9 and "dictionary_confidence" not in events[0]


# -- the packaged data ------------------------------------------------------------------------


def test_packaged_model_loads_and_fits_the_features():
    model = classify.load_model()
    assert model.weights.shape == (classify.FEATURES, classify.CLASSES)
    assert 0.3 < model.temperature < 5
    assert {classify.penta_class(r) for r in model.roots} == {0, 1, 2, 3, 4}
    p = model.probabilities(np.zeros(classify.FEATURES, dtype=np.float32))
    assert p.sum() == pytest.approx(1.0, abs=1e-5)
    # the held-back part is never a training source
    assert all(src.get("part") != "held-back" for src in model.meta["sources"].values())


def test_bad_model_data_is_refused():
    with pytest.raises(classify.ClassifierDataError):
        classify.SentenceModel({"format": 99})
    data = {"format": classify.FORMAT_VERSION, "feature_blocks": [["content_vector", 300]]}
    with pytest.raises(classify.ClassifierDataError):
        classify.SentenceModel(data)


@pytest.mark.corpus
def test_data_file_is_consistent_with_the_training_script():
    shared_data("cameo-codebook", "cameo-codes-icews.csv")
    shared_data("conflibert-cameo-train", "cameo_class_train.tsv")
    result = subprocess.run([sys.executable, str(REPO / "tools" / "train_classifier.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# -- the component on sentences of our own ----------------------------------------------------


def run(nlp, text: str):
    doc = nlp.make_doc(text)
    doc._.dw_article_date = "2022-06-01"
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


@pytest.mark.slow
def test_component_is_in_the_pipeline_after_events(nlp):
    names = nlp.pipe_names
    assert names.index("dyadwire_classify") == names.index("dyadwire_events") + 1


@pytest.mark.slow
@pytest.mark.parametrize("text, cls", [
    ("Russian troops shelled the Ukrainian town of Kharkiv overnight, killing four civilians.", 4),
    ("France and Germany signed a trade agreement in Paris on Tuesday.", 1),
    ("The Japanese government sent emergency food aid to flood victims in Pakistan.", 2),
    ("China strongly condemned the American decision to sell weapons to Taiwan.", 3),
])
def test_sentence_class_of_our_own_sentences(nlp, text, cls):
    doc = run(nlp, text)
    classes = doc._.dw_sentence_classes
    assert len(classes) == 1 and classes[0]["penta_class"] == cls
    assert sum(classes[0]["probabilities"]) == pytest.approx(1.0, abs=1e-3)
    events = doc._.dw_events
    assert events, text
    main = classify.main_event(events)
    assert classify.penta_class(main["cameo"]) == cls
    assert all(0.0 <= e["confidence"] <= 1.0 for e in events)


@pytest.mark.slow
def test_a_sentence_the_dictionary_misses_gets_one_classifier_event(nlp):
    # "haul away" is not in the CAMEO verb dictionary; the sentence model still reads coercion.
    doc = run(nlp, "German police hauled away several climate activists.")
    events = doc._.dw_events
    assert [e.get("pattern") for e in events] == ["classifier"]
    assert classify.penta_class(events[0]["cameo"]) == 4
    assert events[0]["source"]["text"].endswith("police") and events[0]["source"].get("code")
    assert events[0]["target"]["text"].endswith("activists")


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Temperatures rose sharply across Europe last week.",
    "Fans celebrated in the streets after the final whistle.",
    "Heavy rain flooded several villages in the north.",
])
def test_no_classifier_event_without_a_resolved_actor(nlp, text):
    doc = run(nlp, text)
    assert not [e for e in doc._.dw_events if e.get("pattern") == "classifier"]
    assert len(doc._.dw_sentence_classes) == 1  # the sentence class is still there


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Germany has been a member of NATO since 1955.",  # a stative verb: no one did anything
    "Reuters reported that German police hauled away several activists.",  # the reporter did not
    "Mr Kowalczyk hauled away several climate activists.",  # no actor the KB places did it
])
def test_no_classifier_event_where_english_says_none_was_done(nlp, text):
    assert not [e for e in run(nlp, text)._.dw_events if e.get("pattern") == "classifier"]


@pytest.mark.slow
def test_a_passive_without_its_doer_gets_a_classifier_event_done_to_its_subject(nlp):
    (event,) = run(nlp, "Several German climate activists were hauled away near Berlin.")._.dw_events
    assert event["pattern"] == "classifier" and event["source"] is None
    assert event["target"]["text"].endswith("activists") and event["target"]["code"].startswith("DEU")
    (event,) = run(nlp, "Several climate activists were hauled away by German police.")._.dw_events
    assert event["source"]["text"] == "German police" and event["target"]["text"].endswith("activists")


@pytest.mark.slow
def test_extensions_survive_pickling(nlp):
    import pickle

    doc = run(nlp, "France and Germany signed a trade agreement in Paris on Tuesday.")
    again = pickle.loads(pickle.dumps(doc))
    assert again._.dw_sentence_classes == doc._.dw_sentence_classes


def test_check_reports_a_changed_training_source(tmp_path):
    changed = tmp_path / "cameo-codebook" / "cameo-codes-icews.csv"
    changed.parent.mkdir()
    changed.write_text("code,example\n010,Something else.\n")
    result = subprocess.run([sys.executable, str(REPO / "tools" / "train_classifier.py"), "--check",
                             "--data", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 1 and "changed since training" in result.stderr
