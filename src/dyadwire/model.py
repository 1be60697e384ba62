"""The records that flow through dyadwire, and their JSON form.

Data flows one way: a reader yields `Article`s; cleaning and the NLP stages turn each into
`Event`s; the store and the cross-document stages read those. Every record is frozen so a stage
can never change what an earlier stage produced; `to_dict()` gives the JSON shape of the
command-line contract in DESIGN.md (fields may be added there, never renamed).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
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
        """Derived from everything that makes this event distinct (its sentence, code, both
        actors in full, trigger, date and modality): two events share an id only when they are
        the same event, which the coder then keeps once."""
        return content_id(
            self.article_id, self.sentence_index, self.cameo,
            *_actor_identity(self.source), *_actor_identity(self.target),
            self.trigger or "", self.date or "", self.date_end or "", self.modality,
        )

    def to_dict(self) -> dict:
        """The event's JSON (the command-line contract): the one function `dyadwire code`,
        `dyadwire events --json` and every later surface use. A missing actor is an object whose
        fields are all null."""
        return {
            "article_id": self.article_id,
            "event_id": self.event_id,
            "sentence": self.sentence,
            "sentence_index": self.sentence_index,
            "span": list(self.span),
            "raw_span": list(self.raw_span),
            "source": _actor_json(self.source),
            "target": _actor_json(self.target),
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "quad_class": self.quad_class,
            "penta_class": self.penta_class,
            "goldstein": self.goldstein,
            "plover": {"type": self.plover.get("type"), "mode": self.plover.get("mode")},
            "date": self.date,
            "date_precision": self.date_precision,
            "date_end": self.date_end,
            "date_basis": self.date_basis,
            "modality": self.modality,
            "location": self.location.to_dict() if self.location else None,
            "confidence": self.confidence,
            "trigger": self.trigger,
            "reported": self.reported,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Event:
        """The inverse of `to_dict` (event_id is derived, so it is not read)."""
        loc = d.get("location")
        return cls(
            article_id=d["article_id"], sentence=d["sentence"], sentence_index=d["sentence_index"],
            span=tuple(d["span"]), raw_span=tuple(d["raw_span"]),
            source=_actor_from(d.get("source")) or Actor(text=""),
            target=_actor_from(d.get("target")),
            cameo=d["cameo"], cameo_root=d["cameo_root"], quad_class=d.get("quad_class"),
            penta_class=d.get("penta_class"), goldstein=d.get("goldstein"),
            plover=dict(d.get("plover") or {}), date=d.get("date"),
            date_precision=d.get("date_precision"), date_end=d.get("date_end"),
            date_basis=d.get("date_basis") or "article", modality=d.get("modality") or "asserted",
            location=Place(**loc) if loc and loc.get("name") else None,
            confidence=d.get("confidence", 0.5), trigger=d.get("trigger"),
            reported=bool(d.get("reported")),
        )


@dataclass(frozen=True)
class CodedArticle:
    """An article with what the per-document stages found in it: its cleaned text, its events,
    its resolved actor mentions (dicts with character offsets) and the role evidence its titles
    gave (dicts with `dyadwire.actors.evidence.EVIDENCE_FIELDS`)."""

    article: Article
    clean_text: str
    events: Sequence[Event]
    mentions: Sequence[dict] = field(default_factory=tuple)
    evidence: Sequence[dict] = field(default_factory=tuple)


ACTOR_FIELDS = ("text", "code", "country", "sector", "entity_id", "name", "role")
NO_ACTOR = dict.fromkeys(ACTOR_FIELDS)


def _is_actor(actor: Actor | None) -> bool:
    return actor is not None and bool(actor.text or actor.code)


def _actor_json(actor: Actor | None) -> dict:
    return actor.to_dict() if _is_actor(actor) else dict(NO_ACTOR)


def _actor_identity(actor: Actor | None) -> tuple:
    return (actor.text, actor.code, actor.entity_id) if _is_actor(actor) else ("", "", "")


def _actor_from(d: dict | None) -> Actor | None:
    if not d or not (d.get("text") or d.get("code")):
        return None
    return Actor(**{k: d.get(k) for k in ACTOR_FIELDS if k != "text"}, text=d.get("text") or "")
