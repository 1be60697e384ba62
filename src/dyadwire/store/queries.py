"""Queries every surface uses (CLI, HTTP API, dashboard), so that they all agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from dyadwire.model import Event
from dyadwire.store.schema import EVENT_COLUMNS, event_json


@dataclass(frozen=True)
class EventFilter:
    """Which events to return. Actor filters match a country (ISO3) or an actor code."""

    source: str | None = None
    target: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    root: str | None = None
    article_id: str | None = None
    limit: int | None = 100

    def where(self) -> tuple[str, list]:
        clauses, params = [], []
        for side, value in (("source", self.source), ("target", self.target)):
            if value:
                # starts_with, not LIKE: "%" and "_" in a code are literal characters
                clauses.append(f"({side}_country = ? OR starts_with({side}_code, ?))")
                value = value.upper()
                params += [value, value]
        if self.date_from:
            clauses.append("date >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("date <= ?")
            params.append(self.date_to)
        if self.root:
            clauses.append("cameo_root = ?")
            params.append(self.root.zfill(2))
        if self.article_id:
            clauses.append("article_id = ?")
            params.append(self.article_id)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def events(con: duckdb.DuckDBPyConnection, f: EventFilter, *, reports: bool = False) -> list[dict]:
    """Events matching the filter, newest first, in the JSON shape of `dyadwire code`.

    One row per real-world event (the reports `dyadwire.stories.merge` grouped), showing the
    coding of its representative report, with `merged_id`, `reports` (how many reports),
    `outlets` (independent outlets), `report_ids` (its reports' event ids) and `article_ids`
    (the articles that report it) added; the filters apply to that coding. An event not yet
    grouped (a database from before merging existed, until the next ingest) is its own event.
    With `reports=True`, every report with its own coding, `merged_id` added."""
    if not reports:
        return _merged_events(con, f)
    where, params = f.where()
    names = [name for name, _ in EVENT_COLUMNS]
    sql = (
        f"SELECT {', '.join(chr(34) + n + chr(34) for n in names)} FROM events{where} "
        "ORDER BY date DESC NULLS LAST, article_id, sentence_index, event_id"
    )
    if f.limit is not None:
        sql += f" LIMIT {int(f.limit)}"
    out = [row_to_event(dict(zip(names, row))) for row in con.execute(sql, params).fetchall()]
    merged = {} if not _across_reports(con) else dict(con.execute(
        "SELECT event_id, merged_id FROM event_reports WHERE event_id IN (SELECT unnest($1))",
        [[e["event_id"] for e in out]]).fetchall()) if out else {}
    for e in out:
        e["merged_id"] = merged.get(e["event_id"], e["event_id"])
    return out


def _across_reports(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database has the across-reports tables (migration 007): a database written
    by an older dyadwire and opened read-only has not been migrated yet; its events are listed
    as one event each until the next ingest groups them."""
    return bool(con.execute("SELECT count(*) FROM information_schema.tables "
                            "WHERE table_name = 'event_reports'").fetchone()[0])


_UNGROUPED_SQL = """
WITH ev AS (
  SELECT e.*, e.event_id AS dw_merged_id, 1 AS dw_reports, 1 AS dw_outlets,
         [e.event_id] AS dw_report_ids, [e.article_id] AS dw_article_ids
  FROM events e
)
"""

_MERGED_SQL = """
WITH g AS (
  SELECT e.event_id, e.article_id, coalesce(r.merged_id, e.event_id) AS mid
  FROM events e LEFT JOIN event_reports r ON r.event_id = e.event_id
), agg AS (
  SELECT mid, count(*) AS n_reports, list(event_id ORDER BY event_id) AS report_ids,
         list(DISTINCT article_id ORDER BY article_id) AS article_ids
  FROM g GROUP BY mid
), ev AS (
  SELECT e.*, agg.mid AS dw_merged_id, agg.n_reports AS dw_reports,
         coalesce(m.outlets, 1) AS dw_outlets, agg.report_ids AS dw_report_ids,
         agg.article_ids AS dw_article_ids
  FROM agg LEFT JOIN merged_events m ON m.merged_id = agg.mid
  JOIN events e ON e.event_id = coalesce(m.event_id, agg.mid)
)
"""


def _merged_events(con: duckdb.DuckDBPyConnection, f: EventFilter) -> list[dict]:
    where, params = f.where()
    names = [name for name, _ in EVENT_COLUMNS]
    extra = ["dw_merged_id", "dw_reports", "dw_outlets", "dw_report_ids", "dw_article_ids"]
    cols = ", ".join(chr(34) + n + chr(34) for n in names + extra)
    sql = (f"{_MERGED_SQL if _across_reports(con) else _UNGROUPED_SQL} SELECT {cols} FROM ev{where} "
           "ORDER BY date DESC NULLS LAST, article_id, sentence_index, event_id")
    if f.limit is not None:
        sql += f" LIMIT {int(f.limit)}"
    out = []
    for row in con.execute(sql, params).fetchall():
        values = dict(zip(names + extra, row))
        event = row_to_event(values)
        event.update(merged_id=values["dw_merged_id"], reports=values["dw_reports"],
                     outlets=values["dw_outlets"], report_ids=list(values["dw_report_ids"]),
                     article_ids=list(values["dw_article_ids"]))
        out.append(event)
    return out


def row_to_event(row: dict) -> dict:
    """A flat events-table row as the event's JSON, built by the same `Event.to_dict` that
    `dyadwire code` prints, so the two agree field for field. The stored id is kept."""
    event = Event.from_dict(event_json(row)).to_dict()
    event["event_id"] = row["event_id"]
    return event


def duplicates(con: duckdb.DuckDBPyConnection, limit: int | None = 100) -> list[dict]:
    """Near-duplicate links (`dyadwire.stories.duplicates`): each copy with its original, the
    article it matched and the estimated Jaccard similarity and containment, by original."""
    if not _across_reports(con):
        return []
    sql = ("SELECT d.article_id, d.duplicate_of, d.via, d.jaccard, d.containment, a.source, o.source "
           "FROM article_duplicates d LEFT JOIN articles a ON a.id = d.article_id "
           "LEFT JOIN articles o ON o.id = d.duplicate_of ORDER BY d.duplicate_of, d.article_id")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    keys = ("article_id", "duplicate_of", "via", "jaccard", "containment", "outlet", "original_outlet")
    return [dict(zip(keys, row)) for row in con.execute(sql).fetchall()]


def stories(con: duckdb.DuckDBPyConnection, limit: int | None = None) -> list[dict]:
    """Stories (`dyadwire.stories.threads`), the largest first: `story_id, label, first_date,
    last_date, articles, events, actors` (top actor codes)."""
    if not con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'stories'").fetchone()[0]:
        return []
    sql = ("SELECT story_id, label, first_date, last_date, articles, events, actors FROM stories "
           "ORDER BY articles DESC, last_date DESC NULLS LAST, story_id")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    keys = ("story_id", "label", "first_date", "last_date", "articles", "events", "actors")
    out = []
    for row in con.execute(sql).fetchall():
        story = dict(zip(keys, row))
        for k in ("first_date", "last_date"):
            story[k] = story[k].isoformat() if story[k] else None
        story["actors"] = list(story["actors"] or [])
        out.append(story)
    return out


def timeline(con: duckdb.DuckDBPyConnection, story_id: str | None = None, **options) -> list[dict]:
    """A story's timeline (the whole database without `story_id`): one entry per date,
    `date, sentences, event_ids, article_ids, reports` (`dyadwire.stories.timelines`)."""
    from dyadwire.stories.timelines import timeline as build

    if not _across_reports(con):
        return []
    return build(con, story_id, **options)


def story_exists(con: duckdb.DuckDBPyConnection, story_id: str) -> bool:
    if not con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'stories'").fetchone()[0]:
        return False
    return bool(con.execute("SELECT count(*) FROM stories WHERE story_id = ?", [story_id]).fetchone()[0])
