"""Placing events: the gazetteer (fast) and the `dyadwire_where` component (slow, real model).

Cases live in test_where_geocode_cases.jsonl and test_where_cases.jsonl (our own sentences about
real places). `python tests/test_where.py` prints accuracy per kind of case and gazetteer timings.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyadwire import places
from dyadwire.nlp import where

HERE = Path(__file__).parent
GEOCODE_CASES = [json.loads(line) for line in (HERE / "test_where_geocode_cases.jsonl").read_text().splitlines() if line.strip()]
DOC_CASES = [json.loads(line) for line in (HERE / "test_where_cases.jsonl").read_text().splitlines() if line.strip()]


def geocode_outcome(case: dict) -> dict | None:
    place = places.geocode(case["name"], case.get("context", ()))
    return None if place is None else {"country": place.country, "precision": place.precision}


def geocode_expected(case: dict) -> dict | None:
    return None if case.get("none") else {"country": case["country"], "precision": case["precision"]}


@pytest.mark.parametrize("case", GEOCODE_CASES, ids=[c["id"] for c in GEOCODE_CASES])
def test_geocode(case):
    assert geocode_outcome(case) == geocode_expected(case), case["name"]


def test_geocode_gives_coordinates_and_plain_dicts():
    place = places.geocode("Tel Aviv")
    assert abs(place.lat - 32.08) < 0.1 and abs(place.lon - 34.78) < 0.1
    json.dumps(place.to_dict())


def test_us_is_never_a_building_or_another_country():
    for spelling in ("US", "U.S.", "USA", "U.S.A.", "United States", "United States of America"):
        place = places.geocode(spelling)
        assert (place.country, place.precision, place.name) == ("USA", "country", "United States")


def test_nationality_adjectives_only_give_context():
    assert places.geocode("Palestinian") is None
    assert places.nationality_country("Palestinian") == "PSE"
    assert places.nationality_country("American") == "USA"


def test_empty_and_unknown_names():
    assert places.geocode("") is None
    assert places.geocode("Nowhereville Upon Sea") is None


# --------------------------------------------------------------------------- the component


def _token_index(doc, word: str) -> int:
    hits = [t.i for t in doc if t.text == word]
    assert hits, f"{word!r} not in {doc.text!r}"
    return hits[0]


def build_doc(nlp, case: dict):
    doc = nlp(case["text"])
    event = {"sentence_index": 0, "trigger_i": _token_index(doc, case["trigger"]),
             "modality": "asserted", "source": None, "target": None}
    for side in ("source", "target"):
        if case.get(side):
            event[side] = {"text": case[side], "i": _token_index(doc, case[side])}
    doc._.dw_events = [event]
    return doc


def doc_outcome(nlp, component, case: dict) -> dict | None:
    location = component(build_doc(nlp, case))._.dw_events[0]["location"]
    if location is None:
        return None
    return {k: location[k] for k in ("name", "country", "precision")}


def doc_expected(case: dict) -> dict | None:
    return None if case.get("none") else {k: case[k] for k in ("name", "country", "precision")}


@pytest.fixture(scope="module")
def nlp(base_nlp):
    return base_nlp


@pytest.fixture(scope="module")
def component(nlp):
    return where.make_where(nlp, "dyadwire_where")


@pytest.mark.slow
@pytest.mark.parametrize("case", DOC_CASES, ids=[c["id"] for c in DOC_CASES])
def test_event_place(nlp, component, case):
    assert doc_outcome(nlp, component, case) == doc_expected(case), case["text"]


@pytest.mark.slow
def test_locate_works_without_the_component(nlp):
    doc = nlp("Negotiators met in Doha on Sunday.")
    location = where.locate(doc, _token_index(doc, "met"))
    assert location["country"] == "QAT" and location["precision"] == "city"
    assert location["lat"] is not None and location["lon"] is not None


@pytest.mark.slow
def test_where_runs_after_when_in_a_pipeline(nlp):
    from dyadwire.nlp import when  # noqa: F401  (registers dyadwire_when)
    from dyadwire.nlp.pipeline import load_base

    pipeline = load_base()
    pipeline.add_pipe("dyadwire_when")
    pipeline.add_pipe("dyadwire_where")
    doc = pipeline("Talks were held in Oman on Monday.")
    assert doc._.dw_events == []
    analysis = pipeline.analyze_pipes(pretty=False)
    assert not analysis["problems"]["dyadwire_where"]


def _accuracy_report() -> None:
    import time
    from collections import defaultdict

    from dyadwire.nlp.pipeline import load_base

    places.gazetteer.cache_clear()
    start = time.perf_counter()
    g = places.gazetteer()
    print(f"gazetteer: {len(g.places)} places, {len(g.index)} names, "
          f"loaded in {time.perf_counter() - start:.2f} s")
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    from conftest import print_accuracy, tally

    for case in GEOCODE_CASES:
        if not tally(totals, "geocode", geocode_outcome(case) == geocode_expected(case)):
            print("MISS", case["id"], case["name"], geocode_outcome(case))
    nlp = load_base()
    comp = where.make_where(nlp, "dyadwire_where")
    for case in DOC_CASES:
        got = doc_outcome(nlp, comp, case)
        if not tally(totals, "doc:" + case["kind"], got == doc_expected(case)):
            print("MISS", case["id"], case["text"], got)
    print_accuracy(totals)


if __name__ == "__main__":
    _accuracy_report()
