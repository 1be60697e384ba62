"""Reading, coding and storing articles: the library behind `dyadwire ingest`.

Articles the store already holds unchanged are dropped before parsing, so a second run over the
same files costs only reading and hashing.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from dyadwire.actors import learn_evidence
from dyadwire.engine.coding import CodingError, code_articles
from dyadwire.model import Article
from dyadwire.store import Store

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
    nlp=None,
    on_progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    report = IngestReport()
    started = time.perf_counter()

    def fresh() -> Iterator[Article]:
        it = iter(articles)
        while chunk := list(itertools.islice(it, LOOKUP_CHUNK)):
            report.read += len(chunk)
            if on_progress:
                on_progress(report)
            stored = store.stored_hashes(a.id for a in chunk)
            for article in chunk:
                if store.is_current(article, stored):
                    report.unchanged += 1
                else:
                    yield article

    def write(batch: list) -> None:
        written = store.write(batch)
        report.added += written.articles_added
        report.replaced += written.articles_replaced
        report.events += written.events_added
        # later articles resolve people with the offices this batch's news gave them
        learn_evidence([{**ev, "article_id": c.article.id} for c in batch
                        for ev in getattr(c, "evidence", ())])

    # the knowledge base learns offices from the news: first what earlier runs stored
    learn_evidence(store.role_evidence())

    batch = []
    for coded in code_articles(fresh(), nlp=nlp, workers=workers, on_error=report.failed.append):
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
    report.seconds = time.perf_counter() - started
    return report
