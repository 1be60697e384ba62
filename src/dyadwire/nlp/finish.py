"""Finishing a coded Doc: the event dicts our components left on it become `Event` records
with full codes, and its actor mentions and role evidence become plain records for the store.
Per-document and pure: nothing here knows about storage or scheduling."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from dyadwire.clean import CleanText
from dyadwire.model import ACTOR_FIELDS, Actor, Article, CodedArticle, Event, Place
from dyadwire.nlp.records import FoundEvent, Mention, Party, RoleEvidence


def coded_article(docs: list[Doc], article: Article, cleaned: CleanText) -> CodedArticle:
    """Everything the per-document stages found in one article: its Doc, or the Docs of its
    pieces in order (a long article; each Doc's `user_data["dw_offset"]` is where its text
    starts in the cleaned text)."""
    events: dict[str, Event] = {}
    mentions, evidence = [], []
    sentences_before = 0
    for doc in docs:
        offset = doc.user_data.get("dw_offset", 0)
        for event in events_from_doc(doc, article, cleaned, offset, sentences_before):
            events.setdefault(event.event_id, event)  # the same event found twice is one event
        mentions += _mentions(doc, offset)
        evidence += ({**row, "sentence_index": int(row.get("sentence_index") or 0) + sentences_before}
                     for row in _evidence(doc))
        sentences_before += sum(1 for _ in doc.sents)
    return CodedArticle(article=article, clean_text=cleaned.text, events=tuple(events.values()),
                        mentions=tuple(mentions), evidence=tuple(evidence))


def events_from_doc(doc: Doc, article: Article, cleaned: CleanText, offset: int = 0,
                    sentences_before: int = 0) -> list[Event]:
    """The event dicts our components left on the Doc, as `Event` records with full codes.
    `offset` is where the Doc's text starts in the cleaned text, `sentences_before` how many
    sentences of the article come before it (both 0 unless the article was cut in pieces)."""
    from dyadwire.ontology import cameo

    sentences = list(doc.sents)
    events = []
    found: FoundEvent
    for found in doc._.dw_events or []:
        sent = sentences[found["sentence_index"]]
        code = cameo.describe(found["cameo"])
        span = (sent.start_char + offset, sent.end_char + offset)
        location = found.get("location")
        event = Event(
            article_id=article.id,
            sentence=sent.text,
            sentence_index=found["sentence_index"] + sentences_before,
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
            # rounded here, once: stored, printed and compared as the same number
            confidence=round(float(found.get("confidence", 0.5)), 3),
            trigger=found.get("trigger"),
            reported=bool(found.get("reported", False)),
        )
        events.append(event)
    return events


def _actor(found: Party | None) -> Actor | None:
    if not found:
        return None
    return Actor(**{k: found.get(k) for k in ACTOR_FIELDS})


_PLACE_KEYS = ("name", "country", "lat", "lon", "precision")


def _place(found: dict | None) -> Place | None:
    if not found or not found.get("name"):
        return None
    return Place(**{k: found.get(k) for k in _PLACE_KEYS})


def _mentions(doc: Doc, offset: int = 0) -> Iterator[dict]:
    m: Mention
    """Every resolved actor mention, with character offsets in the cleaned text, for the store's
    mentions table (who is named where, across articles)."""
    for m in doc._.dw_actors if Doc.has_extension("dw_actors") else []:
        if not (m.get("code") or m.get("entity_id")) or m.get("members"):
            continue
        span = doc[m["start"]:m["end"]]
        yield {
            "start": span.start_char + offset, "end": span.end_char + offset, "text": span.text,
            **{k: m.get(k) for k in ("entity_id", "code", "country", "sector", "role")},
        }


def _evidence(doc: Doc) -> Iterator[RoleEvidence]:
    if Doc.has_extension("dw_role_evidence"):
        yield from doc._.dw_role_evidence or []
