"""`dyadwire export`: the stored events in the formats other tools read.

| format | what |
|---|---|
| `gdelt` | the GDELT 2.0 event table: 61 tab-separated columns in the codebook's order, no header |
| `plover` | PLOVER JSON Lines, one event per line |
| `parquet` | a folder of Parquet files, partitioned by month (`month=YYYY-MM/`) |
| `csv` | one row per event, one column per field of the events table |
| `geojson` | located events as a GeoJSON FeatureCollection |
| `gexf` | the directed actor network, for Gephi |

Each exporter is a function `(con, event_filter, out_path) -> rows written`, registered in
`EXPORTERS`; a new format is one more entry.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import quoteattr

import duckdb

from dyadwire.store import queries
from dyadwire.store.queries import EventFilter
from dyadwire.store.schema import EVENT_COLUMNS, event_row

# GDELT 2.0 event table columns, in order: the GDELT Event Codebook V2.0 (2015-02-19),
# http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf, "Event table" (the
# 57 columns of GDELT 1.0 with an ADM2Code added to each of the three geographies, then
# DATEADDED and SOURCEURL).
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)

# GDELT's geographic resolution codes (codebook, Actor1Geo_Type): 1 country, 2 US state,
# 3 US city, 4 world city, 5 world state (a first-order division outside the US).
_GDELT_GEO_TYPE = {("country", False): 1, ("country", True): 1, ("region", True): 2,
                   ("city", True): 3, ("site", True): 3, ("city", False): 4, ("site", False): 4,
                   ("region", False): 5}


class ExportError(ValueError):
    """An export that cannot be written where the user asked (the message says why)."""


def _articles(con: duckdb.DuckDBPyConnection, ids: set[str]) -> dict[str, dict]:
    if not ids:
        return {}
    rows = con.execute("SELECT id, url, source, title, published, ingested_at FROM articles "
                       "WHERE id IN (SELECT unnest($1))", [sorted(ids)]).fetchall()
    return {r[0]: {"url": r[1], "source": r[2], "title": r[3], "published": r[4],
                   "ingested_at": r[5]} for r in rows}


def _all_events(con, f: EventFilter) -> list[dict]:
    return queries.events(con, EventFilter(**{**f.__dict__, "limit": None, "offset": 0}))


def _cell(value) -> str:
    if value is None:
        return ""
    # a tab or newline inside a field would break the row
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def gdelt_row(e: dict, article: dict | None) -> list[str]:
    """One event as a GDELT 2.0 event row (61 strings). Fields dyadwire has no value for are
    empty: the ethnic, religion, known-group and second/third type codes, the actors' own
    geographies, ADM codes, feature ids, tone and IsRootEvent. ActionGeo_CountryCode is left
    empty too: GDELT uses FIPS 10-4 codes there, dyadwire knows the ISO 3166 code."""
    day = date.fromisoformat(e["date"]) if e["date"] else None
    values: dict[str, object] = dict.fromkeys(GDELT_COLUMNS)
    values["GLOBALEVENTID"] = int(e["event_id"], 16)  # GDELT's ids are integers; ours hex
    if day:
        values["SQLDATE"] = day.strftime("%Y%m%d")
        values["MonthYear"] = day.strftime("%Y%m")
        values["Year"] = day.year
        # the codebook's own formula, (MONTH * 30 + DAY) / 365, so values match GDELT's
        values["FractionDate"] = f"{day.year + (day.month * 30 + day.day) / 365:.4f}"
    for n, side in ((1, "source"), (2, "target")):
        actor = e[side] or {}
        values[f"Actor{n}Code"] = actor.get("code")
        name = actor.get("name") or actor.get("text")
        values[f"Actor{n}Name"] = name.upper() if name else None
        values[f"Actor{n}CountryCode"] = actor.get("country")
        values[f"Actor{n}Type1Code"] = actor.get("sector")
    values["EventCode"] = e["cameo"]
    values["EventBaseCode"] = e["cameo"][:3] if e["cameo"] else None
    values["EventRootCode"] = e["cameo_root"]
    values["QuadClass"] = e["quad_class"]
    values["GoldsteinScale"] = e["goldstein"]
    # each stored event is one report's coding: one mention, in one article of one source
    values["NumMentions"] = values["NumSources"] = values["NumArticles"] = 1
    loc = e.get("location")
    if loc and loc.get("name"):
        us = loc.get("country") == "USA"
        values["ActionGeo_Type"] = _GDELT_GEO_TYPE.get((loc.get("precision"), us))
        values["ActionGeo_FullName"] = loc["name"]
        values["ActionGeo_Lat"] = loc.get("lat")
        values["ActionGeo_Long"] = loc.get("lon")
    if article:
        added = article.get("ingested_at")
        if isinstance(added, datetime):
            values["DATEADDED"] = added.strftime("%Y%m%d%H%M%S")
        values["SOURCEURL"] = article.get("url")
    return [_cell(values[c]) for c in GDELT_COLUMNS]


def export_gdelt(con, f: EventFilter, out: Path) -> int:
    evs = _all_events(con, f)
    arts = _articles(con, {e["article_id"] for e in evs})
    with open(out, "w", encoding="utf-8", newline="") as fh:
        for e in evs:
            fh.write("\t".join(gdelt_row(e, arts.get(e["article_id"]))) + "\n")
    return len(evs)


def plover_record(e: dict, article: dict | None) -> dict:
    """One event as a PLOVER record: the PLOVER manual's field names (id, date, actor,
    recipient, event, mode, context, event_loc, event_text, cite_info); CAMEO and the rest of
    dyadwire's coding under `dyadwire`."""
    def actor(a: dict) -> dict | None:
        if not a or not (a.get("code") or a.get("text")):
            return None
        return {"actorText": a.get("text"), "code": a.get("country") or a.get("code"),
                "sector": a.get("sector"), "name": a.get("name"), "entity_id": a.get("entity_id"),
                "role": a.get("role")}

    loc = e.get("location")
    art = article or {}
    published = art.get("published")
    return {
        "id": e["event_id"],
        "date": e["date"],
        "actor": actor(e["source"]),
        "recipient": actor(e["target"]),
        "event": (e.get("plover") or {}).get("type"),
        "mode": (e.get("plover") or {}).get("mode"),
        "context": None,
        "event_loc": ({"name": loc["name"], "country": loc.get("country"), "lat": loc.get("lat"),
                       "lon": loc.get("lon"), "precision": loc.get("precision")}
                      if loc and loc.get("name") else None),
        "event_text": e["sentence"],
        "cite_info": {"article_id": e["article_id"], "url": art.get("url"),
                      "source": art.get("source"), "title": art.get("title"),
                      "published": published.isoformat() if published else None,
                      "span": e["span"], "raw_span": e["raw_span"]},
        "dyadwire": {"cameo": e["cameo"], "quad_class": e["quad_class"],
                     "goldstein": e["goldstein"], "modality": e["modality"],
                     "date_precision": e["date_precision"], "date_basis": e["date_basis"],
                     "confidence": e["confidence"]},
    }


def export_plover(con, f: EventFilter, out: Path) -> int:
    evs = _all_events(con, f)
    arts = _articles(con, {e["article_id"] for e in evs})
    with open(out, "w", encoding="utf-8") as fh:
        for e in evs:
            fh.write(json.dumps(plover_record(e, arts.get(e["article_id"])), ensure_ascii=False) + "\n")
    return len(evs)


def export_csv(con, f: EventFilter, out: Path) -> int:
    evs = _all_events(con, f)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([n for n, _ in EVENT_COLUMNS])
        for e in evs:
            writer.writerow(["" if v is None else v for v in event_row(e)])
    return len(evs)


def export_geojson(con, f: EventFilter, out: Path) -> int:
    from dyadwire.serve.app import geojson

    collection = geojson(_all_events(con, f))
    out.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return len(collection["features"])


def export_parquet(con, f: EventFilter, out: Path) -> int:
    """A folder `out` of Parquet files, one partition per month of the event date
    (`month=2023-03/`, `month=undated/`), each row one event with the events table's columns."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(f"{out}: parquet needs a new or empty folder")
    where, params = f.where()
    names = ", ".join(f'"{n}"' for n, _ in EVENT_COLUMNS)
    n = con.execute(f"SELECT count(*) FROM events{where}", params).fetchone()[0]
    target = str(out).replace("'", "''")
    con.execute(
        f"COPY (SELECT {names}, coalesce(strftime(date, '%Y-%m'), 'undated') AS month "
        f"FROM events{where} ORDER BY date, article_id, sentence_index, event_id) "
        f"TO '{target}' (FORMAT parquet, PARTITION_BY (month), OVERWRITE_OR_IGNORE)", params)
    return n


def export_gexf(con, f: EventFilter, out: Path) -> int:
    """The directed actor network (actor codes as nodes, events as edge weights) as GEXF 1.3."""
    net = queries.network(con, date_from=f.date_from, date_to=f.date_to)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
             '  <meta><creator>dyadwire</creator><description>actor network: edges weighted '
             'by events</description></meta>',
             '  <graph defaultedgetype="directed">',
             '    <attributes class="edge"><attribute id="goldstein_mean" title="goldstein_mean" type="double"/>'
             '<attribute id="conflict" title="conflict" type="integer"/></attributes>',
             '    <nodes>']
    for node in net["nodes"]:
        lines.append(f'      <node id={quoteattr(node["id"])} label={quoteattr(node["label"])}/>')
    lines.append('    </nodes>')
    lines.append('    <edges>')
    for i, e in enumerate(net["edges"]):
        g = "" if e["goldstein_mean"] is None else f'<attvalue for="goldstein_mean" value="{e["goldstein_mean"]}"/>'
        lines.append(f'      <edge id="{i}" source={quoteattr(e["source"])} target={quoteattr(e["target"])} '
                     f'weight="{e["weight"]}"><attvalues>{g}<attvalue for="conflict" value="{e["conflict"]}"/>'
                     '</attvalues></edge>')
    lines += ['    </edges>', '  </graph>', '</gexf>']
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(net["edges"])


EXPORTERS: dict[str, Callable[[duckdb.DuckDBPyConnection, EventFilter, Path], int]] = {
    "gdelt": export_gdelt,
    "plover": export_plover,
    "parquet": export_parquet,
    "csv": export_csv,
    "geojson": export_geojson,
    "gexf": export_gexf,
}


def export(db: str | Path, fmt: str, out: str | Path, f: EventFilter | None = None) -> int:
    """Write the events of `db` matching `f` to `out` in format `fmt`; returns the rows (events,
    features or edges) written."""
    from dyadwire.store import reading

    if fmt not in EXPORTERS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORTERS)}")
    out = Path(out)
    if fmt != "parquet" and out.is_dir():
        raise ExportError(f"{out}: is a folder; give a file name")
    if not out.parent.is_dir():
        raise ExportError(f"{out.parent}: no such folder")
    with reading(db) as con:
        return EXPORTERS[fmt](con, f or EventFilter(limit=None), out)


__all__ = ["EXPORTERS", "GDELT_COLUMNS", "ExportError", "export", "gdelt_row", "plover_record"]
