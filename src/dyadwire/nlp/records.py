"""The records that flow between dyadwire's spaCy components, defined once.

Components exchange plain dicts through Doc extensions (`nlp.extensions`): they must survive
pickling to a worker process and back. These TypedDicts say which keys each kind of record has;
`model.py` holds the frozen records that leave the pipeline (`Event`, `Actor`, `Place`).
"""

from __future__ import annotations

from typing import TypedDict


class Resolution(TypedDict, total=False):
    """Who an actor is, as of the article's date (the fields of `model.Actor` but the text)."""

    code: str | None
    country: str | None
    sector: str | None
    entity_id: str | None
    name: str | None
    role: str | None


class Mention(Resolution, total=False):
    """An actor mention in `doc._.dw_actors`: token span, head token and words, its
    resolution; "person" when it names a person; "antecedent" the words it refers to (pronouns,
    descriptions); "members" the two parties of "the two sides"."""

    start: int
    end: int
    head: int
    text: str
    person: bool
    antecedent: str
    members: list[Mention]


class Party(Resolution, total=False):
    """One side of a found event: the mention's resolution, its words and head token index."""

    text: str
    i: int


class FoundEvent(TypedDict, total=False):
    """An event in `doc._.dw_events`, as `dyadwire_events` found it and later components
    completed it (classify and sentence_model: code and class confidence; confidence: the
    probability the event is right; when: date fields, modality; where: location)."""

    sentence_index: int
    trigger_i: int
    trigger: str
    cameo: str
    pattern: str
    candidates: list[list]
    source: Party
    target: Party | None
    target_basis: str  # "tagger" when `dyadwire_parties` found the target
    modality: str
    reported: bool
    confidence: float
    dictionary_confidence: float | None  # the verb dictionary's own score
    class_confidence: float  # P(event) x P(class), before `dyadwire_confidence`
    sentence_p_event: float
    recoded: bool
    date: str | None
    date_precision: str | None
    date_basis: str | None
    date_text: str | None
    date_end: str | None
    location: dict | None


class TimeMention(TypedDict):
    """A temporal expression in `doc._.dw_times`, resolved against the article's date."""

    start: int
    end: int
    text: str
    date: str | None
    precision: str | None
    basis: str
    direction: str | None


class RoleEvidence(TypedDict, total=False):
    """A title the text gives a person (`doc._.dw_role_evidence`, the `role_evidence` table)."""

    article_id: str | None
    sentence_index: int
    person: str
    entity_id: str | None
    role: str
    role_key: str | None
    country: str | None
    sector: str | None
    date: str | None
    date_end: str | None
    title_text: str
    basis: str


EVIDENCE_FIELDS = tuple(RoleEvidence.__annotations__)
