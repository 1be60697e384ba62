"""The Python API for notebooks (`dyadwire.open`, `Database`, `dyadwire.code_text`): its
docstring examples are run here against a real database file, so the docs stay true."""

import doctest

import pandas as pd
import pytest
import surface_db

import dyadwire
import dyadwire.database
from dyadwire.store import StoreError


@pytest.fixture
def small_db(tmp_path):
    return surface_db.small(tmp_path / "small.duckdb")


def _run_doctests(obj, globs) -> None:
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    tests = [t for t in finder.find(obj, globs=globs) if t.examples]
    assert tests, f"{obj} has no examples"
    for test in tests:
        runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.failed == 0, f"{results.failed} docstring examples failed (see output above)"


def test_database_docstring_examples(small_db):
    db = dyadwire.open(small_db)
    globs = {"dyadwire": dyadwire, "path": str(small_db), "db": db}
    _run_doctests(dyadwire.database, globs)
    _run_doctests(dyadwire.open, globs)


def test_events_frame_has_the_events_columns_and_filters(small_db):
    db = dyadwire.open(small_db)
    df = db.events()
    assert isinstance(df, pd.DataFrame) and len(df) == 3
    assert {"event_id", "article_id", "sentence", "source_code", "target_country", "cameo",
            "quad_class", "goldstein", "date", "location_lat"} <= set(df.columns)
    assert df["date"].is_monotonic_decreasing
    assert len(db.events(source="USAMIL", target="ISR")) == 1
    assert len(db.events(limit=1)) == 1
    assert db.events(source="FRA").empty
    assert len(db.events(q="MILLEY iran")) == 1  # every word, any case
    with pytest.raises(ValueError, match="not a date"):
        db.events(date_from="March 2020")


def test_dyad_both_directions_and_intervals(small_db):
    db = dyadwire.open(small_db)
    assert db.dyad("IRN", "USA").empty
    both = db.dyad("IRN", "USA", both=True)
    assert both["events"].tolist() == [1]
    weekly = db.dyad("ISR", "IRN", interval="week")
    assert weekly["period"].dt.dayofweek.tolist() == [0]  # weeks start on Monday
    with pytest.raises(ValueError, match="interval"):
        db.dyad("USA", "ISR", interval="fortnight")


def test_open_refuses_missing_and_foreign_files(tmp_path):
    import duckdb

    with pytest.raises(StoreError, match="no such database"):
        dyadwire.open(tmp_path / "missing.duckdb")
    duckdb.connect(str(tmp_path / "other.duckdb")).close()
    with pytest.raises(StoreError, match="not a dyadwire database"):
        dyadwire.open(tmp_path / "other.duckdb")


@pytest.mark.slow
def test_code_text_docstring_example():
    _run_doctests(dyadwire.code_text, {"dyadwire": dyadwire})
