"""Queries every surface uses (CLI, HTTP API, dashboard), so that they all agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from dyadwire.store.schema import ACTOR_FIELDS, EVENT_COLUMNS


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
                clauses.append(f"({side}_country = ? OR {side}_code = ? OR {side}_code LIKE ?)")
                value = value.upper()
                params += [value, value, value + "%"]
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
    """A flat events-table row in the nested form of the command-line contract."""

    def actor(side: str) -> dict:
        return {f: row[f"{side}_{f}"] for f in ACTOR_FIELDS}

    location = None
    if row["location_name"]:
        location = {
            k: row[f"location_{k}"] for k in ("name", "country", "lat", "lon", "precision")
        }
    return {
        "article_id": row["article_id"],
        "event_id": row["event_id"],
        "sentence": row["sentence"],
        "sentence_index": row["sentence_index"],
        "span": [row["span_start"], row["span_end"]],
        "raw_span": [row["raw_start"], row["raw_end"]],
        "source": actor("source"),
        "target": actor("target"),
        "cameo": row["cameo"],
        "cameo_root": row["cameo_root"],
        "quad_class": row["quad_class"],
        "penta_class": row["penta_class"],
        "goldstein": row["goldstein"],
        "plover": {"type": row["plover_type"], "mode": row["plover_mode"]},
        "date": row["date"].isoformat() if row["date"] else None,
        "date_precision": row["date_precision"],
        "date_end": row["date_end"].isoformat() if row.get("date_end") else None,
        "date_basis": row["date_basis"],
        "modality": row["modality"],
        "location": location,
        "confidence": row["confidence"],
        "trigger": row["trigger"],
        "reported": row["reported"],
    }
