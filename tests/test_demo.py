"""`make demo`'s corpus (demo/, written for the project) builds a database whose preselected
dyad, USA -> IRN, has events for the dashboard to show."""

import re
from pathlib import Path

import pytest

from dyadwire.engine import ingest
from dyadwire.ingest import read
from dyadwire.store import Store, queries

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]


def test_demo_corpus_gives_the_demo_dyad_events(tmp_path):
    makefile = (REPO / "Makefile").read_text()
    source, target = re.search(r"\?source=(\w+)&target=(\w+)", makefile).groups()
    rejected = []
    with Store(tmp_path / "demo.duckdb") as store:
        report = ingest(read([str(REPO / "demo")], on_reject=rejected.append), store)
        series = queries.dyad_series(store.con, source, target, interval="month")
        both = queries.dyad_series(store.con, source, target, interval="month", both=True)
    assert rejected == [] and report.added == 39 and report.failed == []
    assert sum(p["events"] for p in series) >= 5
    assert sum(p["events"] for p in both) > sum(p["events"] for p in series)
    assert f"?source={source}&target={target}" in (REPO / "README.md").read_text()
