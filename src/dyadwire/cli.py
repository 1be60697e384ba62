"""The `dyadwire` command: a thin layer that parses arguments and calls the library.

Exit codes (a contract other tools rely on): 0 ok; 1 some inputs were rejected, each named on
stderr with the reason; 2 usage error (including a database or dictionary that cannot be used);
3 a failure of dyadwire itself (a bug: the one line printed says what to report).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from dyadwire import __version__
from dyadwire.nlp.confidence_model import min_confidence_or_default

app = typer.Typer(
    name="dyadwire",
    help="Political event data from raw news: who did what to whom, when and where "
    "(CAMEO and PLOVER), with the sentence as evidence.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Option groups shared by several commands, defined once.
Paths = Annotated[
    Optional[list[str]],
    typer.Argument(
        help="Files, folders (read recursively), glob patterns, or - for JSON Lines on stdin. "
        "Formats by extension: .txt .jsonl .ndjson .csv .tsv .html .htm .warc .warc.gz.",
        show_default=False,
    ),
]
Format = Annotated[
    Optional[str],
    typer.Option("--format", "-f", help="Read every input as this format (txt, jsonl, csv, tsv, html, warc)."),
]
Workers = Annotated[
    int, typer.Option("--workers", "-w", min=1, help="Processes that parse in parallel.")
]
Db = Annotated[Path, typer.Option("--db", help="The DuckDB database file.")]
Dictionaries = Annotated[
    Optional[Path],
    typer.Option(
        "--dictionaries", "-d", exists=True, file_okay=False,
        help="A folder of PETRARCH-format dictionaries (files named *verbs*, *actors*, *agents*, "
        "*discards*) that extend the built-in ones.",
    ),
]
MinConfidence = Annotated[
    Optional[float],
    typer.Option(
        "--min-confidence", min=0.0, max=1.0, show_default=False,
        help="Only events whose confidence (the probability that the event is right) is at least "
        "this; 0 shows every event. Default: the threshold fitted with the confidence model "
        "(dyadwire.nlp.confidence_model.default_min_confidence).",
    ),
]
ReplaceDictionaries = Annotated[
    bool, typer.Option("--replace-dictionaries", help="Use only the --dictionaries given, not the built-in ones.")
]


def _dictionaries(dictionaries: Path | None, replace: bool) -> str | None:
    if replace and dictionaries is None:
        raise typer.BadParameter("needs --dictionaries DIR", param_hint="--replace-dictionaries")
    return str(dictionaries) if dictionaries else None


def _pipeline(dictionaries: Path | None, replace: bool):
    from dyadwire.actors import DictionaryError
    from dyadwire.nlp.pipeline import load

    try:
        return load(_dictionaries(dictionaries, replace), replace)
    except DictionaryError as exc:
        _usage_error(exc)


def _usage_error(exc: Exception):
    """A database or dictionary the user pointed at cannot be used: one line, exit 2."""
    typer.echo(f"dyadwire: {exc}", err=True)
    raise typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dyadwire {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    pass


class _Rejections:
    """Collects rejected inputs, naming each on stderr as it happens (through the live progress
    display when there is one, so the two do not garble each other)."""

    def __init__(self) -> None:
        self.count = 0
        self.console = None

    def __call__(self, rejection) -> None:
        self.count += 1
        self.say(rejection.origin, rejection.reason)

    def note(self, origin: str, message: str) -> None:
        """Something the user should know that rejected nothing (a duplicate coded once)."""
        self.say(origin, message)

    def say(self, origin: str, message: str) -> None:
        line = f"dyadwire: {origin}: {message}"
        if self.console is not None:
            self.console.print(line, markup=False, highlight=False, emoji=False)
        else:
            typer.echo(line, err=True)


def _read(paths: list[str] | None, fmt: str | None, rejections: _Rejections):
    from dyadwire.ingest import FORMATS, read

    if fmt and fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}", param_hint="--format")
    if not paths:
        if sys.stdin.isatty():
            raise typer.BadParameter("give files or folders to read, or - for JSON Lines on stdin", param_hint="PATH")
        paths = ["-"]
    return read(paths, on_reject=rejections, fmt=fmt)


@app.command()
def code(
    paths: Paths = None,
    fmt: Format = None,
    workers: Workers = 1,
    dictionaries: Dictionaries = None,
    replace_dictionaries: ReplaceDictionaries = False,
    min_confidence: MinConfidence = None,
) -> None:
    """Code articles into events as JSON Lines on stdout.

    Touches no database. One JSON object per event, in the shape DESIGN.md fixes, for the
    events at or above --min-confidence. Events stream out as each article is coded. Inputs that
    cannot be read are named on stderr and the exit code is 1; the rest are still coded.
    """
    from dyadwire.engine import code_articles
    from dyadwire.ingest.identity import DistinctArticles
    from dyadwire.store.db import text_hash

    rejections = _Rejections()
    articles = DistinctArticles(text_hash, rejections.note, merge_same_text=False).filter(
        _read(paths, fmt, rejections))
    nlp = _pipeline(dictionaries, replace_dictionaries)
    # a user's own ontology keeps the dictionary's scores, which the threshold does not describe
    threshold = 0.0 if replace_dictionaries else min_confidence_or_default(min_confidence)
    out = sys.stdout
    for coded in code_articles(articles, nlp=nlp, workers=workers, on_error=lambda e: rejections(_as_rejection(e))):
        for event in coded.events:
            if event.confidence < threshold:
                continue
            out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
        out.flush()
    raise typer.Exit(1 if rejections.count else 0)


def _as_rejection(error):
    from dyadwire.ingest import Rejection

    return Rejection(origin=error.origin or error.article_id, reason=f"not coded: {error.reason}")


@app.command()
def ingest(
    paths: Paths = None,
    db: Db = Path("dyadwire.duckdb"),
    fmt: Format = None,
    workers: Workers = 1,
    dictionaries: Dictionaries = None,
    replace_dictionaries: ReplaceDictionaries = False,
) -> None:
    """Read, code and store articles in the database.

    Idempotent: an article already stored unchanged is skipped before parsing, so re-running
    with the same input adds nothing; a changed article replaces its old events. Every event is
    stored with its confidence, so a threshold is a choice made when reading (`dyadwire events
    --min-confidence`), not one that loses events.
    """
    from dyadwire.engine import ingest as run_ingest
    from dyadwire.store import Store, StoreError

    rejections = _Rejections()
    articles = _read(paths, fmt, rejections)
    dictionaries = _dictionaries(dictionaries, replace_dictionaries)
    try:
        store = Store(db)
    except StoreError as exc:
        _usage_error(exc)
    try:
        with store, _IngestProgress() as progress:
            rejections.console = progress.console
            report = run_ingest(articles, store, workers=workers, dictionaries=dictionaries,
                                replace=replace_dictionaries, on_progress=progress.update,
                                on_note=rejections.note)
            counts = store.counts()
            threshold = min_confidence_or_default(None)
            confident = store.events_at_or_above(threshold)
    except StoreError as exc:  # readers held the file too long between two batches
        _usage_error(f"{exc}; what was stored so far is kept, and running the same command "
                     "again resumes the ingest")
    rejections.console = None
    for failure in report.failed:
        rejections(_as_rejection(failure))
    typer.echo(
        f"dyadwire: read {report.read} articles: {report.added} added, {report.replaced} replaced, "
        f"{report.unchanged} unchanged; {report.events} events in {report.seconds:.1f} s "
        f"({report.rate():.1f} articles/s). {db} now holds {counts['articles']} articles and "
        f"{counts['events']} events, {confident} of them at or above the default confidence "
        f"threshold {threshold} (`dyadwire events` lists those; --min-confidence 0 lists all).",
        err=True,
    )
    if report.links is not None:
        links = report.links
        typer.echo(f"dyadwire: across reports: {links.duplicates.linked} of {links.duplicates.articles} "
                   f"new articles linked as copies; {links.merge.joined} of {links.merge.reports} new "
                   f"reports joined an event another report tells of; {links.stories.articles} articles "
                   f"placed in stories.", err=True)
    raise typer.Exit(1 if rejections.count else 0)


class _IngestProgress:
    """A live progress line on a terminal; nothing at all when stderr is piped."""

    def __init__(self) -> None:
        self.progress = self.console = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            self.progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.fields[read]} read, {task.fields[parsed]} coded, "
                           "{task.fields[unchanged]} unchanged, {task.fields[events]} events, "
                           "{task.fields[rate]} articles/s"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.console = self.progress.console
            self.task = self.progress.add_task("ingest", total=None, read=0, parsed=0, unchanged=0, events=0, rate="0.0")

    def __enter__(self):
        if self.progress:
            self.progress.start()
        return self

    def __exit__(self, *exc):
        if self.progress:
            self.progress.stop()

    def update(self, report) -> None:
        if self.progress:
            self.progress.update(
                self.task, read=report.read, parsed=report.parsed, unchanged=report.unchanged,
                events=report.events_coded, rate=f"{report.rate():.1f}",
            )


@app.command()
def events(
    db: Db = Path("dyadwire.duckdb"),
    source: Annotated[Optional[str], typer.Option(help="Source actor: a country (ISO3, e.g. USA) or an actor code (USAMIL).")] = None,
    target: Annotated[Optional[str], typer.Option(help="Target actor: a country or an actor code.")] = None,
    date_from: Annotated[Optional[str], typer.Option("--from", help="Earliest event date, YYYY-MM-DD.")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", help="Latest event date, YYYY-MM-DD.")] = None,
    root: Annotated[Optional[str], typer.Option(help="CAMEO root code, 01-20.")] = None,
    limit: Annotated[int, typer.Option(min=0, max=2**62, help="At most this many events (0 = all).")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines in the shape of `dyadwire code`.")] = False,
    min_confidence: MinConfidence = None,
    every_report: Annotated[bool, typer.Option(
        "--reports", help="Every report with its own coding, instead of one row per event.")] = False,
) -> None:
    """List stored events, newest first: one row per real-world event, however many reports.

    Filter by dyad (--source, --target), date (--from, --to), CAMEO root and confidence
    (--min-confidence, by default the fitted threshold; 0 lists all); --json prints JSON Lines
    in the shape of `dyadwire code`, with reports, outlets, report_ids and article_ids added.
    --reports lists every report (each article's own coding) instead.
    """
    from dyadwire.store import EventFilter
    from dyadwire.store import events as query_events

    filt = EventFilter(
        source=source, target=target, date_from=_date_option(date_from, "--from"),
        date_to=_date_option(date_to, "--to"), root=_root_option(root), limit=limit or None,
        min_confidence=min_confidence_or_default(min_confidence),
    )
    rows = _query(db, query_events, filt, reports=every_report)
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    _print_table(rows)


@app.command()
def duplicates(
    db: Db = Path("dyadwire.duckdb"),
    limit: Annotated[int, typer.Option(min=0, max=2**62, help="At most this many links (0 = all).")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines.")] = False,
) -> None:
    """List near-duplicate articles: each copy, the original it copies, and how alike they are.

    Copies are found by MinHash LSH when articles are ingested and linked, never deleted; their
    events stay as reports of the events they tell of, counted under the original's outlet.
    """
    from dyadwire.store import duplicates as query_duplicates

    rows = _query(db, query_duplicates, limit or None)
    for row in rows:
        if as_json:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(f"{row['article_id']}\t{row['duplicate_of']}\tJ={row['jaccard']:.2f}\t"
                             f"C={row['containment']:.2f}\n")
    if not rows:
        typer.echo("no near-duplicate articles", err=True)


@app.command("stories")
def list_stories(
    db: Db = Path("dyadwire.duckdb"),
    limit: Annotated[int, typer.Option(min=0, max=2**62, help="At most this many stories (0 = all).")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines.")] = False,
) -> None:
    """List the stories articles were grouped into, the largest first.

    One line per story: story_id, label, first_date, last_date, articles, events, actors (the
    top actor codes). Stories are built as articles are ingested.
    """
    from dyadwire.store import stories as query_stories

    rows = _query(db, query_stories, limit or None)
    for row in rows:
        if as_json:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write("\t".join([row["story_id"], row["first_date"] or "", row["last_date"] or "",
                                        str(row["articles"]), str(row["events"]), " ".join(row["actors"]),
                                        row["label"] or ""]) + "\n")
    if not rows:
        typer.echo("no stories", err=True)


@app.command("timeline")
def story_timeline(
    story_id: Annotated[Optional[str], typer.Argument(
        help="The story (see `dyadwire stories`); without it the whole database is one story.",
        show_default=False)] = None,
    db: Db = Path("dyadwire.duckdb"),
    dates: Annotated[Optional[int], typer.Option("--dates", min=1, help="At most this many dates (the best supported).")] = None,
    sentences: Annotated[int, typer.Option("--sentences", min=1, help="Evidence sentences per date.")] = 3,
    date_from: Annotated[Optional[str], typer.Option("--from", help="Earliest date, YYYY-MM-DD.")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", help="Latest date, YYYY-MM-DD.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines (one line per date).")] = False,
) -> None:
    """A story's timeline: one entry per date, with its key events' sentences.

    Dates are ranked by how many independent reports support their events; each line has
    date, sentences, event_ids, article_ids and reports.
    """
    from dyadwire.store import Store, StoreError
    from dyadwire.store import timeline as query_timeline
    from dyadwire.store.queries import story_exists

    first, last = _date_option(date_from, "--from"), _date_option(date_to, "--to")
    try:
        with Store(db, read_only=True) as store:
            if story_id is not None and not story_exists(store.con, story_id):
                raise typer.BadParameter(f"no story {story_id!r} in {db}; see `dyadwire stories --db {db}`",
                                         param_hint="STORY_ID")
            rows = query_timeline(store.con, story_id, dates=dates, sentences=sentences,
                                  date_from=first, date_to=last)
    except StoreError as exc:
        _usage_error(exc)
    for row in rows:
        if as_json:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(f"{row['date']}  ({row['reports']} reports, {len(row['article_ids'])} articles)\n")
            for sentence in row["sentences"]:
                sys.stdout.write(f"    {sentence}\n")
    if not rows:
        typer.echo("no dated events", err=True)


def _query(db: Path, query, *args, **options):
    """A store query on the database opened read-only; one that cannot be used is a usage error."""
    from dyadwire.store import Store, StoreError

    try:
        with Store(db, read_only=True) as store:
            return query(store.con, *args, **options)
    except StoreError as exc:
        _usage_error(exc)


def _date_option(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD", param_hint=name)


def _root_option(value: str | None) -> str | None:
    if value is None:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 20:
        raise typer.BadParameter(f"{value!r} is not a CAMEO root; use 01 to 20", param_hint="--root")
    return value.zfill(2)


def _print_table(rows: list[dict]) -> None:
    """One line per event; the evidence sentence is shortened to fit, `--json` has it whole."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 170)
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("source", no_wrap=True, max_width=24, overflow="ellipsis")
    table.add_column("event", no_wrap=True, max_width=18, overflow="ellipsis")
    table.add_column("target", no_wrap=True, max_width=24, overflow="ellipsis")
    table.add_column("modality", no_wrap=True, min_width=12)
    table.add_column("where", no_wrap=True, max_width=12, overflow="ellipsis")
    table.add_column("evidence", no_wrap=True, overflow="ellipsis", max_width=50)
    merged = bool(rows) and "reports" in rows[0]
    if merged:
        table.add_column("reports", justify="right", no_wrap=True)
    for row in rows:
        table.add_row(
            row["date"] or "",
            _actor_label(row["source"]),
            f"{row['cameo']} {row['plover']['type'] or ''}".strip(),
            _actor_label(row["target"]),
            row["modality"],
            (row["location"] or {}).get("name") or "",
            row["sentence"].replace("\n", " "),
            *([f"{row['reports']}/{row['outlets']}"] if merged else []),
        )
    console.print(table, markup=False, emoji=False, highlight=False)
    if not rows:
        typer.echo("no events match", err=True)


def _actor_label(actor: dict) -> str:
    name = actor.get("name") or actor.get("text") or ""
    return f"{actor['code']} {name}" if actor.get("code") else name


@app.command()
def export(
    db: Db = Path("dyadwire.duckdb"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="gdelt (GDELT 2.0 event table, 61 tab-separated columns, no header), "
                                     "plover (PLOVER JSON Lines), parquet (a folder partitioned by month), csv, "
                                     "geojson (located events), gexf (actor network for Gephi).")] = "csv",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="The file to write (a new or empty folder for parquet).",
                                                show_default=False)] = None,
    source: Annotated[Optional[str], typer.Option(help="Source actor: a country (ISO3) or an actor code.")] = None,
    target: Annotated[Optional[str], typer.Option(help="Target actor: a country or an actor code.")] = None,
    date_from: Annotated[Optional[str], typer.Option("--from", help="Earliest event date, YYYY-MM-DD.")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", help="Latest event date, YYYY-MM-DD.")] = None,
    root: Annotated[Optional[str], typer.Option(help="CAMEO root code, 01-20.")] = None,
) -> None:
    """Write the stored events (all, or those the filters keep) in another tool's format.

    The gexf network uses only the date filters.
    """
    from dyadwire.export import EXPORTERS, ExportError
    from dyadwire.export import export as run_export
    from dyadwire.store import EventFilter, StoreError

    if fmt not in EXPORTERS:
        raise typer.BadParameter(f"unknown format {fmt!r}; choose one of {', '.join(EXPORTERS)}", param_hint="--format")
    if out is None:
        raise typer.BadParameter("give the file to write", param_hint="--out")
    filt = EventFilter(source=source, target=target, date_from=_date_option(date_from, "--from"),
                       date_to=_date_option(date_to, "--to"), root=_root_option(root), limit=None)
    try:
        n = run_export(db, fmt, out, filt)
    except (StoreError, ExportError) as exc:
        _usage_error(exc)
    typer.echo(f"dyadwire: wrote {n} {'edges' if fmt == 'gexf' else 'events'} to {out} ({fmt})", err=True)


@app.command()
def serve(
    db: Db = Path("dyadwire.duckdb"),
    host: Annotated[str, typer.Option(help="The address to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="The port to listen on.")] = 8000,
) -> None:
    """Serve the HTTP API and the dashboard over a database until interrupted.

    The dashboard is at http://HOST:PORT/, the API under /api/ (events, dyads, actors, network,
    articles, alerts; ?format=csv on every list, ?format=geojson on events) and its
    description at /openapi.json. Errors are {"ok": false, "error", "status"}. A request returns
    at most 10,000 rows. It keeps answering while `dyadwire ingest` writes to the same file.
    """
    from dyadwire.serve import serve as run_server
    from dyadwire.store import StoreError, reading

    try:
        with reading(db):
            pass
    except StoreError as exc:
        _usage_error(exc)
    typer.echo(f"dyadwire: serving {db} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    run_server(db, host=host, port=port)


@app.command("eval")
def evaluate(
    sets: Annotated[
        Optional[list[str]],
        typer.Argument(help="Which gold sets: petrarch, conflibert, seeds, news (default: all).",
                       show_default=False),
    ] = None,
    data: Annotated[Path, typer.Option(help="The folder holding the gold sets.")] = Path("../shared/data"),
    part: Annotated[str, typer.Option(help="ConfliBERT and news part: held-back (the test part, "
                                           "reported, never tuned on), dev (tune on this) or all.")] = "held-back",
    workers: Workers = 1,
    misses: Annotated[int, typer.Option(help="Show up to this many PETRARCH records coded wrong.")] = 0,
) -> None:
    """Score the coder on the gold sets and print per-category figures."""
    from dyadwire import evaluate as ev

    chosen = sets or list(ev.SETS)
    for name in chosen:
        if name not in ev.SETS:
            raise typer.BadParameter(f"unknown set {name!r}; choose from {', '.join(ev.SETS)}", param_hint="SETS")
    if part not in ("held-back", "dev", "all"):
        raise typer.BadParameter("choose held-back, dev or all", param_hint="--part")
    if not data.is_dir():
        typer.echo(f"dyadwire: {data}: no such folder; point --data at the gold sets (../shared/data)", err=True)
        raise typer.Exit(1)
    from dyadwire.evaluate.report import (
        print_conflibert,
        print_news,
        print_petrarch,
        print_seeds,
    )

    if "petrarch" in chosen:
        print_petrarch(ev.run_petrarch(data, workers), misses)
    if "conflibert" in chosen:
        print_conflibert(ev.run_conflibert(data, part, workers))
    if "seeds" in chosen:
        print_seeds(ev.run_seeds(data))
    if "news" in chosen:
        from dyadwire.evaluate.news_gold import GoldDataMissing

        try:
            print_news(ev.run_news(data, part, workers))
        except GoldDataMissing as exc:
            _usage_error(exc)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("dyadwire: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug in dyadwire, not in the input: its own exit code
        typer.echo(f"dyadwire: internal error: {type(exc).__name__}: {exc} (please report this, "
                   "with the command; set DYADWIRE_DEBUG=1 for the traceback)", err=True)
        if os.environ.get("DYADWIRE_DEBUG"):
            raise
        sys.exit(3)


if __name__ == "__main__":
    main()
