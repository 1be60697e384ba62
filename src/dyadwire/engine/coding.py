"""Running the per-document stages: clean, parse with our components, and turn a Doc into Events.

This is pure per-article work: nothing here touches the store, so the same function serves
`dyadwire code` (JSON Lines out), `dyadwire ingest` (into DuckDB) and the Dask path.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from dyadwire.clean import CleanText, clean
from dyadwire.model import Actor, Article, Event, Place
from dyadwire.store.db import CodedArticle


@dataclass(frozen=True)
class CodingError:
    """An article the pipeline failed on; the run goes on without it."""

    article_id: str
    origin: str
    reason: str


def code_articles(
    articles: Iterable[Article],
    *,
    nlp: Language | None = None,
    workers: int = 1,
    batch_size: int = 16,
    on_error: Callable[[CodingError], None] | None = None,
) -> Iterator[CodedArticle]:
    """Code articles in the order given, yielding each as soon as its batch is parsed.

    Memory stays bounded whatever the input size: articles are pulled lazily, `batch_size` at a
    time, and nothing is kept once yielded. With `workers` > 1 each batch is cleaned, parsed and
    turned into events whole in one of `workers` processes (forked from this one, so the pipeline,
    knowledge base, gazetteer and dictionaries are loaded once, here); only articles go out and
    events come back, never serialised Docs. At most `2 * workers` batches are in flight. Where
    processes cannot be forked (Windows) the batches are coded in this process.
    """
    from dyadwire.nlp.pipeline import load

    nlp = nlp or load()
    report = on_error or _warn
    batches = _batches(articles, batch_size)
    if workers > 1 and _can_fork():
        results = _in_processes(nlp, batches, workers, batch_size)
    else:
        results = (_code_batch(nlp, batch, batch_size) for batch in batches)
    for batch, outcomes in results:
        for article, outcome in zip(batch, outcomes):
            if isinstance(outcome, CodingError):
                report(outcome)
            else:
                yield CodedArticle(article=article, clean_text=outcome[0], events=outcome[1],
                                   mentions=outcome[2], evidence=outcome[3])


# What a worker sends back for one article: (clean text, events, mentions, role evidence).
_Outcome = tuple[str, list[Event], tuple[dict, ...], tuple[dict, ...]]


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(itertools.islice(it, max(1, size))):
        yield batch


def _code_batch(
    nlp: Language, batch: list[Article], batch_size: int
) -> tuple[list[Article], list[_Outcome | CodingError]]:
    """Clean, parse and code one batch; an article that fails is reported, the rest are coded."""
    from dyadwire.nlp import extensions  # noqa: F401  (registers doc._.dw_* before use)

    prepared = []
    for article in batch:
        cleaned = clean(article.text)
        prepared.append((cleaned, _make_doc(nlp, article, cleaned)))
    try:
        docs = list(nlp.pipe((doc for _, doc in prepared), batch_size=batch_size))
    except Exception:  # one bad article must not end the run: find it by parsing one at a time
        docs = []
        for article, (cleaned, _) in zip(batch, prepared):
            try:
                docs.append(nlp(_make_doc(nlp, article, cleaned)))
            except Exception as exc:
                docs.append(_error(article, exc))
    outcomes: list[_Outcome | CodingError] = []
    for article, (cleaned, _), doc in zip(batch, prepared, docs):
        if isinstance(doc, CodingError):
            outcomes.append(doc)
            continue
        try:
            events = events_from_doc(doc, article, cleaned)
        except Exception as exc:
            outcomes.append(_error(article, exc))
            continue
        outcomes.append((cleaned.text, events, tuple(_mentions(doc)), tuple(_evidence(doc))))
    return batch, outcomes


def _make_doc(nlp: Language, article: Article, cleaned: CleanText) -> Doc:
    doc = nlp.make_doc(cleaned.text)
    doc._.dw_article_date = article.date.isoformat() if article.date else None
    return doc


def _error(article: Article, exc: Exception) -> CodingError:
    return CodingError(article.id, article.origin, f"{type(exc).__name__}: {exc}")


# -- worker processes ------------------------------------------------------------------------

_WORKER_NLP: Language | None = None  # the pipeline a forked worker inherited


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _worker_batch(batch: list[Article], batch_size: int):
    assert _WORKER_NLP is not None, "worker started without a pipeline"
    return _code_batch(_WORKER_NLP, batch, batch_size)


def _in_processes(
    nlp: Language, batches: Iterator[list[Article]], workers: int, batch_size: int
) -> Iterator[tuple[list[Article], list]]:
    """Batches coded by forked workers, in input order, with at most 2 * workers in flight."""
    global _WORKER_NLP
    from concurrent.futures import ProcessPoolExecutor

    warm_up(nlp)
    _WORKER_NLP = nlp
    pending: collections.deque = collections.deque()
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    try:
        for batch in batches:
            pending.append(executor.submit(_worker_batch, batch, batch_size))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)


_WARM_UP_TEXT = (
    "Israeli Defence Minister Yoav Gallant met the visiting US general in Tel Aviv on Friday. "
    "He said the talks with the Pentagon delegation on Iran were productive."
)


def warm_up(nlp: Language) -> None:
    """Run the pipeline once on a short text, so that what its components load on first use
    (gazetteer, tables, caches) is loaded in this process before workers are forked from it:
    once for all of them, and shared with them, instead of once in every worker."""
    from dyadwire.nlp import extensions  # noqa: F401

    if getattr(nlp, "_dyadwire_warm", False):
        return
    try:
        doc = nlp.make_doc(_WARM_UP_TEXT)
        doc._.dw_article_date = "2023-03-03"
        nlp(doc)
        for _, proc in nlp.pipeline:  # what one short text does not reach
            if callable(getattr(proc, "prepare", None)):
                proc.prepare()
        nlp._dyadwire_warm = True  # type: ignore[attr-defined]
    except Exception:  # a warm-up only saves time; the real run reports real errors
        pass


def events_from_doc(doc: Doc, article: Article, cleaned: CleanText) -> list[Event]:
    """The event dicts our components left on the Doc, as `Event` records with full codes."""
    from dyadwire.ontology import cameo

    sentences = list(doc.sents)
    events = []
    for found in doc._.dw_events or []:
        sent = sentences[found["sentence_index"]]
        code = cameo.describe(found["cameo"])
        span = (sent.start_char, sent.end_char)
        location = found.get("location")
        events.append(
            Event(
                article_id=article.id,
                sentence=sent.text,
                sentence_index=found["sentence_index"],
                span=span,
                raw_span=cleaned.raw_span(*span),
                source=_actor(found.get("source")) or Actor(text=""),
                target=_actor(found.get("target")),
                cameo=code.code,
                cameo_root=code.root,
                quad_class=code.quad_class,
                penta_class=code.penta_class,
                goldstein=code.goldstein,
                plover={"type": code.plover_type, "mode": code.plover_mode},
                date=found.get("date", doc._.dw_article_date),
                date_precision=found.get("date_precision", "day" if doc._.dw_article_date else None),
                date_end=found.get("date_end"),
                date_basis=found.get("date_basis", "article" if doc._.dw_article_date else None),
                modality=found.get("modality", "asserted"),
                location=_place(location),
                confidence=float(found.get("confidence", 0.5)),
                trigger=found.get("trigger"),
                reported=bool(found.get("reported", False)),
            )
        )
    return events


_ACTOR_KEYS = ("text", "code", "country", "sector", "entity_id", "name", "role")


def _actor(found: dict | None) -> Actor | None:
    if not found:
        return None
    return Actor(**{k: found.get(k) for k in _ACTOR_KEYS})


_PLACE_KEYS = ("name", "country", "lat", "lon", "precision")


def _place(found: dict | None) -> Place | None:
    if not found or not found.get("name"):
        return None
    return Place(**{k: found.get(k) for k in _PLACE_KEYS})


def _mentions(doc: Doc) -> Iterator[dict]:
    """Every resolved actor mention, with character offsets in the cleaned text, for the store's
    mentions table (who is named where, across articles)."""
    for m in doc._.dw_actors if Doc.has_extension("dw_actors") else []:
        if not (m.get("code") or m.get("entity_id")) or m.get("members"):
            continue
        span = doc[m["start"]:m["end"]]
        yield {
            "start": span.start_char, "end": span.end_char, "text": span.text,
            **{k: m.get(k) for k in ("entity_id", "code", "country", "sector", "role")},
        }


def _evidence(doc: Doc) -> Iterator[dict]:
    if Doc.has_extension("dw_role_evidence"):
        yield from doc._.dw_role_evidence or []


def _warn(error: CodingError) -> None:
    print(f"dyadwire: {error.origin or error.article_id}: not coded ({error.reason})", file=sys.stderr)
