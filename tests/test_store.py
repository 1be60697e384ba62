"""The DuckDB store on a real database file: schema, idempotent writes, replacement, queries."""

from datetime import date

import duckdb
import pytest

from dyadwire.model import Actor, Article, Event, Place
from dyadwire.store import CodedArticle, EventFilter, Store, StoreError, events
from dyadwire.store.schema import MIGRATIONS


def _event(article_id: str, sentence_index: int, cameo: str, src: str, tgt: str, when: str) -> Event:
    return Event(
        article_id=article_id,
        sentence="The envoy met the minister.",
        sentence_index=sentence_index,
        span=(0, 27),
        raw_span=(3, 30),
        source=Actor(text=src, code=src + "GOV", country=src, sector="GOV", entity_id=f"e-{src}"),
        target=Actor(text=tgt, code=tgt + "MIL", country=tgt, sector="MIL", entity_id=f"e-{tgt}"),
        cameo=cameo,
        cameo_root=cameo[:2],
        quad_class=1,
        penta_class=1,
        goldstein=1.0,
        plover={"type": "CONSULT", "mode": "visit"},
        date=when,
        date_precision="day",
        date_basis="article",
        location=Place(name="Oslo", country="NOR", lat=59.9, lon=10.7, precision="city"),
        trigger="met",
    )


def _coded(article_id: str, text: str, n_events: int = 2, day: str = "2021-05-04") -> CodedArticle:
    article = Article(id=article_id, text=text, date=date.fromisoformat(day), origin=f"{article_id}.txt")
    evs = [_event(article_id, i, "043", "NOR", "SWE", day) for i in range(n_events)]
    return CodedArticle(article=article, clean_text=text.strip(), events=evs)


def test_schema_is_migrated_once(tmp_path):
    path = tmp_path / "a.duckdb"
    with Store(path):
        pass
    with Store(path) as store:
        names = [r[0] for r in store.con.execute("SELECT name FROM dw_migrations").fetchall()]
    assert names == [name for name, _ in MIGRATIONS]


def test_same_article_twice_changes_nothing(tmp_path):
    path = tmp_path / "a.duckdb"
    batch = [_coded("a1", "  The envoy met the minister."), _coded("a2", "Another report.", 1)]
    with Store(path) as store:
        first = store.write(batch)
        before = store.counts()
        second = store.write(batch)
        assert store.counts() == before
    assert (first.articles_added, first.events_added) == (2, 3)
    assert (second.articles_added, second.articles_replaced, second.events_added) == (0, 0, 0)
    # and across processes' worth of reopening
    with Store(path) as store:
        assert store.write(batch).articles_added == 0
        assert store.counts()["articles"] == 2


def test_changed_article_replaces_its_events(tmp_path):
    with Store(tmp_path / "a.duckdb") as store:
        store.write([_coded("a1", "First version.", 3)])
        result = store.write([_coded("a1", "Second version, corrected.", 1)])
        assert result.articles_replaced == 1
        assert store.counts()["events"] == 1
        raw = store.con.execute("SELECT raw_text FROM articles").fetchall()
    assert raw == [("Second version, corrected.",)]


def test_event_query_filters_and_shape(tmp_path):
    with Store(tmp_path / "a.duckdb") as store:
        store.write([_coded("a1", "One.", 2, "2021-05-04"), _coded("a2", "Two.", 1, "2022-01-10")])
        store.refresh_actors()
        all_rows = events(store.con, EventFilter(limit=None))
        assert len(all_rows) == 3
        assert all_rows[0]["date"] == "2022-01-10"  # newest first
        assert len(events(store.con, EventFilter(source="NOR", target="swe"))) == 3
        assert len(events(store.con, EventFilter(source="NORGOV"))) == 3
        assert events(store.con, EventFilter(source="SWE")) == []
        assert len(events(store.con, EventFilter(date_from=date(2022, 1, 1)))) == 1
        assert len(events(store.con, EventFilter(root="4"))) == 3
        assert len(events(store.con, EventFilter(limit=2))) == 2
        assert store.counts()["actors"] == 2
    row = all_rows[0]
    assert row["source"]["code"] == "NORGOV" and row["target"]["sector"] == "MIL"
    assert row["span"] == [0, 27] and row["raw_span"] == [3, 30]
    assert row["location"]["name"] == "Oslo"
    assert row["plover"] == {"type": "CONSULT", "mode": "visit"}


def test_read_only_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_a_foreign_duckdb_file_is_refused(tmp_path):
    path = tmp_path / "other.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError, match="not a dyadwire database"):
        Store(path, read_only=True)


def test_a_database_from_before_a_migration_is_brought_up_to_date(tmp_path):
    from dyadwire.store import schema

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE dw_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
    first, *later = schema.MIGRATIONS
    first[1](con)  # the schema as the first release made it, with one event in it
    con.execute("INSERT INTO dw_migrations VALUES (?, now())", [first[0]])
    con.execute("INSERT INTO events (event_id, article_id, cameo) VALUES ('e1', 'a1', '043')")
    con.close()
    with Store(path) as store:
        names = [r[0] for r in store.con.execute("SELECT name FROM dw_migrations ORDER BY name").fetchall()]
        assert names == [name for name, _ in schema.MIGRATIONS]
        assert store.con.execute("SELECT event_id, date_end FROM events").fetchall() == [("e1", None)]
        store.write([_coded("a2", "A new report.", 1)])
        assert store.counts()["events"] == 2


def test_two_events_that_shared_an_id_before_are_both_stored(tmp_path):
    # Two people of one government acting alike in one sentence: their ids were derived from the
    # actor code alone, so the second overwrote the first in the store.
    from dataclasses import replace

    first = _event("c1", 0, "111", "USA", "IRN", "2021-05-04")
    second = replace(first, source=Actor(text="the secretary of state", code="USAGOV", country="USA",
                                         sector="GOV", entity_id="person:USA:someone-else"))
    assert first.event_id != second.event_id
    coded = CodedArticle(article=Article(id="c1", text="x", date=date(2021, 5, 4)), clean_text="x",
                         events=[first, second])
    with Store(tmp_path / "c.duckdb") as store:
        store.write([coded])
        assert store.counts()["events"] == 2
        rows = events(store.con, EventFilter(limit=None))
    assert {r["source"]["text"] for r in rows} == {"USA", "the secretary of state"}


def test_code_and_events_json_agree_field_for_field(tmp_path):
    from dataclasses import replace

    replace_target_none = replace(_event("j1", 0, "010", "NOR", "SWE", "2021-05-04"), target=None,
                                  confidence=0.123)
    coded = CodedArticle(article=Article(id="j1", text="y", date=date(2021, 5, 4)), clean_text="y",
                         events=[replace_target_none])
    with Store(tmp_path / "j.duckdb") as store:
        store.write([coded])
        (row,) = events(store.con, EventFilter(limit=None))
        (report,) = events(store.con, EventFilter(limit=None), reports=True)
    coded_json = replace_target_none.to_dict()
    # every field of `dyadwire code`, the same; the across-reports fields added (never renamed)
    assert {k: row[k] for k in coded_json} == coded_json == {k: report[k] for k in coded_json}
    assert set(row) - set(coded_json) == {"merged_id", "reports", "outlets", "report_ids", "article_ids"}
    assert set(report) - set(coded_json) == {"merged_id"}
    assert row["target"] == dict.fromkeys(("text", "code", "country", "sector", "entity_id", "name", "role"))
