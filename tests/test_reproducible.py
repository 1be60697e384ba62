"""Same input, same events: the output of a run is a function of its input, the package data, its
options and the database as it was when the run started, never of scheduling."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import REPO, SAMPLES

pytestmark = pytest.mark.slow

# Written for these tests. The first article gives a person a title; later ones name her alone,
# so a run that learnt from its own articles would code them differently by order and workers.
ARTICLES = [
    ("r1", "2024-04-02", "Police Commissioner Yael Orbach-Stein ordered the arrest of twelve "
     "protesters in Haifa on Monday. Opposition leaders condemned the arrests."),
    ("r2", "2024-04-05", "Yael Orbach-Stein met Egyptian security officials in Cairo on Thursday. "
     "She said the talks on border smuggling had been useful."),
    ("r3", "2024-04-09", "Egypt's foreign minister urged Israel to allow more aid into Gaza. "
     "Orbach-Stein denied that police had beaten detainees."),
    ("r4", "2024-04-11", "Turkish troops shelled Kurdish positions in northern Syria, and "
     "Damascus accused Ankara of violating its sovereignty."),
    ("r5", "2024-04-12", "The European Union imposed sanctions on three Iranian officials. "
     "Tehran rejected the decision and threatened to respond."),
]


def _articles(order=None):
    from dyadwire.model import Article

    rows = [ARTICLES[i] for i in (order or range(len(ARTICLES)))]
    return [Article(id=i, text=t, date=date.fromisoformat(d)) for i, d, t in rows]


def _stored_events(db: Path) -> list[str]:
    from dyadwire.store import EventFilter, Store, events

    with Store(db, read_only=True) as store:
        rows = events(store.con, EventFilter(limit=None))
    return sorted(json.dumps(r, sort_keys=True) for r in rows)


def _ingest(db: Path, articles, **options) -> None:
    from dyadwire.engine import ingest
    from dyadwire.store import Store

    with Store(db) as store:
        report = ingest(articles, store, **options)
    assert not report.failed


def test_ingest_gives_the_same_events_whatever_the_workers_batch_size_and_order(tmp_path):
    runs = {
        "1 worker": dict(workers=1, batch_size=16),
        "2 workers, batches of 1": dict(workers=2, batch_size=1),
        "2 workers, batches of 2": dict(workers=2, batch_size=2),
    }
    results = {}
    for name, options in runs.items():
        db = tmp_path / f"{len(results)}.duckdb"
        _ingest(db, _articles(), **options)
        results[name] = _stored_events(db)
    db = tmp_path / "reversed.duckdb"
    _ingest(db, _articles(order=[4, 3, 2, 1, 0]), workers=2, batch_size=2)
    results["reversed order"] = _stored_events(db)
    first = results["1 worker"]
    assert first, "the articles hold events"
    for name, got in results.items():
        assert got == first, name


def test_evidence_found_in_a_run_is_used_by_the_next_run_only(tmp_path):
    db = tmp_path / "e.duckdb"
    _ingest(db, _articles(order=[0, 1]), workers=1)
    from dyadwire.store import Store

    with Store(db, read_only=True) as store:
        people = {r["person"] for r in store.role_evidence()}
    assert "Yael Orbach-Stein" in people
    from dyadwire.model import Article
    from dyadwire.nlp.pipeline import load

    later = Article(id="r9", text="Yael Orbach-Stein met Jordanian police chiefs in Amman on Sunday.",
                    date=date(2024, 4, 14))
    from dyadwire.engine import code_articles

    def source_of(nlp):
        (coded,) = list(code_articles([later], nlp=nlp))
        return [e.source for e in coded.events if "Orbach" in e.source.text]

    with Store(db, read_only=True) as store:
        evidence = store.role_evidence()
    taught = source_of(load(evidence=evidence))
    assert taught and taught[0].sector == "COP" and taught[0].role == "Police Commissioner"
    untaught = source_of(load())
    assert not untaught or untaught[0].sector != "COP"


def _code_cli(*args: str) -> bytes:
    exe = Path(sys.executable).with_name("dyadwire")
    done = subprocess.run([str(exe), "code", *args], capture_output=True, cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def test_code_twice_gives_byte_identical_output():
    first = _code_cli(str(SAMPLES))
    assert first.count(b"\n") > 5
    assert _code_cli(str(SAMPLES)) == first
    assert _code_cli("--workers", "2", str(SAMPLES)) == first


# The per-document stages: nothing in them may read the clock.
CODING_PATHS = ["model.py", "clean.py", "nlp", "actors", "ontology", "places", "ingest",
                "engine/coding.py"]


def test_no_clock_in_any_coding_path():
    src = REPO / "src" / "dyadwire"
    clock = re.compile(r"\b(date\.today|datetime\.now|datetime\.utcnow|time\.time)\(")
    found = []
    for part in CODING_PATHS:
        files = [src / part] if part.endswith(".py") else sorted((src / part).rglob("*.py"))
        for f in files:
            for n, line in enumerate(f.read_text().splitlines(), 1):
                if clock.search(line):
                    found.append(f"{f.relative_to(src)}:{n}: {line.strip()}")
    assert not found, found


KILL_AFTER_FIRST_WRITE = """
import os, sys
from dyadwire.engine import ingest
from dyadwire.ingest import read
from dyadwire.store import Store

def progress(report):
    if report.added:  # a batch is stored: die as a killed process does, closing nothing
        os._exit(137)

with Store(sys.argv[1]) as store:
    ingest(read([sys.argv[2]], on_reject=print), store, workers=2, on_progress=progress)
"""


def test_a_killed_ingest_resumes_to_the_same_events(tmp_path):
    from conftest import shared_data

    source = shared_data("wikinews-politics", "wikinews_politics_2004_2009.jsonl")
    articles = tmp_path / "articles.jsonl"
    with source.open() as fh:
        articles.write_text("".join(next(fh) for _ in range(100)))
    killed, clean = tmp_path / "killed.duckdb", tmp_path / "clean.duckdb"
    # output to a file, not a pipe: the killed process's forked workers may hold a pipe open
    log = tmp_path / "killed.log"
    with log.open("w") as out:
        run = subprocess.run([sys.executable, "-c", KILL_AFTER_FIRST_WRITE, str(killed),
                              str(articles)], stdout=out, stderr=out, timeout=600)
    assert run.returncode == 137, log.read_text()
    from dyadwire.engine import ingest
    from dyadwire.ingest import read
    from dyadwire.store import Store

    with Store(killed) as store:
        partial = store.counts()["articles"]
        assert 0 < partial < 100
        ingest(read([str(articles)], on_reject=print), store, workers=2)
    with Store(clean) as store:
        ingest(read([str(articles)], on_reject=print), store, workers=1)
    resumed, uninterrupted = _stored_events(killed), _stored_events(clean)
    only_resumed = sorted(set(resumed) - set(uninterrupted))
    only_clean = sorted(set(uninterrupted) - set(resumed))
    assert resumed == uninterrupted, (f"{partial} articles stored before the kill; only after the resume: "
                                      f"{only_resumed[:3]}; only uninterrupted: {only_clean[:3]}")
