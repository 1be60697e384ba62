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

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dyadwire.nlp import extensions

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
NOMINAL_POS = {"NOUN", "PROPN", "PRON"}
# Dependents that belong to a phrase's own description ("the Israeli defense minister"); a
# relative clause or prepositional phrase may name another actor, so it is left out.
DESCRIPTIVE_DEPS = {"compound", "amod", "poss", "nmod", "det", "case", "nummod", "flat", "punct"}


def article_date(doc: Doc) -> date | None:
    value = doc._.dw_article_date
    return date.fromisoformat(value[:10]) if value else None


class ActorResolver:
    def __init__(self, kb):
        self.kb = kb

    def __call__(self, doc: Doc) -> Doc:
        on = article_date(doc)
        mentions = []
        taken: set[int] = set()
        for head in _phrase_heads(doc):
            if head.i in taken:
                continue
            span = _phrase(head)
            found = self.resolve_phrase(span, head, on)
            if found is None:
                continue
            taken.update(range(span.start, span.end))
            mentions.append({"start": span.start, "end": span.end, "head": head.i, "text": span.text, **found})
        doc._.dw_actors = mentions
        return doc

    def resolve_phrase(self, span: Span, head: Token, on: date | None) -> dict | None:
        people = [e for e in span.ents if e.label_ == "PERSON"]
        for person in people:
            found = self._resolve(person.text, on)
            if found:
                return found
        # The phrase as written ("Israeli Defense Minister", "the US military"), then without
        # the person's name, then the names inside it combined with the head's agent.
        text = _strip_determiners(span)
        found = self._resolve(text, on)
        if found:
            return found
        if people:
            title = _without(span, people)
            found = self._resolve(title, on) if title else None
            if found:
                return {**found, "name": people[0].text, "entity_id": None, "role": found.get("role") or title}
        for ent in span.ents:
            if ent.label_ in NAME_LABELS and ent.label_ != "PERSON":
                found = self._resolve(ent.text, on)
                if found:
                    sector = self.kb.agent(head.lemma_.lower()) if head.i >= ent.end else None
                    if sector and not found.get("sector"):
                        found = {**found, "sector": sector, "code": (found.get("code") or "") + sector}
                    return found
        return None

    def _resolve(self, text: str, on: date | None) -> dict | None:
        if not text:
            return None
        r = self.kb.resolve(text, on)
        if r is None:
            return None
        return {
            "code": r.code, "country": r.country, "sector": r.sector,
            "entity_id": r.entity_id, "name": r.name, "role": r.role,
        }


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
    tokens = list(span)
    while tokens and (tokens[0].dep_ == "det" or tokens[0].is_punct):
        tokens = tokens[1:]
    return "".join(t.text_with_ws for t in tokens).strip()


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
    """Resolve actor mentions with the built-in knowledge base, extended (or, with `replace`,
    replaced) by the PETRARCH actor and agent dictionaries in the folder `dictionaries`."""
    from dyadwire.actors import knowledge_base

    return ActorResolver(knowledge_base(dictionaries, replace=replace))


extensions.register()
