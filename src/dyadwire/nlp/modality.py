"""Modality: whether an event happened, is planned, expected, conditional, hypothetical or
negated. Every rule that decides it lives here.

- From the grammar (`clause_modality`, `noun_modality`, called by `dyadwire_events`): negation,
  a condition ("if Iran complies", ", provided ..."), "would/could", "is expected to", "will",
  "plans to", "going to", and "the upcoming visit".
- Requests (`requested_by`, `asked_to_act`): what someone is urged, asked or called on to do has
  not happened; the request is the event, made of the one asked to act.
- From time (`with_time`, called by `dyadwire_when`): an asserted event whose date lies after
  the article's is planned ("met on Friday" in a Wednesday article is not yet).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from dyadwire.nlp.lexicon import (
    CONDITIONAL_MARKS,
    EXPECT_VERBS,
    FUTURE_AUX,
    FUTURE_MODIFIERS,
    HYPOTHETICAL_AUX,
    INTENT_VERBS,
    REQUEST_VERBS,
)

# Modalities the grammar fixed; a date ahead does not turn them into "planned".
FIXED_BY_GRAMMAR = frozenset({"negated", "conditional", "hypothetical", "expected"})


def with_time(modality: str | None, direction: str | None) -> str:
    """The modality of an event once its date is known: ahead of the article, a plan."""
    modality = modality or "asserted"
    if direction == "future" and modality not in FIXED_BY_GRAMMAR:
        return "planned"
    return modality


def clause_chain(token: Token) -> Iterator[Token]:
    """The token and the verbs that frame it: "is slated to visit" yields visit, slated."""
    yield token
    while token.dep_ in ("xcomp", "ccomp", "conj") and token.head.i != token.i:
        token = token.head
        yield token
        if token.dep_ == "ccomp":
            break


def is_conditional_conjunction(token: Token) -> bool:
    """"provided"/"providing" introducing a condition: after a comma, at the start of the
    sentence, or before "that"."""
    if token.lower_ not in ("provided", "providing"):
        return False
    before = token.doc[token.i - 1] if token.i > token.sent.start else None
    after = token.doc[token.i + 1] if token.i + 1 < token.sent.end else None
    return before is None or before.text in (",", ";", "—", "(") or (after is not None and after.lower_ == "that")


def condition(verb: Token) -> Token | None:
    """The clause an event is conditioned on ("if Iran complies", "provided Iran returns"),
    attached to the verb, a verb framing it, or one of its objects ("rejoin the deal provided
    ..."); returns the condition's own verb (or the marker when it has none)."""
    for tok in clause_chain(verb):
        holders = [tok, *(c for c in tok.children if c.dep_ in ("dobj", "attr", "prep"))]
        holders += [g for h in holders[1:] for g in h.children if g.dep_ == "pobj"]
        for holder in holders:
            for c in holder.children:
                if c.dep_ == "advcl" and conditional_clause(c):
                    return c
                # ", provided X does Y" after the event, whatever label the parser gave it (it
                # often hangs it on the framing "said" as a conjunct)
                if (c.dep_ in ("prep", "acl", "advcl") and c.lower_ in ("provided", "providing")) \
                        or (c.i > verb.i and is_conditional_conjunction(c)):
                    return next((g for g in c.children if g.dep_ in ("ccomp", "advcl", "pcomp")), c)
    return None


def clause_modality(verb: Token) -> str:
    chain = list(clause_chain(verb))
    for tok in chain:
        if any(c.dep_ == "neg" for c in tok.children):
            return "negated"
    if condition(verb) is not None:
        return "conditional"
    for tok in chain:
        auxes = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
        if auxes & HYPOTHETICAL_AUX:
            return "hypothetical"
        if tok.lemma_ in EXPECT_VERBS and tok.i != verb.i:
            return "expected"
        if (auxes & FUTURE_AUX) or (tok.lemma_ in INTENT_VERBS and tok.i != verb.i):
            return "planned"
        if "going" in {c.lower_ for c in tok.children} and tok.tag_ == "VB":
            return "planned"
    return "asserted"


def conditional_clause(clause: Token) -> bool:
    return any(c.dep_ in ("mark", "prep", "advmod") and c.lower_ in CONDITIONAL_MARKS for c in clause.children) or (
        clause.lemma_ in ("provide",) and clause.tag_ in ("VBN", "VBG")
    )


def noun_modality(noun: Token) -> str:
    if any(c.lower_ in FUTURE_MODIFIERS for c in noun.children):
        return "planned"
    if noun.head.pos_ in ("VERB", "AUX") and noun.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return clause_modality(noun.head)
    return "asserted"


def requested_by(verb: Token) -> Token | None:
    """The verb of asking whose request `verb` is ("urged X to withdraw", "called for X to
    withdraw", "demanded that X withdraw"), or None."""
    head = verb.head
    if head.i == verb.i or head.lemma_ not in REQUEST_VERBS or head.pos_ not in ("VERB", "AUX"):
        return None
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ == "xcomp" or (verb.dep_ == "advcl" and infinitive):
        return head
    if verb.dep_ == "ccomp" and head.lemma_ != "call":  # "called it a victory" is no request
        return head
    return None


def asked_to_act(verb: Token) -> Token | None:
    """Who a verb of asking asks to act, when the parse hangs them on the request ("called for
    Russia to withdraw": Russia), or None."""
    if verb.lemma_ not in REQUEST_VERBS:
        return None
    asked = next((c for c in verb.children if requested_by(c) == verb), None)
    if asked is None:
        return None
    return next((c for c in asked.children if c.dep_ in ("nsubj", "nsubjpass")), None)
