"""The DuckDB schema, as named migrations each applied once and recorded in `dw_migrations`.

A migration is never edited after it has shipped: a change to the schema is a new function
appended to MIGRATIONS, so that every existing database can be brought up to date in place.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import duckdb

ACTOR_FIELDS = ("text", "code", "country", "sector", "entity_id", "name", "role")

# The events table as migration 001 created it; later migrations add to it (EVENT_COLUMNS).
EVENT_COLUMNS_001 = (
    ("event_id", "VARCHAR PRIMARY KEY"),
    ("article_id", "VARCHAR NOT NULL"),
    ("sentence_index", "INTEGER"),
    ("sentence", "VARCHAR"),
    ("span_start", "INTEGER"),
    ("span_end", "INTEGER"),
    ("raw_start", "INTEGER"),
    ("raw_end", "INTEGER"),
    *((f"source_{f}", "VARCHAR") for f in ACTOR_FIELDS),
    *((f"target_{f}", "VARCHAR") for f in ACTOR_FIELDS),
    ("cameo", "VARCHAR"),
    ("cameo_root", "VARCHAR"),
    ("quad_class", "TINYINT"),
    ("penta_class", "TINYINT"),
    ("goldstein", "DOUBLE"),
    ("plover_type", "VARCHAR"),
    ("plover_mode", "VARCHAR"),
    ("date", "DATE"),
    ("date_precision", "VARCHAR"),
    ("date_basis", "VARCHAR"),
    ("modality", "VARCHAR"),
    ("location_name", "VARCHAR"),
    ("location_country", "VARCHAR"),
    ("location_lat", "DOUBLE"),
    ("location_lon", "DOUBLE"),
    ("location_precision", "VARCHAR"),
    ("confidence", "DOUBLE"),
    ("trigger", "VARCHAR"),
    ("reported", "BOOLEAN"),
)
# Every column of the events table, in the order the writer builds its batches.
EVENT_COLUMNS = EVENT_COLUMNS_001 + (("date_end", "DATE"),)



def _json_path(column: str) -> tuple:
    """Where an events column lives in the event's JSON (`Event.to_dict`)."""
    pairs = {"span_start": ("span", 0), "span_end": ("span", 1), "raw_start": ("raw_span", 0),
             "raw_end": ("raw_span", 1)}
    if column in pairs:
        return pairs[column]
    for nested in ("source", "target", "plover", "location"):
        if column.startswith(nested + "_"):
            return nested, column[len(nested) + 1:]
    return (column,)


# Rows are derived from this mapping, in both directions; never positional tuples.
EVENT_JSON_PATHS = {name: _json_path(name) for name, _ in EVENT_COLUMNS}
_DATE_COLUMNS = {name for name, kind in EVENT_COLUMNS if kind == "DATE"}


def event_row(event: dict) -> tuple:
    """An event's JSON as a row of the events table, in `EVENT_COLUMNS` order."""
    values = []
    for name, path in EVENT_JSON_PATHS.items():
        value = event
        for key in path:
            value = None if value is None else value[key]
        if name in _DATE_COLUMNS and value is not None:
            value = date.fromisoformat(value[:10])
        values.append(value)
    return tuple(values)


def event_json(row: dict) -> dict:
    """A row of the events table (column -> value) as the event's JSON, nested as `event_row`
    flattened it (the inverse of `event_row`)."""
    out: dict = {}
    for name, path in EVENT_JSON_PATHS.items():
        value = row.get(name)
        if name in _DATE_COLUMNS and value is not None:
            value = value.isoformat()
        if len(path) == 1:
            out[name] = value
            continue
        out.setdefault(path[0], {} if isinstance(path[1], str) else [None, None])[path[1]] = value
    if not (out.get("location") or {}).get("name"):
        out["location"] = None
    return out


ARTICLE_COLUMNS = (
    ("id", "VARCHAR PRIMARY KEY"),
    ("origin", "VARCHAR"),
    ("source", "VARCHAR"),
    ("url", "VARCHAR"),
    ("title", "VARCHAR"),
    ("published", "DATE"),
    ("raw_text", "VARCHAR"),
    ("clean_text", "VARCHAR"),
    ("raw_hash", "VARCHAR"),
    ("clean_hash", "VARCHAR"),
    ("n_events", "INTEGER"),
    ("ingested_at", "TIMESTAMP"),
)

MENTION_COLUMNS = (
    ("article_id", "VARCHAR NOT NULL"),
    ("start", "INTEGER"),
    ("end", "INTEGER"),
    ("text", "VARCHAR"),
    ("entity_id", "VARCHAR"),
    ("code", "VARCHAR"),
    ("country", "VARCHAR"),
    ("sector", "VARCHAR"),
    ("role", "VARCHAR"),
)


def _columns(spec) -> str:
    return ",\n  ".join(f'"{name}" {kind}' for name, kind in spec)


def m001_initial(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE TABLE articles (\n  {_columns(ARTICLE_COLUMNS)}\n)")
    con.execute(f"CREATE TABLE events (\n  {_columns(EVENT_COLUMNS_001)}\n)")
    con.execute(
        """CREATE TABLE actors (
          entity_id VARCHAR PRIMARY KEY, code VARCHAR, country VARCHAR, sector VARCHAR,
          name VARCHAR, first_seen DATE, last_seen DATE, n_events INTEGER
        )"""
    )
    con.execute(f"CREATE TABLE mentions (\n  {_columns(MENTION_COLUMNS)}\n)")
    # Dyad queries filter on the actor columns; the date and root filters come next.
    con.execute("CREATE INDEX events_article ON events (article_id)")
    con.execute("CREATE INDEX events_dyad_country ON events (source_country, target_country)")
    con.execute("CREATE INDEX events_dyad_code ON events (source_code, target_code)")
    con.execute("CREATE INDEX events_date ON events (date)")
    con.execute("CREATE INDEX events_root ON events (cameo_root)")
    con.execute("CREATE INDEX mentions_article ON mentions (article_id)")
    con.execute("CREATE INDEX mentions_entity ON mentions (entity_id)")


# Role evidence learned from text (`dyadwire.actors.evidence`): one row per title the news gave a
# person. Keyed by article, sentence, person and role, so writing an article twice adds nothing.
ROLE_EVIDENCE_COLUMNS = (
    ("article_id", "VARCHAR NOT NULL"),
    ("sentence_index", "INTEGER NOT NULL"),
    ("person", "VARCHAR NOT NULL"),
    ("entity_id", "VARCHAR"),
    ("role", "VARCHAR NOT NULL"),
    ("role_key", "VARCHAR"),
    ("country", "VARCHAR"),
    ("sector", "VARCHAR"),
    ("date", "DATE"),
    ("date_end", "DATE"),
    ("title_text", "VARCHAR"),
    ("basis", "VARCHAR"),
    ("run_id", "VARCHAR"),  # added by migration 005
)


def m002_role_evidence(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        f"CREATE TABLE role_evidence (\n  {_columns(ROLE_EVIDENCE_COLUMNS[:-1])},\n"
        "  PRIMARY KEY (article_id, sentence_index, person, role)\n)"
    )
    con.execute("CREATE INDEX role_evidence_entity ON role_evidence (entity_id)")


def m003_event_date_end(con: duckdb.DuckDBPyConnection) -> None:
    """The last day of an event's inferred date range (undated articles)."""
    con.execute("ALTER TABLE events ADD COLUMN date_end DATE")


def m004_article_hash_index(con: duckdb.DuckDBPyConnection) -> None:
    """Content decides an article's identity (`ingest.identity`): look articles up by hash."""
    con.execute("CREATE INDEX articles_hash ON articles (raw_hash)")


def m005_ingest_runs(con: duckdb.DuckDBPyConnection) -> None:
    """Which ingest run found each role evidence row, and which runs finished: a run killed half
    way is resumed by the next one, and its evidence counts only once it has finished, so a
    resumed run codes exactly as an uninterrupted one would."""
    con.execute("CREATE TABLE ingest_runs (run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP, "
                "finished_at TIMESTAMP)")
    con.execute("ALTER TABLE role_evidence ADD COLUMN run_id VARCHAR")


def m007_across_reports(con: duckdb.DuckDBPyConnection) -> None:
    """Across reports (`dyadwire.stories`): each article's MinHash signature and LSH band keys,
    the near-duplicate links between articles, and which real-world event each event report
    belongs to. Derived tables: nothing in them is deleted from `articles` or `events`."""
    con.execute("CREATE TABLE article_signatures (article_id VARCHAR PRIMARY KEY, "
                "clean_hash VARCHAR, n_shingles INTEGER, signature UINTEGER[])")
    con.execute("CREATE TABLE article_bands (article_id VARCHAR NOT NULL, band SMALLINT NOT NULL, "
                "key BIGINT NOT NULL)")
    con.execute("CREATE INDEX article_bands_article ON article_bands (article_id)")
    # duplicate_of: the first original; via: the stored article the copy matched (itself a copy,
    # or the original); jaccard and containment as estimated by MinHash against `via`
    con.execute("CREATE TABLE article_duplicates (article_id VARCHAR PRIMARY KEY, "
                "duplicate_of VARCHAR NOT NULL, via VARCHAR NOT NULL, jaccard DOUBLE, containment DOUBLE)")
    con.execute("CREATE INDEX article_duplicates_original ON article_duplicates (duplicate_of)")
    # one row per event report: the merged event it reports
    con.execute("CREATE TABLE event_reports (event_id VARCHAR PRIMARY KEY, merged_id VARCHAR NOT NULL, "
                "article_id VARCHAR NOT NULL)")
    con.execute("CREATE INDEX event_reports_merged ON event_reports (merged_id)")
    con.execute("CREATE INDEX event_reports_article ON event_reports (article_id)")
    # one row per merged event: the report whose coding it shows (the best-supported one)
    con.execute("CREATE TABLE merged_events (merged_id VARCHAR PRIMARY KEY, event_id VARCHAR NOT NULL, "
                "reports INTEGER, outlets INTEGER)")


def m008_stories(con: duckdb.DuckDBPyConnection) -> None:
    """Stories (`dyadwire.stories.threads`): which story each article belongs to, and one summary
    row per story."""
    con.execute("CREATE TABLE article_stories (article_id VARCHAR PRIMARY KEY, story_id VARCHAR NOT NULL)")
    con.execute("CREATE INDEX article_stories_story ON article_stories (story_id)")
    con.execute("CREATE TABLE stories (story_id VARCHAR PRIMARY KEY, label VARCHAR, first_date DATE, "
                "last_date DATE, articles INTEGER, events INTEGER, actors VARCHAR[])")


MIGRATIONS: tuple[tuple[str, Callable[[duckdb.DuckDBPyConnection], None]], ...] = (
    ("001_initial", m001_initial),
    ("002_role_evidence", m002_role_evidence),
    ("003_event_date_end", m003_event_date_end),
    ("004_article_hash_index", m004_article_hash_index),
    ("005_ingest_runs", m005_ingest_runs),
    ("007_across_reports", m007_across_reports),
    ("008_stories", m008_stories),
)


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every migration the database has not seen yet; returns the names applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS dw_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)"
    )
    done = {row[0] for row in con.execute("SELECT name FROM dw_migrations").fetchall()}
    applied = []
    for name, migration in MIGRATIONS:
        if name in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            migration(con)
            con.execute("INSERT INTO dw_migrations VALUES (?, now())", [name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied
