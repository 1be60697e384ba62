"""Helpers over actor mentions (`doc._.dw_actors`) that the components after `dyadwire_actors`
share: who is a person, the mention covering a token, the antecedent a pronoun may take, the
country an article is set in.

A mention's "person" key says whether it names a person ("the Biden administration" carries a
person's id but is no person); `mark_people` sets it where a component has not.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from dyadwire.nlp.lexicon import RANK_ABBREVIATIONS, ROLE_NOUNS

RESOLUTION_KEYS = ("code", "country", "sector", "entity_id", "name", "role")
PERSON_PRONOUNS = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
THING_PRONOUNS = {"its", "it", "itself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
PAIR_NOUNS_PARTY = {"side", "country", "nation", "government", "ally", "party", "state", "capital"}
PAIR_NOUNS_PERSON = {"leader", "man", "woman", "minister", "official", "general", "chief",
                     "president", "counterpart", "diplomat", "commander"}
# "the general" is a military officer, whatever the office: matched on the sector
MILITARY_NOUNS = {"general", "admiral", "colonel", "commander"}
# heads of definite descriptions that may stand for a named person's office
PERSON_ROLE_NOUNS = ROLE_NOUNS - {"official", "diplomat"}
INSTITUTION_HEADS = {"ministry", "government", "cabinet", "army", "military", "police",
                     "parliament", "office", "presidency", "navy", "embassy", "knesset",
                     "department", "prosecutor", "court"}
# heads of phrases that name a body "it"/"its" can stand for (not "trip", "approval")
BODY_HEADS = INSTITUTION_HEADS | {"administration", "organisation", "organization", "group",
                                  "movement", "alliance", "council", "agency", "regime", "state",
                                  "country", "union", "coalition", "party", "force", "company"}
MAX_SENTENCES_BACK = 3


def is_person(m: dict) -> bool:
    return bool(m.get("person"))


def mark_people(doc: Doc, mentions: list[dict]) -> None:
    """A mention is a person when its head is a name or an office held by the person it
    resolved to: "the Biden administration" or "Milley's trip" carry a person's id, not a person."""
    for m in mentions:
        if "person" in m:
            continue
        head = doc[m["head"]]
        eid = m.get("entity_id") or ""
        m["person"] = head.ent_type_ == "PERSON" or (
            eid.startswith(("person:", "news:"))
            and (head.lemma_.lower() in PERSON_ROLE_NOUNS | {"counterpart"}
                 or (head.pos_ == "PROPN" and head.text in (m.get("name") or ""))))


def is_plural(doc: Doc, m: dict) -> bool:
    head = doc[m["head"]]
    return head.tag_ in ("NNS", "NNPS") or bool(m.get("members"))


def resolved(m: dict) -> bool:
    return bool(m.get("country") or m.get("code") or m.get("members"))


def resolution(m: dict) -> dict:
    return {k: m.get(k) for k in RESOLUTION_KEYS}


def sentence_numbers(doc: Doc) -> list[int]:
    """The sentence number of every token, computed once per Doc."""
    key = ("dyadwire", "_sentence_numbers")
    cached = doc.user_data.get(key)
    if cached is None or len(cached) != len(doc):
        cached = [0] * len(doc)
        for n, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                cached[i] = n
        doc.user_data[key] = cached
    return cached


def tokens_among(doc: Doc, words) -> list[Token]:
    """The tokens whose lowercase form is one of `words`, found on the Doc's LOWER array: a
    Token object is made only for those, not for every word of a long article."""
    import numpy as np
    from spacy.attrs import LOWER

    wanted = np.array([doc.vocab.strings[w] for w in words], dtype=np.uint64)
    return [doc[int(i)] for i in np.nonzero(np.isin(doc.to_array(LOWER), wanted))[0]]


_QUOTE_MARKS = re.compile('[“”"«»]')


def quoted_tokens(doc: Doc) -> set[int]:
    """Indexes of the tokens inside quotation marks (a pronoun there is the speaker's, not ours).

    Found on the text's characters, not by walking every token: that walk was a quarter of this
    component's time on long articles."""
    ranges, start, inside = [], 0, False
    for m in _QUOTE_MARKS.finditer(doc.text):
        mark = m.group()
        opening = mark in "“«" or (mark == '"' and not inside)
        if opening:
            if not inside:
                start = m.end()
            inside = True
        else:
            if inside:
                ranges.append((start, m.start()))
            inside = False
    if inside:
        ranges.append((start, len(doc.text)))
    tokens: set[int] = set()
    for a, b in ranges:
        span = doc.char_span(a, b, alignment_mode="contract")
        if span is not None:
            tokens.update(range(span.start, span.end))
    return tokens


def norm_words(text: str) -> set[str]:
    from dyadwire.actors.names import normalise

    return {RANK_ABBREVIATIONS.get(w, w) for w in normalise(text).split()}


def index_mentions(mentions: list[dict]) -> dict[int, dict]:
    idx = {}
    for m in mentions:
        for i in range(m["start"], m["end"]):
            idx.setdefault(i, m)
    return idx


def candidates(doc: Doc, mentions: list[dict], token: Token):
    sent_of = sentence_numbers(doc)
    here = sent_of[token.i]
    for m in sorted(mentions, key=lambda x: x["start"]):
        if m["end"] > token.i or not resolved(m) or m.get("_pronoun"):
            continue
        if token.i in range(m["start"], m["end"]):
            continue
        n = sent_of[m["start"]]
        if here - n > MAX_SENTENCES_BACK:
            continue
        yield here - n, m


def pick(doc: Doc, cands: list[tuple[int, dict]], token: Token) -> dict | None:
    if not cands:
        return None
    same = [m for d, m in cands if d == 0]
    if same:
        # a subject before the pronoun in its own sentence, else the nearest mention
        subj = [m for m in same if doc[m["head"]].dep_ in ("nsubj", "nsubjpass")]
        return (subj or same)[-1] if subj else same[-1]
    nearest = min(d for d, _ in cands)
    prev = [m for d, m in cands if d == nearest]
    subj = [m for m in prev if doc[m["head"]].dep_ in ("nsubj", "nsubjpass")]
    main = [m for m in subj if doc[m["head"]].head.dep_ == "ROOT"]
    if main:
        return main[0]
    # no main-clause subject (or the parser ran two sentences together): the latest subject
    return subj[-1] if subj else prev[0]


def antecedent_person(doc: Doc, mentions: list[dict], token: Token) -> dict | None:
    cands = [(d, m) for d, m in candidates(doc, mentions, token)
             if is_person(m) and not is_plural(doc, m)]
    return pick(doc, cands, token)


def country_holds(a: dict, b: dict) -> bool:
    """Whether one of two resolutions is a country named bare and the other that country or one
    of its actors ("Libya" and "Libya's foreign minister", "Bolivia" and its president): the
    country holds the actor, so the two are one side, not two parties of an event. The codebook
    codes what happens within a country between two of its sectors (EGY GOV -> EGY OPP)."""
    country = a.get("country")
    if not country or country != b.get("country"):
        return False
    return any(not m.get("sector") and m.get("code") == country for m in (a, b))


def public(m: dict) -> dict:
    return {k: v for k, v in m.items() if not k.startswith("_") and k != "members"}


def home_country(doc: Doc, mentions: list[dict]) -> str | None:
    """The one country an article is set in, or None when that is not clear.

    The lede's place ("was in Israel on Friday") when actors of that country appear; else a
    country with at least 60% of the country-resolved mentions."""
    from dyadwire import places

    counts: dict[str, int] = {}
    for m in mentions:
        c = m.get("country")
        if c and len(c) == 3 and (m.get("code") or "")[:3] == c:
            counts[c] = counts.get(c, 0) + 1
    lede = None
    for n, sent in enumerate(doc.sents):
        if n >= 2:
            break
        for ent in sent.ents:
            if ent.label_ in ("GPE", "LOC") and ent.root.dep_ == "pobj" and ent.root.head.lower_ in ("in", "at"):
                place = places.geocode(ent.text)
                if place is not None and place.country:
                    lede = lede or place.country
    if lede and counts.get(lede, 0) >= 2:
        return lede
    total = sum(counts.values())
    if total >= 2:
        best = max(counts, key=counts.get)
        if counts[best] >= 2 and counts[best] / total >= 0.6:
            return best
    return None
