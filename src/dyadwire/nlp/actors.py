"""The `dyadwire_actors` component: every noun phrase that names an actor, resolved on the date.

Reads the parse and the named entities; writes `doc._.dw_actors`, one plain dict per actor
mention: token span ("start", "end"), "head" (token index of the phrase's head), "text", and the
resolution ("code", "country", "sector", "entity_id", "name", "role").

A phrase resolves in this order, most specific first: a person the knowledge base knows on that
date; a person it does not know, through the title the text gives them ("Defense Minister Yoav
Gallant": the title says government, the adjective or possessive says which country); a country,
organisation or group named in the phrase, combined with the agent noun at its head ("Israeli
officials" is Israel's government, "Iranian targets" Iran).
"""

from __future__ import annotations

import bisect
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dyadwire.nlp import extensions
from dyadwire.nlp.resolving import UsesResolver

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
NOMINAL_POS = {"NOUN", "PROPN", "PRON"}
# Dependents that belong to a phrase's own description ("the Israeli defense minister"); a
# relative clause or prepositional phrase may name another actor, so it is left out.
DESCRIPTIVE_DEPS = {"compound", "amod", "poss", "nmod", "det", "case", "nummod", "flat", "punct"}


def article_date(doc: Doc) -> date | None:
    value = doc._.dw_article_date
    return date.fromisoformat(value[:10]) if value else None


class ActorResolver(UsesResolver):
    def __init__(self, dictionaries: str | None = None, replace: bool = False):
        self.dictionaries, self.replace = dictionaries, replace
        self._ents_doc: Doc | None = None
        self._ents: list[Span] = []

    def _ents_in(self, span: Span) -> list[Span]:
        """`span.ents`, without its cost: spaCy rebuilds every entity of the Doc on each call,
        which on long articles cost a third of this component's time."""
        if self._ents_doc is not span.doc:
            self._ents_doc, self._ents = span.doc, list(span.doc.ents)
            self._ent_starts = [e.start for e in self._ents]
        # entities do not overlap and are in order: those starting inside the span, up to the
        # first that runs past its end
        out = []
        for e in self._ents[bisect.bisect_left(self._ent_starts, span.start):]:
            if e.start >= span.end:
                break
            if e.end <= span.end:
                out.append(e)
        return out

    def prepare(self) -> None:
        """Load what the first Doc would load lazily (see `engine.coding.warm_up`)."""
        self.kb.prepare()

    def __call__(self, doc: Doc) -> Doc:
        on = article_date(doc)
        mentions = []
        taken: set[int] = set()
        for head in _phrase_heads(doc):
            if head.i in taken:
                continue
            span = _phrase(head)
            found = None
            longer = self._name_with_of(head, span, on)
            if longer is not None:
                span, found = longer
            else:
                found = self.resolve_phrase(span, head, on)
            if found is not None and not found.get("country") and found.get("sector"):
                # "lawmakers in A and B", "officials of A": the agent belongs to each country
                members, absorbed = self._agent_of(head, span, on)
                if members:
                    found = {**found, "code": members[0]["code"], "country": members[0]["country"]}
                    if len(members) > 1:
                        found["members"] = members
                        found["absorbs"] = absorbed
                        taken.update(absorbed)
            if found is None:
                continue
            taken.update(range(span.start, span.end))
            mentions.append({"start": span.start, "end": span.end, "head": head.i, "text": span.text, **found})
        _share_modifiers(doc, mentions)
        _speak_for(doc, mentions, lambda text: self._resolve(text, on))
        doc._.dw_actors = mentions
        return doc

    def resolve_phrase(self, span: Span, head: Token, on: date | None) -> dict | None:
        people = [e for e in self._ents_in(span) if e.label_ == "PERSON"]
        whole = _strip_determiners(span)
        fallback = None
        for person in people:
            found = self._resolve(person.text, on, fuzzy=True)
            # a "person" the recogniser saw in "Ithilen's president" may be a country: then the
            # phrase as a whole says more
            if found and (found.get("entity_id") and found.get("role") is not None or person.text == whole
                          or found.get("sector")):
                return found
            fallback = fallback or found
        # The phrase as written ("Israeli Defense Minister", "the US military"), then without
        # the person's name, then the names inside it combined with the head's agent.
        text = _strip_determiners(span)
        found = self._resolve(text, on)
        if found and not found.get("sector") and head.pos_ == "PROPN" and len(span) > 2:
            # "Bree Prime Minister Romendacil", a person the knowledge base does not know: the
            # title before the name says the sector
            titled = self._title_before_name(span, on)
            if titled and titled.get("country") == found.get("country"):
                return titled
        if found:
            return found
        if people:
            title = _without(span, people)
            found = self._resolve(title, on) if title else None
            if found:
                return {**found, "name": people[0].text, "entity_id": None, "role": found.get("role") or title}
        names = [e for e in self._ents_in(span) if e.label_ in NAME_LABELS and e.label_ != "PERSON"]
        # names the entity recogniser missed: proper nouns and modifiers inside the phrase
        # ("an anti-X parade", "the X delegation")
        names += [span.doc[t.i : t.i + 1] for t in span if t.i != head.i and t.dep_ in ("compound", "amod", "nmod")
                  and t.pos_ in ("PROPN", "ADJ") and not t.ent_type_]
        for ent in names:
            # a word no recogniser called a person is no surname: "Western nations" are not
            # Mr Western's, a "Rasmussen Reports poll" is no prime minister's
            found = self._resolve(ent.text, on, fuzzy=bool(ent.label_), surname=False)
            if found and found.get("country"):
                sector = self.kb.agent(head.lemma_.lower()) if head.i >= ent.end else None
                if sector and not found.get("sector"):
                    found = {**found, "sector": sector, "code": (found.get("code") or "") + sector}
                return found
        if fallback is not None:
            return fallback
        # "old foes X", "the evil awful X": the proper name at the head of the phrase
        if head.pos_ == "PROPN":
            start = head.i
            while start > span.start and span.doc[start - 1].pos_ == "PROPN":
                start -= 1
            core = span.doc[start : head.i + 1]
            if core.text != whole:
                return self._resolve(core.text, on)
        return None

    def _name_with_of(self, head: Token, span: Span, on: date | None) -> tuple[Span, dict] | None:
        """A name written with "of" that the knowledge base knows whole: "the Prince of X",
        "the Ministry of Magic", "the Bank of England"."""
        prep = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        if prep is None:
            return None
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None or any(c.dep_ in ("conj", "cc") for c in pobj.children):
            return None
        longer = head.doc[span.start : _phrase(pobj).end]
        # only a name known as written counts, so spelling variants are not searched
        r = self.kb.resolve(_strip_determiners(longer), on, fuzzy=False)
        if r is None or r.match != "exact":
            return None
        found = self._resolve(_strip_determiners(longer), on)
        return (longer, found) if found else None

    def _title_before_name(self, span: Span, on: date | None) -> dict | None:
        tokens = [t for t in span if t.dep_ != "det"]
        for end in range(len(tokens) - 1, 1, -1):
            if tokens[end].pos_ != "PROPN":
                break
            title = " ".join(t.text for t in tokens[:end])
            found = self._resolve(title, on)
            if found and found.get("sector"):
                name = " ".join(t.text for t in tokens[end:])
                return {**found, "name": name, "entity_id": None, "role": found.get("role") or title}
        return None

    def _agent_of(self, head: Token, span: Span, on: date | None) -> tuple[list[dict], list[int]]:
        """Each country an agent noun belongs to through "in/of/from", distributed over
        coordinated agents and countries ("lawmakers and officials in A and B" -> A's and B's
        legislators and governments), and the tokens the group takes in; empty when the phrase
        names no country."""
        agents = [(head, _strip_determiners(span))]
        for conj in head.conjuncts:
            if conj.i > head.i and conj.pos_ == "NOUN":
                text = _strip_determiners(_phrase(conj))
                r = self._resolve(text, on)
                if r and r.get("sector") and not r.get("country"):
                    agents.append((conj, text))
        for tok, _ in agents:
            for prep in tok.children:
                if prep.dep_ != "prep" or prep.lower_ not in ("in", "of", "from"):
                    continue
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                # "lawmakers in A and B" is often parsed as "[lawmakers in A] and B"
                places = [pobj, *pobj.conjuncts] + [c for c in head.conjuncts if c.i > pobj.i]
                members, absorbed = [], []
                for place in places:
                    place_text = _strip_determiners(_phrase(place))
                    country = self._resolve(place_text, on)
                    if not country or not country.get("country") or country.get("sector"):
                        continue
                    if place.head.i != prep.i and place not in pobj.conjuncts:
                        absorbed.append(place.i)
                    for _, agent_text in agents:
                        combined = self._resolve(f"{place_text} {agent_text}", on)
                        if combined and combined.get("sector"):
                            members.append({**combined, "text": f"{agent_text} {prep.text} {place_text}"})
                if members:
                    return members, absorbed + [t.i for t, _ in agents[1:]]
        return [], []

    def _resolve(self, text: str, on: date | None, fuzzy: bool = False,
                 surname: bool = True) -> dict | None:
        """The knowledge base's answer as a mention's fields. Spelling variants (`fuzzy`) are
        tried only for names the entity recogniser found, never for whole noun phrases; a
        person found by surname alone is accepted only where the word may be a surname
        (`surname`)."""
        if not text:
            return None
        r = self.kb.resolve(text, on, fuzzy=fuzzy)
        if r is None or (not surname and r.kind == "person" and r.match == "surname"):
            return None
        if r.full_code and "/" in r.full_code:
            # a dictionary actor that stands for several ("THE_SHIRE [FRO/BIL/SAM]"): one member each
            from dyadwire.actors import split_code

            members = []
            for part in r.full_code.split("/"):
                code, country, sector = split_code(part, self.kb._country_codes)
                members.append({"code": code, "country": country, "sector": sector,
                                "entity_id": r.entity_id, "name": r.name, "role": r.role, "text": text})
            return {**{k: v for k, v in members[0].items() if k != "text"}, "members": members}
        if r.code is None and r.sector and r.match == "agent":
            # an agent of no named country ("officials", "clerics"): CAMEO writes the unknown
            # country as "---"
            return {"code": "---" + (r.full_code or r.sector), "country": None, "sector": r.sector,
                    "entity_id": None, "name": None, "role": None}
        return {
            "code": r.code, "country": r.country, "sector": r.sector,
            "entity_id": r.entity_id, "name": r.name, "role": r.role,
        }


# People who act in the name of others: what they say or do is their principal's.
SPEAKER_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen",
                           "spokeswomen", "representative", "representatives", "envoy", "envoys",
                           "emissary", "emissaries", "delegate", "delegates", "delegation"})


def _speak_for(doc: Doc, mentions: list[dict], resolve) -> None:
    """"A spokesman for the Kenyan government", "the rebels' spokesman", "an envoy of the
    Egyptian president": the speaker is coded as whom they speak for (country and sector), as
    CAMEO coders code them; the agent lists would make every spokesman media (Phoenix) or a
    legislator ("representative"), or leave the country out. A country's own speaker ("Sudan's
    representative") speaks for its government; "a Pentagon spokesman", "a rebel spokesman" for
    what the words before the noun name (`resolve`: the run's resolver on a phrase)."""
    by_token = {i: m for m in mentions for i in range(m["start"], m["end"])}
    added = []
    for head in doc:
        if head.lower_ not in SPEAKER_NOUNS or head.pos_ != "NOUN":
            continue
        m = by_token.get(head.i)
        if m is not None and m["head"] != head.i:
            continue  # a speaker noun inside another actor's name
        modifiers = [c for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i]
        if modifiers:
            start = modifiers[0].left_edge.i
            said_for = resolve(" ".join(t.text for t in doc[start:head.i]))
            if said_for and said_for.get("sector") and not said_for.get("members"):
                # "Egyptian government spokesman": the country may sit outside the modifier
                country = said_for.get("country") or (m or {}).get("country")
                code = said_for["code"] if said_for.get("country") else (country or "---") + said_for["sector"]
                fields = {"code": code, "country": country, "sector": said_for["sector"],
                          "entity_id": None, "name": None, "role": (m or {}).get("role") or head.text}
                if m is None:
                    if not any(i in by_token for i in range(start, head.i)):
                        added.append({"start": start, "end": head.i + 1, "head": head.i,
                                      "text": doc[start:head.i + 1].text, **fields})
                else:
                    m.update(fields)
                continue
        principals = [c for c in head.children if c.dep_ == "poss"]
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("for", "of"):
                principals += [c for c in prep.children if c.dep_ == "pobj"]
        for tok in principals:
            principal = by_token.get(tok.i)
            if principal is None or principal.get("members"):
                continue
            if principal is m:
                # the principal is inside the speaker's own phrase: a country speaks for its
                # government
                if m.get("country") and m.get("sector") != "GOV" and m.get("code") == (m["country"] + (m.get("sector") or "")):
                    m.update(code=m["country"] + "GOV", sector="GOV", entity_id=None, name=None,
                             role=m.get("role") or head.text)
                break
            if not (principal.get("country") or principal.get("sector")):
                continue
            fields = {k: principal.get(k) for k in ("code", "country", "sector")}
            if m is None:
                added.append({"start": head.i, "end": head.i + 1, "head": head.i, "text": head.text,
                              **fields, "entity_id": None, "name": None, "role": head.text})
            else:
                m.update(fields, entity_id=None, name=None, role=m.get("role") or head.text)
            break
    if added:
        mentions[:] = sorted(mentions + added, key=lambda m: m["start"])


def _share_modifiers(doc: Doc, mentions: list[dict]) -> None:
    """"Danish media and government": a bare agent coordinated with a country's agent belongs to
    that country too (the modifier is shared by the conjuncts)."""
    by_head = {m["head"]: m for m in mentions}
    for m in mentions:
        code = m.get("code") or ""
        if not code.startswith("---") or m.get("members"):
            continue
        head = doc[m["head"]]
        if head.dep_ != "conj" or head.head.i not in by_head:
            continue
        first = by_head[head.head.i]
        country = first.get("country")
        sector = m.get("sector")
        if not country or not first.get("sector") or not sector or first.get("code", "")[:3] != country:
            continue
        if any(c.dep_ in ("amod", "compound", "poss") for c in head.children):
            continue  # it has a modifier of its own
        m.update(code=country + code[3:], country=country)


def _phrase_heads(doc: Doc):
    """Heads of noun phrases, outermost first, so the longest phrase wins over its parts."""
    heads = [t for t in doc if t.pos_ in NOMINAL_POS and t.dep_ not in ("compound", "poss", "amod")]
    heads += [t for t in doc if t.dep_ == "poss" and t.pos_ in ("PROPN", "NOUN")]
    return heads


def _phrase(head: Token) -> Span:
    """The head with its descriptive dependents: determiners, adjectives, compounds, possessors."""
    left = head
    for child in head.lefts:
        if child.dep_ in DESCRIPTIVE_DEPS:
            left = min(left, child.left_edge, key=lambda t: t.i)
            break
    right = head
    for child in head.rights:
        if child.dep_ in ("compound", "flat"):
            right = max(right, child.right_edge, key=lambda t: t.i)
    return head.doc[left.i : right.i + 1]


def _strip_determiners(span: Span) -> str:
    start = span.start
    while start < span.end and (span.doc[start].dep_ == "det" or span.doc[start].is_punct):
        start += 1
    return span.doc[start : span.end].text.strip()


def _without(span: Span, parts: list[Span]) -> str:
    drop = {i for p in parts for i in range(p.start, p.end)}
    words = [t for t in span if t.i not in drop and t.dep_ != "det" and not t.is_punct]
    return " ".join(t.text for t in words)


@Language.factory(
    "dyadwire_actors",
    default_config={"dictionaries": None, "replace": False},
    assigns=["doc._.dw_actors"],
    requires=["token.dep", "token.lemma", "doc.ents"],
)
def make_actors(nlp: Language, name: str, dictionaries: str | None, replace: bool):
    """Resolve actor mentions with the run's resolver (`initialize`); by default the built-in
    knowledge base, extended (or, with `replace`, replaced) by the PETRARCH actor and agent
    dictionaries in the folder `dictionaries`."""
    return ActorResolver(dictionaries, replace)


extensions.register()
