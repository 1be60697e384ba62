"""The records that flow through dyadwire, and their JSON form.

Data flows one way: a reader yields `Article`s; cleaning and the NLP stages turn each into
`Event`s; the store and the cross-document stages read those. Every record is frozen so a stage
can never change what an earlier stage produced; `to_dict()` gives the JSON shape of the
command-line contract in DESIGN.md (fields may be added there, never renamed).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date


def content_id(*parts: object, length: int = 16) -> str:
    """A stable id derived from content, so that re-running any stage yields the same ids."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


@dataclass(frozen=True)
class Article:
    """One news report as read from its source, before any cleaning.

    `text` is the raw text as decoded (scrape junk and all); `clean.py` derives the cleaned text
    and an offset map back to it. `origin` says where the article came from (file and line or
    record) so that errors and provenance can name it.
    """

    id: str
    text: str
    date: date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None  # the outlet ("Guardian", "Reuters"), when known
    origin: str = ""

    def to_dict(self) -> dict:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        return d


@dataclass(frozen=True)
class Actor:
    """One side of an event, resolved as of the event's date.

    `code` is a CAMEO-style actor code ("USAMIL", "ISRGOV"); `country` an ISO 3166 alpha-3 code
    (or an organisation code such as "UNO" when the actor is international); `sector` the agent
    code ("GOV", "MIL", ...); `role` the office the person held on that date, when known.
    """

    text: str
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    entity_id: str | None = None
    name: str | None = None
    role: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None  # country | region | city | site

    def to_dict(self) -> dict:
        return asdict(self)


MODALITIES = ("asserted", "planned", "expected", "conditional", "hypothetical", "negated")
DATE_BASES = ("explicit", "relative", "article", "inferred")


@dataclass(frozen=True)
class Event:
    """Who did what to whom, when and where, with the sentence that says so.

    `span` is [start, end) of the sentence in the cleaned text; `raw_span` the same stretch in the
    raw text the reader produced, so evidence can always be shown in the original.
    """

    article_id: str
    sentence: str
    sentence_index: int
    span: tuple[int, int]
    raw_span: tuple[int, int]
    source: Actor
    target: Actor | None
    cameo: str
    cameo_root: str
    quad_class: int | None  # None only for a user dictionary's codes outside CAMEO
    penta_class: int | None
    goldstein: float | None
    plover: dict = field(default_factory=dict)  # {"type": ..., "mode": ...}
    date: str | None = None  # ISO date (or the first day of a coarser period)
    date_precision: str | None = None  # day | week | month | year | range
    date_end: str | None = None  # last day of an inferred range (undated articles), else None
    date_basis: str = "article"
    modality: str = "asserted"
    location: Place | None = None
    confidence: float = 0.5
    trigger: str | None = None  # the words that carry the event, for evidence and debugging
    reported: bool = False  # the event is only claimed by someone ("X accused Y of attacking Z")

    @property
    def event_id(self) -> str:
        return content_id(
            self.article_id,
            self.sentence_index,
            self.cameo,
            self.source.code or self.source.text,
            (self.target.code or self.target.text) if self.target else "",
            self.trigger or "",
        )

    def to_dict(self) -> dict:
        empty_target = Actor(text="").to_dict()
        return {
            "article_id": self.article_id,
            "event_id": self.event_id,
            "sentence": self.sentence,
            "sentence_index": self.sentence_index,
            "span": list(self.span),
            "raw_span": list(self.raw_span),
            "source": self.source.to_dict(),
            "target": self.target.to_dict() if self.target else empty_target,
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "quad_class": self.quad_class,
            "penta_class": self.penta_class,
            "goldstein": self.goldstein,
            "plover": dict(self.plover),
            "date": self.date,
            "date_precision": self.date_precision,
            "date_end": self.date_end,
            "date_basis": self.date_basis,
            "modality": self.modality,
            "location": self.location.to_dict() if self.location else None,
            "confidence": round(self.confidence, 3),
            "trigger": self.trigger,
            "reported": self.reported,
        }
