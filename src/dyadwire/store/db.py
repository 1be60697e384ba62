"""The DuckDB store: one file, one writer, idempotent writes.

Articles are keyed by id and carry a hash of their raw text, so writing the same article twice
changes nothing, and a changed article replaces its old events instead of adding to them. Writes
go in column batches (`unnest` of list parameters): DuckDB's row-by-row `executemany` is about
60x slower for the same rows.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb

from dyadwire.ingest.identity import Stored, relabelled
from dyadwire.model import Article, CodedArticle
from dyadwire.store.schema import (
    ARTICLE_COLUMNS,
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    ROLE_EVIDENCE_COLUMNS,
    event_row,
    migrate,
)

DEFAULT_DB = "dyadwire.duckdb"


class StoreError(Exception):
    """A database the user pointed at cannot be used; the message says why and what to do."""


class StoreBusy(StoreError):
    """Another process held the database file for longer than we were willing to wait."""


# DuckDB lets one process write a file, or any number read it, never both at once. The writer
# (`dyadwire ingest`) holds the file only while it reads or writes a batch and then closes it, and
# readers (`dyadwire serve`, the Python API) open it per query: each side waits for the other
# briefly instead of failing. A batch write takes milliseconds to a second, a query less.
WRITER_WAIT = 60.0  # seconds the writer waits for readers to let go
READER_WAIT = 10.0  # seconds a reader waits for the writer's batch to be written


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


def connect(path: str, *, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """Open `path`, retrying for up to `wait` seconds while another process holds its lock."""
    deadline = time.monotonic() + wait
    delay = 0.005
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                raise StoreError(f"{path}: cannot open database ({exc})") from exc
            if time.monotonic() >= deadline:
                raise StoreBusy(f"{path}: another process held the database for over {wait:.0f} s; "
                                "try again") from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.1)


@contextlib.contextmanager
def reading(path: str | Path, *, wait: float = READER_WAIT) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to a dyadwire database, held only for the `with` block, so that an
    ingest can write between two reads. Raises StoreError if the file is missing or not ours,
    StoreBusy if a writer held it for over `wait` seconds."""
    path = str(path)
    if not Path(path).exists():
        raise StoreError(f"{path}: no such database; build one with `dyadwire ingest --db {path} PATH`")
    con = connect(path, read_only=True, wait=wait)
    try:
        ours = con.execute("SELECT count(*) FROM information_schema.tables "
                           "WHERE table_name = 'dw_migrations'").fetchone()[0]
        if not ours:
            raise StoreError(f"{path}: not a dyadwire database")
        yield con
    finally:
        con.close()


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


@dataclass
class WriteResult:
    articles_added: int = 0
    articles_replaced: int = 0
    events_added: int = 0


class Store:
    """A dyadwire database file. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False):
        self.path = str(path)
        self.read_only = read_only
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(
                f"{self.path}: no such database; build one with `dyadwire ingest --db {self.path} PATH`"
            )
        self._con = connect(self.path, read_only=read_only,
                            wait=READER_WAIT if read_only else WRITER_WAIT)
        if not read_only:
            self._migrate()
        elif not self._has_table("dw_migrations"):
            raise StoreError(f"{self.path}: not a dyadwire database")

    def _migrate(self) -> None:
        ours = self._has_table("dw_migrations")
        if not ours and self._has_table("articles"):
            self.close()
            raise StoreError(f"{self.path}: not a dyadwire database (it has tables of its own); "
                             "give --db a new file")
        try:
            migrate(self.con)
        except duckdb.Error as exc:
            self.close()
            raise StoreError(f"{self.path}: cannot bring the database up to date ({exc})") from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open connection; reopened (waiting for readers to let go) after `release()`."""
        if self._con is None:
            self._con = connect(self.path, read_only=self.read_only,
                                wait=READER_WAIT if self.read_only else WRITER_WAIT)
        return self._con

    def release(self) -> None:
        """Let go of the database file so other processes can read it; the next use reopens
        it. The ingest calls this after each batch it reads or writes, so it holds the file only
        while it uses it, never while it parses."""
        if self.path != ":memory:":
            self.close()

    def _has_table(self, name: str) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchone()
        return bool(row and row[0])

    # -- reads used by the writer ------------------------------------------------------------

    def stored_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """raw_hash of each of these article ids that the store already holds."""
        ids = list(ids)
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT id, raw_hash FROM articles WHERE id IN (SELECT unnest($1))", [ids]
        ).fetchall()
        return dict(rows)

    def stored_articles(self, articles: Sequence[Article]) -> Stored:
        """What the store holds of these articles, by id (and the ids they may have been
        relabelled to) and by text hash: what `ingest.identity.DistinctArticles` decides with."""
        hashes = [text_hash(a.text) for a in articles]
        ids = [a.id for a in articles] + [relabelled(a, h).id for a, h in zip(articles, hashes)]
        by_id = {i: (h, o) for i, h, o in self.con.execute(
            "SELECT id, raw_hash, origin FROM articles WHERE id IN (SELECT unnest($1))", [ids]
        ).fetchall()}
        by_hash = dict(self.con.execute(
            "SELECT raw_hash, min(id) FROM articles WHERE raw_hash IN (SELECT unnest($1)) "
            "GROUP BY raw_hash", [hashes]).fetchall())
        return Stored(by_id, by_hash)

    def is_current(self, article: Article, stored: dict[str, str]) -> bool:
        return stored.get(article.id) == text_hash(article.text)

    # -- the writer --------------------------------------------------------------------------

    def write(self, batch: Sequence[CodedArticle], run_id: str | None = None) -> WriteResult:
        """Store a batch in one transaction; articles already stored unchanged are skipped.
        `run_id` is the ingest run the batch belongs to (`begin_run`)."""
        result = WriteResult()
        if not batch:
            return result
        stored = self.stored_hashes(c.article.id for c in batch)
        # Within one batch the last version of an id wins, as it would across batches.
        fresh = {c.article.id: c for c in batch if not self.is_current(c.article, stored)}
        if not fresh:
            return result
        replaced = [i for i in fresh if i in stored]
        now = _now()
        article_rows = [_article_row(c, now) for c in fresh.values()]
        # event ids are unique per distinct event (the coder keeps an event once), so a plain
        # INSERT: a clash would fail loudly instead of dropping an event
        event_rows = [event_row(e.to_dict()) for c in fresh.values() for e in c.events]
        mention_rows = [_mention_row(c.article.id, m) for c in fresh.values() for m in c.mentions]
        evidence_rows = {}
        for c in fresh.values():
            for ev in c.evidence:
                row = _evidence_row(c.article.id, {**ev, "run_id": run_id})
                if row[2] and row[4]:
                    evidence_rows.setdefault((row[0], row[1], row[2], row[4]), row)

        self.con.execute("BEGIN TRANSACTION")
        try:
            if replaced:
                for table, key in (("events", "article_id"), ("mentions", "article_id"),
                                   ("role_evidence", "article_id"), ("articles", "id")):
                    self.con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest($1))", [replaced])
            self._insert("articles", ARTICLE_COLUMNS, article_rows)
            self._insert("events", EVENT_COLUMNS, event_rows)
            self._insert("mentions", MENTION_COLUMNS, mention_rows)
            self._insert("role_evidence", ROLE_EVIDENCE_COLUMNS, list(evidence_rows.values()),
                         or_ignore=True)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        result.articles_added = len(fresh) - len(replaced)
        result.articles_replaced = len(replaced)
        result.events_added = len(event_rows)
        return result

    def refresh_actors(self) -> None:
        """Rebuild the actors table from the events: one row per entity seen."""
        self.con.execute("BEGIN TRANSACTION")
        self.con.execute("DELETE FROM actors")
        self.con.execute(
            """
            INSERT INTO actors
            SELECT entity_id, any_value(code), any_value(country), any_value(sector),
                   any_value(name), min(date), max(date), count(*)
            FROM (
              SELECT source_entity_id AS entity_id, source_code AS code, source_country AS country,
                     source_sector AS sector, source_name AS name, date FROM events
              UNION ALL
              SELECT target_entity_id, target_code, target_country, target_sector, target_name, date
              FROM events
            ) WHERE entity_id IS NOT NULL
            GROUP BY entity_id
            """
        )
        self.con.execute("COMMIT")

    def _insert(self, table: str, spec, rows: list[tuple], *, or_ignore: bool = False) -> None:
        if not rows:
            return
        columns = list(zip(*rows))
        names = ", ".join(f'"{name}"' for name, _ in spec)
        unnests = ", ".join(f"unnest(${i + 1})" for i in range(len(spec)))
        verb = "INSERT OR IGNORE" if or_ignore else "INSERT"
        self.con.execute(
            f"{verb} INTO {table} ({names}) SELECT {unnests}", [list(c) for c in columns]
        )

    def role_evidence(self, excluding_run: str | None = None) -> list[dict]:
        """The role evidence of finished ingest runs (and of writes made outside any run), as
        dicts for `dyadwire.actors.evidence.EvidenceResolver`; never that of `excluding_run`
        (the run about to code) or of a run that did not finish."""
        names = [name for name, _ in ROLE_EVIDENCE_COLUMNS]
        columns = ", ".join(f'e."{n}"' for n in names)
        rows = self.con.execute(
            f"SELECT {columns} FROM role_evidence e LEFT JOIN ingest_runs r USING (run_id) "
            "WHERE e.run_id IS NULL OR (r.finished_at IS NOT NULL AND e.run_id IS DISTINCT FROM ?)",
            [excluding_run]).fetchall()
        return [dict(zip(names, row)) for row in rows]

    def begin_run(self) -> str:
        """The id of the ingest run starting now: the unfinished one, resumed, if the last run
        was killed; else a new one."""
        row = self.con.execute("SELECT run_id FROM ingest_runs WHERE finished_at IS NULL "
                               "ORDER BY started_at LIMIT 1").fetchone()
        if row:
            return row[0]
        run_id = uuid.uuid4().hex
        self.con.execute("INSERT INTO ingest_runs VALUES (?, ?, NULL)", [run_id, _now()])
        return run_id

    def finish_run(self, run_id: str) -> None:
        self.con.execute("UPDATE ingest_runs SET finished_at = ? WHERE run_id = ?", [_now(), run_id])

    # -- counts ------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return {
            table: self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "events", "actors", "mentions")
        }

    def events_at_or_above(self, confidence: float) -> int:
        return self.con.execute("SELECT count(*) FROM events WHERE confidence >= ?", [confidence]).fetchone()[0]


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _article_row(c: CodedArticle, now: datetime) -> tuple:
    a = c.article
    return (
        a.id, a.origin, a.source, a.url, a.title, a.date, a.text, c.clean_text,
        text_hash(a.text), text_hash(c.clean_text), len(c.events), now,
    )


def _mention_row(article_id: str, m: dict) -> tuple:
    return (article_id, *(m.get(name) for name, _ in MENTION_COLUMNS[1:]))


def _evidence_row(article_id: str, ev: dict) -> tuple:
    values = {**ev, "article_id": article_id}
    values["sentence_index"] = int(values.get("sentence_index") or 0)
    for key in ("date", "date_end"):
        v = values.get(key)
        values[key] = v if isinstance(v, date) or v is None else _as_date(str(v))
    return tuple(values.get(name) for name, _ in ROLE_EVIDENCE_COLUMNS)


def _as_date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None
