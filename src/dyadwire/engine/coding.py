"""Running the per-document stages: clean, parse with our components, and turn a Doc into Events.

This is pure per-article work: nothing here touches the store, so the same function serves
`dyadwire code` (JSON Lines out), `dyadwire ingest` (into DuckDB) and the Dask path.
"""

from __future__ import annotations

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

    Memory stays bounded whatever the input size: articles are pulled lazily, `workers`
    processes parse `batch_size` articles at a time, and nothing is kept once yielded.
    """
    from dyadwire.nlp import extensions  # noqa: F401  (registers doc._.dw_* before use)
    from dyadwire.nlp.pipeline import load

    nlp = nlp or load()
    report = on_error or _warn

    def prepared() -> Iterator[tuple[Doc, tuple[Article, CleanText]]]:
        for article in articles:
            cleaned = clean(article.text)
            doc = nlp.make_doc(cleaned.text)
            doc._.dw_article_date = article.date.isoformat() if article.date else None
            yield doc, (article, cleaned)

    for doc, (article, cleaned) in nlp.pipe(
        prepared(), as_tuples=True, n_process=workers, batch_size=batch_size
    ):
        try:
            events = events_from_doc(doc, article, cleaned)
        except Exception as exc:  # one bad article must not end the run
            report(CodingError(article.id, article.origin, f"{type(exc).__name__}: {exc}"))
            continue
        yield CodedArticle(
            article=article,
            clean_text=cleaned.text,
            events=events,
            mentions=tuple(_mentions(doc)),
        )


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
    if Doc.has_extension("dw_mentions"):
        yield from doc._.dw_mentions or []


def _warn(error: CodingError) -> None:
    print(f"dyadwire: {error.origin or error.article_id}: not coded ({error.reason})", file=sys.stderr)
