"""Reading, coding and storing articles: the library behind `dyadwire ingest`.

Articles the store already holds unchanged are dropped before parsing, so a second run over the
same files costs only reading and hashing.

What a run codes depends only on its input, the package data, its options and the database as
it was when the run started: the pipeline resolves people with the role evidence stored before
the run, and the evidence this run finds is stored for the next one. So the same input gives the
same events whatever the number of workers, the batch size or the order of the articles. A run
that was killed is resumed by the next one (`Store.begin_run`): its evidence counts only once it
has finished, so the resumed run codes the rest exactly as the uninterrupted run would have.

The run holds the database file only while it looks articles up or writes a batch
(`Store.release` after each), never while it parses, so `dyadwire serve` and other readers keep
answering during an ingest; each batch is one transaction, so a reader sees a batch whole or not
at all.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from dyadwire.engine.coding import CodingError, code_articles
from dyadwire.ingest.identity import DistinctArticles
from dyadwire.model import Article
from dyadwire.store import Store
from dyadwire.store.db import text_hash

LOOKUP_CHUNK = 256
WRITE_BATCH = 64


@dataclass
class IngestReport:
    read: int = 0
    unchanged: int = 0
    parsed: int = 0  # coded by the NLP stages so far (stored in batches)
    events_coded: int = 0  # events in those, for progress before a batch is stored
    added: int = 0
    replaced: int = 0
    events: int = 0
    failed: list[CodingError] = field(default_factory=list)
    seconds: float = 0.0
    links: object = None  # stories.LinkReport: duplicates linked and reports merged

    @property
    def coded(self) -> int:
        return self.added + self.replaced

    def rate(self) -> float:
        return self.parsed / self.seconds if self.seconds else 0.0


def ingest(
    articles: Iterable[Article],
    store: Store,
    *,
    workers: int = 1,
    dictionaries: str | None = None,
    replace: bool = False,
    batch_size: int = 16,
    on_progress: Callable[[IngestReport], None] | None = None,
    on_note: Callable[[str, str], None] | None = None,
) -> IngestReport:
    """Code and store `articles`; see the module doc. `on_note(origin, message)` hears of every
    duplicate article skipped and every id relabelled (`ingest.identity`)."""
    report = IngestReport()
    started = time.perf_counter()

    def count_unchanged(article: Article) -> None:
        report.unchanged += 1

    distinct = DistinctArticles(text_hash, note=on_note or (lambda origin, message: None),
                                unchanged=count_unchanged)

    def fresh() -> Iterator[Article]:
        it = iter(articles)
        while chunk := list(itertools.islice(it, LOOKUP_CHUNK)):
            report.read += len(chunk)
            if on_progress:
                on_progress(report)
            stored = store.stored_articles(chunk)
            store.release()
            yield from distinct.filter(chunk, stored)

    run_id = store.begin_run()

    def write(batch: list) -> None:
        written = store.write(batch, run_id)
        store.release()
        report.added += written.articles_added
        report.replaced += written.articles_replaced
        report.events += written.events_added

    from dyadwire.nlp.pipeline import load

    evidence = store.role_evidence(excluding_run=run_id)
    store.release()
    nlp = load(dictionaries, replace, evidence=evidence)
    batch = []
    for coded in code_articles(fresh(), nlp=nlp, workers=workers, batch_size=batch_size,
                               on_error=report.failed.append):
        batch.append(coded)
        report.parsed += 1
        report.events_coded += len(coded.events)
        report.seconds = time.perf_counter() - started
        if len(batch) == WRITE_BATCH:
            write(batch)
            batch = []
        if on_progress:
            on_progress(report)
    write(batch)
    if report.coded:
        store.refresh_actors()
    # across reports: near-duplicate links and merged events for what is new (and anything an
    # interrupted run or an older version of dyadwire left ungrouped); a re-run finds nothing
    from dyadwire.stories import link

    report.links = link(store.con)
    store.finish_run(run_id)
    store.release()
    report.seconds = time.perf_counter() - started
    return report
