"""Queries every surface uses (CLI, HTTP API, dashboard, Python API, exports), so that they
all agree. Each takes an open DuckDB connection and returns plain dicts and lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

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
    min_confidence: float | None = None
    limit: int | None = 100
    q: str | None = None  # every word must occur in the evidence sentence (case-insensitive)
    offset: int = 0

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
        if self.min_confidence:
            clauses.append("confidence >= ?")
            params.append(self.min_confidence)
        for word in (self.q or "").split():
            # contains(), not LIKE: "%" and "_" typed by a user are literal characters
            clauses.append("contains(lower(sentence), ?)")
            params.append(word.lower())
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
    if f.offset:
        sql += f" OFFSET {int(f.offset)}"
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
    sql = (f"{_event_rows(con)} SELECT {cols} FROM ev{where} "
           "ORDER BY date DESC NULLS LAST, article_id, sentence_index, event_id")
    if f.limit is not None:
        sql += f" LIMIT {int(f.limit)}"
    if f.offset:
        sql += f" OFFSET {int(f.offset)}"
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


def count_events(con: duckdb.DuckDBPyConnection, f: EventFilter, *, reports: bool = False) -> int:
    """How many events (one per real-world event, as `events` lists them; with `reports`, every
    report) match the filter, whatever its limit and offset."""
    where, params = f.where()
    if reports:
        return con.execute(f"SELECT count(*) FROM events{where}", params).fetchone()[0]
    return con.execute(f"{_event_rows(con)} SELECT count(*) FROM ev{where}", params).fetchone()[0]


def _event_rows(con: duckdb.DuckDBPyConnection) -> str:
    """The WITH clause that makes `ev`: one row per real-world event (its representative
    report's coding and the `dw_` columns of the group), for every query that counts events."""
    return _MERGED_SQL if _across_reports(con) else _UNGROUPED_SQL


def event_page(con: duckdb.DuckDBPyConnection, f: EventFilter, *, facets: bool = False,
               reports: bool = False) -> dict:
    """`{"events": [...], "total": n}` (and `"facets"` if asked), read in one transaction so
    they agree even while an ingest writes between them; `reports` as in `events`."""
    con.execute("BEGIN TRANSACTION")
    try:
        page = {"events": events(con, f, reports=reports), "total": count_events(con, f, reports=reports)}
        if facets:
            page["facets"] = event_facets(con, f)
        return page
    finally:
        con.execute("COMMIT")


FACETS = ("cameo_root", "quad_class", "source_country", "target_country", "modality")


def event_facets(con: duckdb.DuckDBPyConnection, f: EventFilter, *, top: int = 10) -> dict:
    """For each of `FACETS`, the `top` most frequent values among the events matching the
    filter, as `[{"value", "count"}]`, most frequent first (Datasette's facets)."""
    where, params = f.where()
    out = {}
    for column in FACETS:
        rows = con.execute(
            f'{_event_rows(con)} SELECT "{column}", count(*) AS n FROM ev{where} GROUP BY "{column}" '
            f'ORDER BY n DESC, "{column}" NULLS LAST LIMIT {int(top)}', params).fetchall()
        out[column] = [{"value": v, "count": n} for v, n in rows]
    return out


INTERVALS = ("day", "week", "month")


def _actor_clause(side: str, value: str) -> tuple[str, list]:
    value = value.upper()
    return f"({side}_country = ? OR starts_with({side}_code, ?))", [value, value]


def _add_period_and_confidence(clauses: list, params: list, date_from: date | None,
                               date_to: date | None, min_confidence: float) -> None:
    if date_from:
        clauses.append("date >= ?")
        params.append(date_from)
    if date_to:
        clauses.append("date <= ?")
        params.append(date_to)
    clauses.append("confidence >= ?")
    params.append(min_confidence)


def dyad_series(con: duckdb.DuckDBPyConnection, source: str, target: str, *,
                interval: str = "month", date_from: date | None = None,
                date_to: date | None = None, both: bool = False,
                min_confidence: float = 0.0) -> list[dict]:
    """Events of `source` towards `target` (each a country or an actor code) per day, week
    (starting Monday) or month: `{"period", "events", "quad": {"1".."4": n}, "goldstein_mean"}`,
    oldest first; periods without events are left out. `both=True` counts both directions;
    only events of at least `min_confidence` count."""
    if interval not in INTERVALS:
        raise ValueError(f"interval must be one of {', '.join(INTERVALS)}")
    src_sql, src_params = _actor_clause("source", source)
    tgt_sql, tgt_params = _actor_clause("target", target)
    dyad = f"({src_sql} AND {tgt_sql})"
    params = src_params + tgt_params
    if both:
        rs, rp = _actor_clause("source", target)
        rt, rtp = _actor_clause("target", source)
        dyad = f"({dyad} OR ({rs} AND {rt}))"
        params += rp + rtp
    clauses = [dyad, "date IS NOT NULL"]
    _add_period_and_confidence(clauses, params, date_from, date_to, min_confidence)
    rows = con.execute(
        f"""{_event_rows(con)} SELECT date_trunc('{interval}', date)::DATE AS period, count(*),
                   count(*) FILTER (quad_class = 1), count(*) FILTER (quad_class = 2),
                   count(*) FILTER (quad_class = 3), count(*) FILTER (quad_class = 4),
                   avg(goldstein)
            FROM ev WHERE {' AND '.join(clauses)} GROUP BY period ORDER BY period""",
        params).fetchall()
    return [{"period": p.isoformat(), "events": n,
             "quad": {"1": q1, "2": q2, "3": q3, "4": q4},
             "goldstein_mean": None if g is None else round(g, 3)}
            for p, n, q1, q2, q3, q4, g in rows]


ACTOR_KEYS = ("entity_id", "code", "country", "sector", "name", "first_seen", "last_seen", "events")


def _actor_dict(row) -> dict:
    d = dict(zip(ACTOR_KEYS, row))
    for key in ("first_seen", "last_seen"):
        d[key] = d[key].isoformat() if d[key] else None
    return d


def search_actors(con: duckdb.DuckDBPyConnection, q: str | None = None, *,
                  limit: int | None = 50, offset: int = 0) -> dict:
    """Actors seen in events whose name, code, country or id contains `q` (all when empty),
    most active first: `{"actors": [...], "total": n}`."""
    where, params = "", []
    if q:
        where = (" WHERE contains(lower(coalesce(name, '')), ?) OR contains(lower(coalesce(code, '')), ?)"
                 " OR lower(coalesce(country, '')) = ? OR contains(lower(entity_id), ?)")
        params = [q.lower()] * 4
    sql = ("SELECT entity_id, code, country, sector, name, first_seen, last_seen, n_events "
           f"FROM actors{where} ORDER BY n_events DESC, entity_id")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    if offset:
        sql += f" OFFSET {int(offset)}"
    con.execute("BEGIN TRANSACTION")
    try:
        rows = con.execute(sql, params).fetchall()
        total = con.execute(f"SELECT count(*) FROM actors{where}", params).fetchone()[0]
    finally:
        con.execute("COMMIT")
    return {"actors": [_actor_dict(r) for r in rows], "total": total}


def actor(con: duckdb.DuckDBPyConnection, entity_id: str) -> dict | None:
    """One actor: what the store knows of it, the roles (offices) its events give it over time,
    and its events by year as source and as target. None if no event names it."""
    row = con.execute(
        "SELECT entity_id, code, country, sector, name, first_seen, last_seen, n_events "
        "FROM actors WHERE entity_id = ?", [entity_id]).fetchone()
    if row is None:
        # the actors table is rebuilt at the end of an ingest; an actor written since is in events
        row = con.execute(
            """SELECT entity_id, any_value(code), any_value(country), any_value(sector),
                      any_value(name), min(date), max(date), count(*)
               FROM (SELECT source_entity_id AS entity_id, source_code AS code,
                            source_country AS country, source_sector AS sector,
                            source_name AS name, date FROM events
                     UNION ALL
                     SELECT target_entity_id, target_code, target_country, target_sector,
                            target_name, date FROM events)
               WHERE entity_id = ? GROUP BY entity_id""", [entity_id]).fetchone()
    if row is None:
        return None
    out = _actor_dict(row)
    roles = con.execute(
        """SELECT role, min(date), max(date), count(*) FROM (
             SELECT source_role AS role, date FROM events WHERE source_entity_id = $1
             UNION ALL SELECT target_role, date FROM events WHERE target_entity_id = $1)
           WHERE role IS NOT NULL GROUP BY role ORDER BY min(date) NULLS LAST, role""",
        [entity_id]).fetchall()
    out["roles"] = [{"role": r, "first": a.isoformat() if a else None,
                     "last": b.isoformat() if b else None, "events": n} for r, a, b, n in roles]
    years = con.execute(
        """SELECT year(date) AS y, count(*) FILTER (side = 's'), count(*) FILTER (side = 't')
           FROM (SELECT 's' AS side, date FROM events WHERE source_entity_id = $1
                 UNION ALL SELECT 't', date FROM events WHERE target_entity_id = $1)
           WHERE date IS NOT NULL GROUP BY y ORDER BY y""", [entity_id]).fetchall()
    out["by_year"] = [{"year": y, "as_source": s, "as_target": t} for y, s, t in years]
    return out


NETWORK_LEVELS = {"code": ("source_code", "target_code"),
                  "country": ("source_country", "target_country"),
                  "entity": ("source_entity_id", "target_entity_id")}


def network(con: duckdb.DuckDBPyConnection, *, date_from: date | None = None,
            date_to: date | None = None, min_events: int = 1, by: str = "code",
            min_confidence: float = 0.0) -> dict:
    """The directed actor network of a period: `{"nodes": [{"id", "label", "events"}],
    "edges": [{"source", "target", "weight", "goldstein_mean", "conflict"}]}`. Nodes are actor
    codes (`by="code"`), countries or entities; an edge's weight is its number of events, and
    edges with fewer than `min_events` are left out (with the nodes only they touched)."""
    if by not in NETWORK_LEVELS:
        raise ValueError(f"by must be one of {', '.join(NETWORK_LEVELS)}")
    s, t = NETWORK_LEVELS[by]
    clauses, params = [f"{s} IS NOT NULL", f"{t} IS NOT NULL", f"{s} <> {t}"], []
    _add_period_and_confidence(clauses, params, date_from, date_to, min_confidence)
    params.append(max(1, int(min_events)))
    rows = con.execute(
        f"""{_event_rows(con)} SELECT {s}, {t}, count(*) AS n, avg(goldstein),
                   count(*) FILTER (quad_class IN (3, 4)), any_value(source_name),
                   any_value(target_name)
            FROM ev WHERE {' AND '.join(clauses)} GROUP BY {s}, {t}
            HAVING count(*) >= ? ORDER BY n DESC, {s}, {t}""", params).fetchall()
    edges, nodes = [], {}
    for a, b, n, g, conflict, a_name, b_name in rows:
        edges.append({"source": a, "target": b, "weight": n,
                      "goldstein_mean": None if g is None else round(g, 3), "conflict": conflict})
        for node, name in ((a, a_name), (b, b_name)):
            entry = nodes.setdefault(node, {"id": node, "label": node if by != "entity" else (name or node),
                                            "events": 0})
            entry["events"] += n
    return {"nodes": sorted(nodes.values(), key=lambda d: (-d["events"], d["id"])), "edges": edges}


def article(con: duckdb.DuckDBPyConnection, article_id: str) -> dict | None:
    """An article's cleaned text with each event (its `span` points into `text`) and the actors
    resolved in it; None if the store has no such article."""
    row = con.execute(
        "SELECT id, title, url, source, published, clean_text, origin FROM articles WHERE id = ?",
        [article_id]).fetchone()
    if row is None:
        return None
    aid, title, url, outlet, published, text, origin = row
    evs = sorted(events(con, EventFilter(article_id=aid, limit=None), reports=True),
                 key=lambda e: (e["span"][0] or 0, e["event_id"]))
    mentions = con.execute(
        'SELECT "start", "end", text, entity_id, code, country, sector, role FROM mentions '
        'WHERE article_id = ? ORDER BY "start", "end"', [aid]).fetchall()
    keys = ("start", "end", "text", "entity_id", "code", "country", "sector", "role")
    return {"id": aid, "title": title, "url": url, "source": outlet,
            "date": published.isoformat() if published else None, "origin": origin, "text": text,
            "events": evs, "mentions": [dict(zip(keys, m)) for m in mentions]}


ALERT_PERIODS = {"week": 7, "month": 28}


def alerts(con: duckdb.DuckDBPyConnection, *, period: str = "week", baseline_weeks: int = 4,
           threshold: float = 0.25, as_of: date | None = None, min_events: int = 2,
           min_confidence: float = 0.0) -> dict:
    """Dyads (source country -> target country) whose conflict events (quad classes 3 and 4) in
    the last `period` (7 or 28 days up to `as_of`, by default the newest event date) are more
    than `threshold` (25%) above their own baseline: the mean count per period over the
    `baseline_weeks` (4 or 52) weeks before it, as ACLED's week-on-week alerts flag them. A dyad
    needs at least `min_events` conflict events in the period; one with no baseline is flagged
    with `change` null. Only events of at least `min_confidence` count."""
    if period not in ALERT_PERIODS:
        raise ValueError(f"period must be one of {', '.join(ALERT_PERIODS)}")
    if baseline_weeks not in (4, 52):
        raise ValueError("baseline_weeks must be 4 or 52")
    if as_of is None:
        as_of = con.execute("SELECT max(date) FROM events WHERE date <= current_date").fetchone()[0]
    if as_of is None:
        return {"as_of": None, "period": period, "baseline_weeks": baseline_weeks, "alerts": []}
    days = ALERT_PERIODS[period]
    start = as_of - timedelta(days=days - 1)  # the period is [start, as_of]
    base_start = start - timedelta(weeks=baseline_weeks)
    scale = days / (baseline_weeks * 7)
    rows = con.execute(
        _event_rows(con) + """SELECT source_country, target_country,
                  count(*) FILTER (date >= $start) AS current,
                  count(*) FILTER (date < $start) AS before
           FROM ev
           WHERE quad_class IN (3, 4) AND source_country IS NOT NULL AND target_country IS NOT NULL
             AND source_country <> target_country AND date >= $base_start AND date <= $as_of
             AND confidence >= $min_confidence
           GROUP BY source_country, target_country""",
        {"start": start, "base_start": base_start, "as_of": as_of,
         "min_confidence": min_confidence}).fetchall()
    out = []
    for src, tgt, current, before in rows:
        baseline = before * scale
        if current < min_events or current <= baseline * (1 + threshold):
            continue
        out.append({"source": src, "target": tgt, "current": current,
                    "baseline": round(baseline, 3),
                    "change": round(current / baseline - 1, 3) if baseline else None,
                    "period_start": start.isoformat(), "period_end": as_of.isoformat()})
    out.sort(key=lambda a: (-(a["change"] if a["change"] is not None else float("inf")),
                            -a["current"], a["source"], a["target"]))
    return {"as_of": as_of.isoformat(), "period": period, "baseline_weeks": baseline_weeks,
            "threshold": threshold, "alerts": out}


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


STORY_KEYS = ("story_id", "label", "first_date", "last_date", "articles", "events", "actors")


def stories(con: duckdb.DuckDBPyConnection, limit: int | None = None, offset: int = 0) -> list[dict]:
    """Stories (`dyadwire.stories.threads`), the largest first: `story_id, label, first_date,
    last_date, articles, events, actors` (top actor codes)."""
    if not _has_stories(con):
        return []
    sql = ("SELECT story_id, label, first_date, last_date, articles, events, actors FROM stories "
           "ORDER BY articles DESC, last_date DESC NULLS LAST, story_id")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    if offset:
        sql += f" OFFSET {int(offset)}"
    out = []
    for row in con.execute(sql).fetchall():
        story = dict(zip(STORY_KEYS, row))
        for k in ("first_date", "last_date"):
            story[k] = story[k].isoformat() if story[k] else None
        story["actors"] = list(story["actors"] or [])
        out.append(story)
    return out


def story_page(con: duckdb.DuckDBPyConnection, limit: int | None = 50, offset: int = 0) -> dict:
    """A page of `stories`, with the number of stories: `{"stories": [...], "total": n}`."""
    if not _has_stories(con):
        return {"stories": [], "total": 0}
    con.execute("BEGIN TRANSACTION")
    try:
        page = stories(con, limit, offset)
        total = con.execute("SELECT count(*) FROM stories").fetchone()[0]
    finally:
        con.execute("COMMIT")
    return {"stories": page, "total": total}


def timeline(con: duckdb.DuckDBPyConnection, story_id: str | None = None, **options) -> list[dict]:
    """A story's timeline (the whole database without `story_id`): one entry per date,
    `date, sentences, event_ids, article_ids, reports` (`dyadwire.stories.timelines`)."""
    from dyadwire.stories.timelines import timeline as build

    if not _across_reports(con):
        return []
    return build(con, story_id, **options)


def story_exists(con: duckdb.DuckDBPyConnection, story_id: str) -> bool:
    if not _has_stories(con):
        return False
    return bool(con.execute("SELECT count(*) FROM stories WHERE story_id = ?", [story_id]).fetchone()[0])


def _has_stories(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database has the stories tables (migration 008): a database written by an
    older dyadwire and opened read-only has not been migrated yet."""
    return bool(con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'stories'").fetchone()[0])
