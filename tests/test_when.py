"""Dating events: expression resolution (fast) and the `dyadwire_when` component (slow, real model).

Cases live in test_when_resolve_cases.jsonl and test_when_cases.jsonl (our own sentences about real
offices, places and dates). `python tests/test_when.py` prints accuracy per kind of case.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dyadwire.nlp import when

HERE = Path(__file__).parent
RESOLVE_CASES = [json.loads(line) for line in (HERE / "test_when_resolve_cases.jsonl").read_text().splitlines() if line.strip()]
DOC_CASES = [json.loads(line) for line in (HERE / "test_when_cases.jsonl").read_text().splitlines() if line.strip()]


def _base(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def resolve_outcome(case: dict) -> dict | None:
    ref = when.resolve_time(case["expr"], _base(case["base"]), case.get("tense"))
    if ref is None:
        return None
    return {"date": ref.date.isoformat() if ref.date else None, "precision": ref.precision,
            "basis": ref.basis, "direction": ref.direction}


def resolve_expected(case: dict) -> dict | None:
    if case.get("none"):
        return None
    return {k: case[k] for k in ("date", "precision", "basis", "direction")}


@pytest.mark.parametrize("case", RESOLVE_CASES, ids=[c["id"] for c in RESOLVE_CASES])
def test_resolve_time(case):
    assert resolve_outcome(case) == resolve_expected(case), case["expr"]


def test_resolve_time_lowercase_month_and_modal_are_not_times():
    base = date(2023, 3, 3)
    assert when.resolve_time("may", base) is None
    assert when.resolve_time("", base) is None


def test_time_ref_to_dict_is_plain():
    ref = when.resolve_time("last week", date(2023, 3, 3))
    d = ref.to_dict()
    assert d["date"] == "2023-02-20" and d["precision"] == "week"
    json.dumps(d)


# --------------------------------------------------------------------------- the component


def _token_index(doc, word: str, occurrence: int = 0) -> int:
    hits = [t.i for t in doc if t.text == word]
    assert len(hits) > occurrence, f"{word!r} not in {doc.text!r}"
    return hits[occurrence]


def build_doc(nlp, case: dict):
    doc = nlp(case["text"])
    doc._.dw_article_date = case.get("article_date")
    trigger_i = _token_index(doc, case["trigger"], case.get("trigger_n", 0))
    event = {
        "sentence_index": [s.start <= trigger_i < s.end for s in doc.sents].index(True),
        "trigger_i": trigger_i,
        "source": None,
        "target": None,
        "modality": case.get("modality_in", "asserted"),
    }
    doc._.dw_events = [event]
    return doc


def doc_outcome(nlp, component, case: dict) -> dict:
    doc = component(build_doc(nlp, case))
    event = doc._.dw_events[0]
    return {k: event.get(k) for k in ("date", "date_precision", "date_basis", "modality")}


def doc_expected(case: dict) -> dict:
    return {"date": case["date"], "date_precision": case["precision"], "date_basis": case["basis"],
            "modality": case.get("modality", case.get("modality_in", "asserted"))}


@pytest.fixture(scope="module")
def nlp(base_nlp):
    return base_nlp


@pytest.fixture(scope="module")
def component(nlp):
    return when.make_when(nlp, "dyadwire_when")


@pytest.mark.slow
@pytest.mark.parametrize("case", DOC_CASES, ids=[c["id"] for c in DOC_CASES])
def test_event_date(nlp, component, case):
    assert doc_outcome(nlp, component, case) == doc_expected(case), case["text"]


@pytest.mark.slow
def test_times_list_every_expression_with_offsets(nlp, component):
    text = "The envoy said on Tuesday that talks held last week in Doha would resume next month."
    doc = nlp(text)
    doc._.dw_article_date = "2023-03-03"
    doc = component(doc)
    times = doc._.dw_times
    assert [t["text"] for t in times] == ["Tuesday", "last week", "next month"]
    for t in times:
        assert text[t["start"]:t["end"]] == t["text"]
    assert [t["direction"] for t in times] == ["past", "past", "future"]
    assert times[2]["date"] == "2023-04-01" and times[2]["precision"] == "month"
    json.dumps(times)


@pytest.mark.slow
def test_date_for_works_without_the_component(nlp):
    doc = nlp("Germany's chancellor visited Beijing yesterday.")
    doc._.dw_article_date = "2022-11-05"
    result = when.date_for(doc, _token_index(doc, "visited"))
    assert result["date"] == "2022-11-04" and result["date_basis"] == "relative"


@pytest.mark.slow
def test_component_registers_and_analyses_cleanly(nlp):
    import spacy
    from dyadwire.nlp.pipeline import load_base

    pipeline = load_base()
    pipeline.add_pipe("dyadwire_when")
    doc = pipeline("Talks were held on Monday.")
    assert isinstance(doc._.dw_times, list)
    assert doc._.dw_events == []
    analysis = pipeline.analyze_pipes(pretty=False)
    assert not analysis["problems"]["dyadwire_when"]
    assert spacy.__version__


@pytest.mark.slow
def test_extensions_survive_serialisation(nlp, component):
    from spacy.tokens import Doc

    doc = nlp("Officials met in Amman last week.")
    doc._.dw_article_date = "2023-03-03"
    doc._.dw_events = [{"sentence_index": 0, "trigger_i": 1, "source": None, "target": None,
                        "modality": "asserted"}]
    doc = component(doc)
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert again._.dw_article_date == "2023-03-03"
    assert again._.dw_events[0]["date"] == "2023-02-20"
    assert again._.dw_times[0]["text"] == "last week"


def _accuracy_report() -> None:
    from collections import defaultdict

    from dyadwire.nlp.pipeline import load_base

    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    from conftest import print_accuracy, tally

    for case in RESOLVE_CASES:
        if not tally(totals, "resolve:" + case["kind"], resolve_outcome(case) == resolve_expected(case)):
            print("MISS", case["id"], case["expr"], resolve_outcome(case))
    nlp = load_base()
    comp = when.make_when(nlp, "dyadwire_when")
    for case in DOC_CASES:
        got = doc_outcome(nlp, comp, case)
        if not tally(totals, "doc:" + case["kind"], got == doc_expected(case)):
            print("MISS", case["id"], case["text"], got)
    print_accuracy(totals)


if __name__ == "__main__":
    _accuracy_report()


@pytest.mark.slow
def test_a_preposition_at_the_root_does_not_hang(nlp_when_regression):
    # spaCy makes a new Token object on every access, so identity checks ("x.head is not x")
    # never end at the root; a fragment headed by a preposition used to loop forever.
    doc = nlp_when_regression.make_doc("In 2008 and after.")
    doc._.dw_article_date = "2009-01-05"
    doc = nlp_when_regression(doc)
    assert doc._.dw_times is not None


@pytest.fixture(scope="module")
def nlp_when_regression():
    from dyadwire.nlp.pipeline import load

    return load()
