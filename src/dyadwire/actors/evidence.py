"""Role evidence learned from text, and a resolver that uses it for later articles.

News names people with their office: "Defense Minister Yoav Gallant", "Israel's chief military
commander, Lieutenant General Aviv Kochavi", "President-elect Joe Biden". Each such title is one
piece of evidence: (person, role, country, sector, date, article id, sentence index).
`extract_evidence(doc, kb, ...)` reads them off a parsed Doc; `EvidenceResolver(kb, rows)` answers
`resolve(text, on)` like `KnowledgeBase` does, preferring the knowledge base's facts and using the
evidence for people the knowledge base lacks, or whose offices there end before the date.

Identity: a person the knowledge base knows keeps its entity id; a person it does not know gets
`news:<country>:<name-slug>` from the full name, so the same person seen in two articles is one
entity, and two people who share a surname are two (a bare surname is matched only when one
learned person carries it).

An evidence row is a plain dict with the keys of `EVIDENCE_FIELDS`.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, timedelta

from dyadwire.nlp.lexicon import HONORIFICS, RANKS
from dyadwire.nlp.records import (
    EVIDENCE_FIELDS,  # the one definition of an evidence row
)

from .kb import TRANSNATIONAL
from .names import normalise, slug

__all__ = ["EVIDENCE_FIELDS", "EvidenceResolver", "extract_evidence", "role_key",
           "ROLE_KEY_SECTOR", "title_of", "learned_entity_id"]

# Titles the knowledge base's agent table does not key, with the office they name.
_EXTRA_ROLE_KEYS = {
    "president elect": "president_elect", "president-elect": "president_elect",
    "elected president": "president_elect", "prime minister elect": "prime_minister_elect",
    "chief military commander": "military_chief", "top military chief": "military_chief",
    "army chief of staff": "military_chief", "chief of staff of the armed forces": "military_chief",
    "chief of general staff": "military_chief", "top general": "military_chief",
    "chief of defence staff": "military_chief", "chief of defense staff": "military_chief",
    "defence chief": "defence_minister", "defense chief": "defence_minister",
    "pentagon chief": "defence_minister",
    "foreign affairs minister": "foreign_minister", "top diplomat": "foreign_minister",
    "treasury secretary": "finance_minister", "secretary of the treasury": "finance_minister",
    "head of state": "head_of_state", "head of government": "head_of_government",
    "strategic affairs minister": "strategic_affairs_minister",
    "national security council chairman": "security_adviser",
    "national security council head": "security_adviser",
    "head of the national security council": "security_adviser",
}
ROLE_KEY_SECTOR = {
    "defence_minister": "GOV", "foreign_minister": "GOV", "finance_minister": "GOV",
    "head_of_government": "GOV", "head_of_state": "GOV", "deputy_head_of_state": "GOV",
    "military_chief": "MIL", "security_adviser": "GOV", "president_elect": "ELI",
    "prime_minister_elect": "ELI", "strategic_affairs_minister": "GOV",
}
_ROLE_KEY_TEXT = {
    "military_chief": "Military Chief", "defence_minister": "Defence Minister",
    "foreign_minister": "Foreign Minister", "finance_minister": "Finance Minister",
    "head_of_government": "Head of Government", "head_of_state": "Head of State",
    "security_adviser": "National Security Adviser", "president_elect": "President-elect",
}
# Words before a title that say nothing about the office.
_DESCRIPTIVE = {"top", "senior", "far-right", "far-left", "hardline", "hard-line", "ultranationalist",
                "powerful", "veteran", "influential", "embattled", "newly", "appointed", "new",
                "current", "outgoing", "longtime", "long-time", "acting", "interim", "then"}
# Titles that say the person does not hold the office on the article's date.
_NOT_NOW = {"former", "ex", "late", "incoming", "designate", "nominee", "candidate", "would-be",
            "then-", "erstwhile"}
_TITLE_POS = {"PROPN", "NOUN", "ADJ"}
EVIDENCE_WINDOW = timedelta(days=366)


def role_key(title: str, kb=None) -> str | None:
    """The office a title names ("US Defense Secretary" -> "defence_minister"), or None."""
    keys = dict(getattr(kb, "_role_keys", {}) or {})
    keys.update(_EXTRA_ROLE_KEYS)
    written = normalise(title).split()
    words = [w for w in written if w not in _DESCRIPTIVE]
    # as written first: "top diplomat" is the foreign minister, a "diplomat" is anyone
    for phrase in (written, words):
        for k in range(len(phrase)):
            tail = " ".join(phrase[k:])
            if tail in keys:
                return keys[tail]
    joined = " ".join(words)
    if "president elect" in joined or "elected president" in joined:
        return "president_elect"
    return None


def learned_entity_id(name: str, country: str | None) -> str:
    return f"news:{country or 'UNK'}:{slug(name)}"


def _country_of_word(kb, text: str) -> str | None:
    """ISO3 of a country name or adjective ("Israeli", "US", "Israel's"), else None."""
    if kb is None or not text or not text[0].isupper():
        return None
    r = kb.resolve(text)
    if r is not None and r.kind in ("country",) and r.country:
        return r.country
    return None


# Offices written with a postpositive "general" ("Secretary General", "Attorney General"): there
# "general" is part of a civil title, not a military rank.
_OFFICES_BEFORE_GENERAL = {"secretary", "attorney", "surgeon", "solicitor", "governor", "inspector",
                           "director", "postmaster", "auditor", "consul", "procurator",
                           "comptroller", "prosecutor", "advocate", "registrar", "vicar"}


def title_of(ent) -> tuple[list, list, str]:
    """The title tokens written before a person's name (and inside its entity), the rank tokens
    among them, and how the title was given ("title" | "appos")."""
    doc = ent.doc
    sent_start = ent.sent.start
    tokens = []
    i = ent.start - 1
    while i >= sent_start:
        t = doc[i]
        low = t.lower_.rstrip(".")
        if t.tag_ == "POS" or t.dep_ == "case" or (t.pos_ == "PROPN" and t.ent_type_ == "PERSON"):
            break
        title_like = t.pos_ in _TITLE_POS or low in RANKS or low in ("elected", "elect")
        # "Secretary of State X", "Chairman of the Joint Chiefs X"; not "anniversary of top ..."
        joins = tokens and any(x.text[:1].isupper() for x in tokens[:2]) and (
            low == "of" or (low == "the" and i > sent_start and doc[i - 1].lower_ == "of"))
        if len(tokens) >= 7:
            break
        if not (title_like or joins):
            break
        tokens.insert(0, t)
        i -= 1
    # words of the entity itself that are titles ("President-elect Joe Biden" tagged whole)
    inner = []
    for t in ent:
        low = t.lower_.rstrip(".")
        if low in RANKS or low in HONORIFICS or role_key(t.text) or t.lower_ in ("president-elect",):
            inner.append(t)
        else:
            break
    while tokens and tokens[0].lower_ in ("of", "the"):
        tokens = tokens[1:]
    tokens += inner
    ranks = [t for k, t in enumerate(tokens) if t.lower_.rstrip(".") in RANKS
             and not (k and tokens[k - 1].lower_ in _OFFICES_BEFORE_GENERAL and t.lower_ == "general")]
    return tokens, ranks, "title"


def _appos_title(ent):
    """A title given in apposition: "X's chief military commander, Lt. Gen. Y" or "Y, chairman
    of Z". Returns the tokens of the title phrase, or []."""
    root = ent.root
    other = None
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        other = root.head
    else:
        for child in root.children:
            if child.dep_ == "appos" and child.pos_ == "NOUN" and child.ent_type_ != "PERSON":
                other = child
                break
    if other is None:
        return []
    keep = [other]
    for child in other.lefts:
        if child.dep_ in ("compound", "amod", "poss", "nmod", "det"):
            keep.extend(child.subtree)
    for child in other.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            keep.extend(child.subtree)
    return sorted({t.i: t for t in keep if t.i < ent.start or t.i >= ent.end}.values(), key=lambda t: t.i)


def extract_evidence(doc, kb, *, on: date | None = None, on_end: date | None = None,
                     article_id: str | None = None, home_country: str | None = None,
                     resolve_possessor=None) -> list[dict]:
    """Role evidence for every person the Doc gives a title to, as plain dicts.

    `on`/`on_end`: the article's date (or inferred range); `home_country`: the country the
    article is about, used for a title with no country of its own when the person is unknown;
    `resolve_possessor(token)`: the actor dict a possessive pronoun refers to ("his counterpart").
    """
    rows = []
    seen = set()
    sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    sent_index = {s.start: n for n, s in enumerate(sentences)}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        row = _evidence_for(ent, kb, on, home_country, resolve_possessor)
        if row is None:
            continue
        row.update(article_id=article_id, sentence_index=sent_index.get(ent.sent.start, 0),
                   date=on.isoformat() if on else None,
                   date_end=(on_end or on).isoformat() if (on_end or on) else None)
        ident = (row["sentence_index"], row["person"], row["role"])
        if ident not in seen:
            seen.add(ident)
            rows.append(row)
    return rows


def _evidence_for(ent, kb, on, home_country, resolve_possessor) -> dict | None:
    """The evidence one PERSON entity's title gives, without its article, sentence and dates."""
    tokens, ranks, basis = title_of(ent)
    appos = _appos_title(ent)
    if appos and not [t for t in tokens if t not in ranks]:
        tokens = appos + [t for t in tokens if t.i > appos[-1].i]
        basis = "appos"
    if not tokens:
        return None
    person = _person_name(ent, tokens)
    if person is None or any(t.lower_.strip("-") in _NOT_NOW or t.lower_.startswith(("then-", "ex-", "former"))
                             for t in tokens):
        return None
    country, possessor, written = _title_parts(kb, ent, tokens, [t for t in tokens if t not in ranks],
                                               resolve_possessor)
    kept = [t for t in written if t.lower_ not in _DESCRIPTIVE]
    role_text = " ".join(t.text for t in kept).strip(" ,")
    rank_text = " ".join(t.text for t in ranks)
    key = role_key(" ".join(t.text for t in written), kb) if role_text else None
    if role_text.lower() == "counterpart" and possessor is not None and resolve_possessor:
        ref = resolve_possessor(possessor)
        other = role_key(ref.get("role") or "", kb) if ref else None
        if other:
            key = other
            role_text = _ROLE_KEY_TEXT.get(other, role_text)
            basis = "counterpart"
    if not role_text and not rank_text:
        return None
    body = None
    if role_text and not key and kb is not None:
        # "White House press secretary X", "UN Secretary-General X": a title the knowledge
        # base knows as a body says whom the person speaks for
        named = kb.resolve(role_text, on, fuzzy=False)
        if named is not None and named.match == "exact" and named.kind in ("org", "group", "institution"):
            body = named
            country = country or named.country
    known = kb.resolve(person, on) if kb is not None else None
    if known is not None and known.kind != "person":
        return None
    if country is None and known is not None and known.country:
        country = known.country
    if country is None:
        country = home_country
    return {
        "person": person,
        "entity_id": known.entity_id if known is not None else learned_entity_id(person, country),
        "role": role_text or rank_text, "role_key": key, "country": country,
        "sector": _title_sector(kb, key, role_text, kept, body, ranks),
        "title_text": " ".join(t.text for t in tokens), "basis": basis,
        # token span of the title, for the component (not stored)
        "title_tokens": [min(t.i for t in tokens), max(t.i for t in tokens) + 1],
    }


def _person_name(ent, tokens) -> str | None:
    doc = ent.doc
    # the recogniser sometimes takes in the possessive ("Bush's"): not part of the name
    name_tokens = [t for t in ent if t.lower_.rstrip(".") not in RANKS | HONORIFICS
                   and t not in tokens and t.tag_ != "POS"]
    if not name_tokens:
        return None
    end = ent.end  # the tagger sometimes stops inside a name ("Yair" of "Yair Lapid")
    while end < ent.sent.end and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() \
            and not doc[end].ent_type_:
        name_tokens.append(doc[end])
        end += 1
    return " ".join(t.text for t in name_tokens)


def _title_parts(kb, ent, tokens, title_words, resolve_possessor):
    """(country, possessor token, role words as written) of a title: "Israel's top military
    commander" gives ISR, the "Israel's" token and [top, military, commander]."""
    country = None
    possessor = None
    kept = []
    for t in title_words:
        c = _country_of_word(kb, t.text) if t.pos_ in ("PROPN", "ADJ") else None
        if c:
            country = country or c
            continue
        if t.dep_ == "poss" or (t.pos_ == "PRON" and t.tag_ == "PRP$"):
            possessor = t
            continue
        if (not kept and t.lower_ in ("the", "a", "an")) or t.is_punct or t.tag_ == "POS" \
                or t.lower_ in ("his", "her", "their", "its"):
            continue
        kept.append(t)
    # possessors inside the phrase ("Israel's chief military commander", "Milley's spokesman")
    for t in tokens:
        for child in t.children:
            if child.dep_ == "poss" and child.i < ent.start:
                possessor = possessor or child
    if possessor is not None and country is None:
        c = _country_of_word(kb, possessor.text)
        if c:
            country = c
        elif resolve_possessor is not None:
            ref = resolve_possessor(possessor)
            if ref and ref.get("country") and ref.get("country") == ref.get("code", "")[:3] \
                    and not any(w.lower_ == "counterpart" for w in kept):
                country = ref["country"]
    return country, possessor, kept


def _title_sector(kb, key, role_text, kept, body, ranks) -> str | None:
    sector = ROLE_KEY_SECTOR.get(key or "")
    if sector is None and role_text and kb is not None:
        sector = kb.agent(role_text) or kb.agent(kept[-1].text if kept else "")
    if sector is None and body is not None:
        sector = body.sector
    if ranks and sector in (None, "MED", "GOV") and not key:
        sector = "MIL"  # "Colonel X, spokesman": a military officer
    return sector


def evidence_code(country: str | None, sector: str | None) -> str | None:
    """The actor code of a titled person: country and sector ("ISRGOV"), or for the staff of
    an international body its kind and then the body, as CAMEO writes them ("IGOUNO")."""
    parts = (sector, country) if sector in TRANSNATIONAL else (country, sector)
    return "".join(p or "" for p in parts) or None


def _as_date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


class EvidenceResolver:
    """A knowledge base that also knows what the news said about people (see the module doc).

    Same API as `KnowledgeBase`: `resolve(text, on)`, and every other attribute is the
    knowledge base's. `add(rows)` learns more evidence; it is thread-safe.
    """

    def __init__(self, kb, evidence_rows=()):
        self.kb = kb
        self._lock = threading.Lock()
        self._keys: set[tuple] = set()
        self._by_name: dict[str, list[dict]] = {}
        self._by_surname: dict[str, list[dict]] = {}
        self._cache: dict = {}
        self.add(evidence_rows)

    def __getattr__(self, name):
        return getattr(self.kb, name)

    def __len__(self) -> int:
        return len(self.kb)

    @property
    def evidence_count(self) -> int:
        return len(self._keys)

    def add(self, rows) -> int:
        """Learn evidence rows (dicts with EVIDENCE_FIELDS); returns how many were new."""
        added = 0
        with self._lock:
            for row in rows or ():
                row = dict(row)
                row["date"] = _as_date(row.get("date"))
                row["date_end"] = _as_date(row.get("date_end")) or row["date"]
                if not row.get("person") or row["date"] is None:
                    continue
                key = (row.get("article_id"), row.get("sentence_index"), row["person"], row.get("role"))
                if key in self._keys:
                    continue
                self._keys.add(key)
                name = normalise(row["person"])
                self._by_name.setdefault(name, []).append(row)
                if " " in name:
                    self._by_surname.setdefault(name.split(" ")[-1], []).append(row)
                added += 1
            if added:
                self._cache.clear()
        return added

    def evidence_for(self, text: str, on: date | None) -> dict | None:
        """The evidence row nearest to `on` for a person named `text`, within a year."""
        if on is None:
            return None
        norm = normalise(text)
        rows = self._by_name.get(norm)
        if not rows and " " not in norm:
            rows = self._by_surname.get(norm)
            if rows and len({r["entity_id"] for r in rows}) != 1:
                return None  # two people share the surname: the name must say which
        if not rows:
            return None
        best = None
        for r in rows:
            if r["date"] <= on <= r["date_end"]:
                gap = timedelta(0)
            else:
                gap = min(abs(on - r["date"]), abs(on - r["date_end"]))
            if gap > EVIDENCE_WINDOW:
                continue
            rank = (gap, r["date"] > on)  # nearer first; an earlier sighting before a later one
            if best is None or rank < best[0]:
                best = (rank, r)
        return best[1] if best else None

    def resolve(self, text: str, on: date | None = None, *, fuzzy: bool = True):
        key = (text, on, fuzzy)
        if key in self._cache:
            return self._cache[key]
        r = self.kb.resolve(text, on, fuzzy=fuzzy)
        out = r
        needs = r is None or (r.kind == "person" and on is not None and r.role is None)
        if needs and self._keys:
            ev = self.evidence_for(text, on)
            if ev is not None and (r is None or r.entity_id == ev["entity_id"]
                                   or (r.match == "surname" and " " not in normalise(text))):
                out = self._from_evidence(text, ev, r)
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[key] = out
        return out

    def _from_evidence(self, text: str, ev: dict, known):
        from .kb import Resolution

        country, sector = ev.get("country"), ev.get("sector")
        code = evidence_code(country, sector)
        base = Resolution(text=text, code=code, country=country, sector=sector,
                          entity_id=ev["entity_id"], name=ev["person"], role=ev.get("role"),
                          kind="person", full_code=code, match="evidence")
        if known is not None and known.entity_id == ev["entity_id"]:
            if not sector and known.code:
                # an office the news names without its sector ("UN Secretary-General"): the
                # knowledge base's code for the person stands, with the office as the role
                return replace(known, text=text, role=ev.get("role") or known.role, match="evidence")
            return replace(base, name=known.name)
        return base
