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
    min_confidence: float | None = None
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
        if self.min_confidence:
            clauses.append("confidence >= ?")
            params.append(self.min_confidence)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def events(con: duckdb.DuckDBPyConnection, f: EventFilter) -> list[dict]:
    """Events matching the filter, newest first, in the JSON shape of `dyadwire code`."""
    where, params = f.where()
    names = [name for name, _ in EVENT_COLUMNS]
    sql = (
        f"SELECT {', '.join(chr(34) + n + chr(34) for n in names)} FROM events{where} "
        "ORDER BY date DESC NULLS LAST, article_id, sentence_index, event_id"
    )
    if f.limit is not None:
        sql += f" LIMIT {int(f.limit)}"
    return [row_to_event(dict(zip(names, row))) for row in con.execute(sql, params).fetchall()]


def row_to_event(row: dict) -> dict:
    """A flat events-table row as the event's JSON, built by the same `Event.to_dict` that
    `dyadwire code` prints, so the two agree field for field. The stored id is kept."""
    event = Event.from_dict(event_json(row)).to_dict()
    event["event_id"] = row["event_id"]
    return event
