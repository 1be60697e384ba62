"""Rules tested on hand-built parses: each test builds the Doc it needs (words, heads, labels,
entities) instead of asking the md model to parse a sentence, so it runs in milliseconds and
fails only when the rule changes, never when the model parses differently."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.tokens import Doc

from dyadwire.nlp import extensions  # noqa: F401  (registers doc._.dw_*)

VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower case, ...), no model


def parse(spec: str, ents: list[str] | None = None, day: str | None = "2024-03-01") -> Doc:
    """A Doc from one token per line: "word head dep POS TAG lemma" (head: the index of the
    token's head, itself for the root)."""
    rows = [line.split() for line in spec.strip().splitlines()]
    words = [r[0] for r in rows]
    doc = Doc(VOCAB, words=words, spaces=[True] * (len(words) - 1) + [False],
              heads=[int(r[1]) for r in rows], deps=[r[2] for r in rows],
              pos=[r[3] for r in rows], tags=[r[4] for r in rows], lemmas=[r[5] for r in rows],
              ents=ents or ["O"] * len(words), sent_starts=[True] + [False] * (len(words) - 1))
    doc._.dw_article_date = day
    return doc


# --------------------------------------------------------------------------- modality

NEGATED = """
Iran 3 nsubj PROPN NNP Iran
will 3 aux AUX MD will
not 3 neg PART RB not
attend 3 ROOT VERB VB attend
talks 3 dobj NOUN NNS talk
"""
HYPOTHETICAL = """
Iran 2 nsubj PROPN NNP Iran
would 2 aux AUX MD would
attend 2 ROOT VERB VB attend
talks 2 dobj NOUN NNS talk
"""
PLANNED = """
Iran 1 nsubj PROPN NNP Iran
plans 1 ROOT VERB VBZ plan
to 3 aux PART TO to
attend 1 xcomp VERB VB attend
talks 3 dobj NOUN NNS talk
"""
CONDITIONAL = """
If 2 mark SCONJ IN if
Iran 2 nsubj PROPN NNP Iran
complies 6 advcl VERB VBZ comply
the 4 det DET DT the
US 6 nsubj PROPN NNP US
will 6 aux AUX MD will
lift 6 ROOT VERB VB lift
sanctions 6 dobj NOUN NNS sanction
"""


@pytest.mark.parametrize("spec, verb, want", [
    (NEGATED, 3, "negated"), (HYPOTHETICAL, 2, "hypothetical"), (PLANNED, 3, "planned"),
    (CONDITIONAL, 6, "conditional"),
])
def test_modality_from_the_clause(spec, verb, want):
    from dyadwire.nlp.modality import clause_modality

    assert clause_modality(parse(spec)[verb]) == want


def test_a_date_ahead_makes_an_asserted_event_planned_but_not_a_negated_one():
    from dyadwire.nlp.modality import with_time

    assert with_time("asserted", "future") == "planned"
    assert with_time(None, "future") == "planned"
    assert with_time("negated", "future") == "negated"
    assert with_time("asserted", "past") == "asserted"


# --------------------------------------------------------------------------- attachment

SAID_THAT = """
Officials 1 nsubj NOUN NNS official
said 1 ROOT VERB VBD say
in 1 prep ADP IN in
Cairo 2 pobj PROPN NNP Cairo
that 6 mark SCONJ IN that
Israel 6 nsubj PROPN NNP Israel
struck 1 ccomp VERB VBD strike
Gaza 6 dobj PROPN NNP Gaza
"""


def test_a_place_on_the_reporting_verb_does_not_place_the_reported_event():
    from dyadwire.nlp.attachment import SUBORDINATE_DEPS, from_above

    doc = parse(SAID_THAT)
    struck, said = doc[6], doc[1]
    assert from_above(struck, said, SUBORDINATE_DEPS | {"ccomp"}) is None
    # a time on the reporting verb may still date what it reports (when's rule): one step up
    assert from_above(struck, said) == 59


# --------------------------------------------------------------------------- names

SURNAME = """
Benny 1 compound PROPN NNP Benny
Gantz 2 nsubj PROPN NNP Gantz
spoke 2 ROOT VERB VBD speak
and 2 cc CCONJ CC and
Gantz 5 nsubj PROPN NNP Gantz
left 2 conj VERB VBD leave
"""


def test_a_bare_surname_is_the_person_named_in_full_before():
    from dyadwire.nlp.names import NameLinks

    doc = parse(SURNAME, ents=["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O"])
    gantz = {"code": "ISRGOV", "country": "ISR", "sector": "GOV",
             "entity_id": "person:ISR:benny-gantz", "name": "Benny Gantz", "role": "Minister"}
    doc._.dw_actors = [
        {"start": 0, "end": 2, "head": 1, "text": "Benny Gantz", **gantz},
        {"start": 4, "end": 5, "head": 4, "text": "Gantz", "code": None, "country": None,
         "sector": None, "entity_id": "person:XXX:someone-else", "name": None, "role": None},
    ]
    doc = NameLinks()(doc)
    second = doc._.dw_actors[1]
    assert second["entity_id"] == "person:ISR:benny-gantz" and second["antecedent"] == "Benny Gantz"
    assert all(m["person"] for m in doc._.dw_actors)


def test_a_bare_surname_of_a_person_from_a_country_never_named_is_nobody_known():
    # "Gantz" alone, as the knowledge base's only Gantz were a Norwegian out of office: the
    # article never names him in full nor names his country
    from dyadwire.nlp.names import NameLinks

    doc = parse(SURNAME, ents=["O", "B-PERSON", "O", "O", "B-PERSON", "O"])
    far = {"code": "NORELI", "country": "NOR", "sector": "ELI", "entity_id": "person:NOR:x-gantz",
           "name": "X Gantz", "role": None}
    doc._.dw_actors = [{"start": 4, "end": 5, "head": 4, "text": "Gantz", **far}]
    assert NameLinks()(doc)._.dw_actors == []
    # one in office that day is often named by surname alone
    doc._.dw_actors = [{"start": 4, "end": 5, "head": 4, "text": "Gantz", **far, "role": "Minister"}]
    assert len(NameLinks()(doc)._.dw_actors) == 1
    # the same surname where the article names the country stays
    doc = parse(SURNAME, ents=["O", "B-PERSON", "O", "O", "B-PERSON", "O"])
    doc._.dw_actors = [{"start": 0, "end": 1, "head": 0, "text": "Benny", "code": "NOR", "country": "NOR",
                        "sector": None, "entity_id": "country:NOR", "name": "Norway", "role": None},
                       {"start": 4, "end": 5, "head": 4, "text": "Gantz", **far}]
    assert [m["text"] for m in NameLinks()(doc)._.dw_actors] == ["Benny", "Gantz"]


# --------------------------------------------------------------------------- tense

WILL_MEET = """
Leaders 2 nsubj NOUN NNS leader
will 2 aux AUX MD will
meet 2 ROOT VERB VB meet
on 2 prep ADP IN on
Friday 3 pobj PROPN NNP Friday
"""


def test_a_weekday_in_a_future_clause_is_the_next_such_day():
    from dyadwire.nlp.when import clause_tense, resolve_time

    doc = parse(WILL_MEET, day="2024-03-06")  # a Wednesday
    assert clause_tense(doc[2]) == "future"
    ref = resolve_time("on Friday", date(2024, 3, 6), "future")
    assert ref.date == date(2024, 3, 8)
