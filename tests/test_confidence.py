"""Confidence is the probability that an event is right, and the commands apply its threshold:
the shipped model, the component, and `code` / `events` / `ingest` with and without
`--min-confidence`."""

from __future__ import annotations

import json

import pytest

from dyadwire.nlp.confidence_model import FEATURES, default_min_confidence, features, load_model
from test_cli import dyadwire as dyadwire_cli

# Written for this test, not taken from any corpus.
REPORTS = "\n".join(json.dumps(r) for r in [
    {"id": "c1", "date": "2019-05-14", "text": "Norway's foreign minister met his Danish counterpart in Oslo on "
     "Monday. The two countries signed an agreement on fisheries. The weather in Bergen was mild."},
    {"id": "c2", "date": "2019-05-15", "text": "Kenyan police arrested twelve protesters outside parliament in "
     "Nairobi. The shilling rose slightly against the dollar in thin trading."},
]) + "\n"


def test_the_shipped_model_fits_the_code():
    model = load_model()
    assert len(model.weights) == len(FEATURES)
    assert 0.0 <= default_min_confidence() < 1.0
    assert "development part" in model.meta["trained_on"]


def _event(**changes) -> dict:
    event = {"sentence_index": 0, "cameo": "111", "confidence": 0.8, "sentence_p_event": 0.9,
             "dictionary_confidence": 0.8, "modality": "asserted", "reported": False,
             "source": {"code": "FRAGOV", "country": "FRA"}, "target": {"code": "DEU", "country": "DEU"}}
    event.update(changes)
    return event


def test_a_probability_from_what_the_coder_knows():
    model = load_model()
    p = model.probability(features(_event(), 1))
    assert 0.0 < p < 1.0
    # The fitted weights say what the dev part taught: a sentence that surely reports an event
    # and a target placed in a country make an event likelier to be right.
    assert model.probability(features(_event(sentence_p_event=0.2, confidence=0.18), 1)) < p
    assert model.probability(features(_event(target=None), 1)) < p


@pytest.mark.slow
def test_code_shows_the_events_at_or_above_the_threshold(tmp_path):
    threshold = default_min_confidence()
    everything = [json.loads(line) for line in dyadwire_cli("code", "--min-confidence", "0", "-", stdin=REPORTS).stdout.splitlines()]
    shown = [json.loads(line) for line in dyadwire_cli("code", "-", stdin=REPORTS).stdout.splitlines()]
    assert everything, "the reports hold events"
    assert [e for e in everything if e["confidence"] >= threshold] == shown
    assert all(0.0 <= e["confidence"] <= 1.0 for e in everything)
    assert dyadwire_cli("code", "--min-confidence", "1", "-", stdin=REPORTS).stdout == ""
    assert dyadwire_cli("code", "--min-confidence", "1.5", "-", stdin=REPORTS).returncode == 2

    # ingest stores every event; events lists those at or above the threshold by default
    articles = tmp_path / "reports.jsonl"
    articles.write_text(REPORTS)
    db = str(tmp_path / "c.duckdb")
    run = dyadwire_cli("ingest", "--db", db, str(articles))
    assert run.returncode == 0 and "default confidence threshold" in run.stderr
    listed = [json.loads(line) for line in dyadwire_cli("events", "--db", db, "--json", "--limit", "0").stdout.splitlines()]
    every = [json.loads(line) for line in dyadwire_cli("events", "--db", db, "--json", "--limit", "0",
                                                   "--min-confidence", "0").stdout.splitlines()]
    assert len(every) == len(everything)
    assert sorted(e["event_id"] for e in listed) == sorted(e["event_id"] for e in shown)


@pytest.mark.slow
def test_every_surface_shows_the_events_at_or_above_the_threshold(tmp_path):
    import dataclasses

    import surface_db
    from live_server import Server

    import dyadwire
    from dyadwire.store import Store

    coded = surface_db.article("a1", "2023-03-03", [
        ("Milley met the Israeli military in Tel Aviv.", "USAMIL", "040", "ISRMIL", "Tel Aviv"),
        ("Milley warned Iran.", "USAMIL", "130", "IRN"),
    ])
    unsure = dataclasses.replace(coded.events[1], confidence=default_min_confidence() / 2)
    db = tmp_path / "t.duckdb"
    with Store(db) as store:
        store.write([dataclasses.replace(coded, events=[coded.events[0], unsure])])
        store.refresh_actors()

    data = dyadwire.open(db)
    assert len(data.events()) == 1 and len(data.events(min_confidence=0)) == 2
    assert data.dyad("USA", "IRN").empty and len(data.dyad("USA", "IRN", min_confidence=0)) == 1
    listed = dyadwire_cli("events", "--db", str(db), "--json").stdout.splitlines()
    assert len(listed) == 1
    assert len(dyadwire_cli("events", "--db", str(db), "--json", "--min-confidence", "0").stdout.splitlines()) == 2
    server = Server(db)
    try:
        assert server.json("/api/events")["total"] == 1
        assert server.json("/api/events?min_confidence=0")["total"] == 2
        assert len(server.json("/api/network")["edges"]) == 1
        assert len(server.json("/api/network?min_confidence=0")["edges"]) == 2
    finally:
        server.stop()
