"""Which of dyadwire's spaCy components run by default, in order."""

from __future__ import annotations

import importlib

# (factory name, module that registers it), in pipeline order, each owning one annotation:
# actors resolve phrases; article_dates dates an undated article; names link appositions and
# surnames; roles read titles as role evidence; coref adds pronouns, descriptions and pairs;
# events read the mentions; the classifier re-ranks the events' codes; stand-ins code sentences
# the dictionary missed; the sentence model drops events of sentences that report none and
# re-ranks codes; parties finds the targets the dictionary missed; reciprocal codes a meeting
# from both sides; confidence makes each event's confidence the probability that it is right; when
# and where date and place each event. A module not present is skipped.
COMPONENTS = (
    ("dyadwire_actors", "dyadwire.nlp.actors"),
    ("dyadwire_article_dates", "dyadwire.nlp.article_dates"),
    ("dyadwire_names", "dyadwire.nlp.names"),
    ("dyadwire_roles", "dyadwire.nlp.roles"),
    ("dyadwire_coref", "dyadwire.nlp.coref"),
    ("dyadwire_events", "dyadwire.nlp.events"),
    ("dyadwire_classify", "dyadwire.nlp.classify"),
    ("dyadwire_stand_ins", "dyadwire.nlp.stand_ins"),
    ("dyadwire_sentence_model", "dyadwire.nlp.sentence_model"),
    ("dyadwire_parties", "dyadwire.nlp.parties"),
    ("dyadwire_reciprocal", "dyadwire.nlp.reciprocal"),
    ("dyadwire_confidence", "dyadwire.nlp.confidence"),
    ("dyadwire_when", "dyadwire.nlp.when"),
    ("dyadwire_where", "dyadwire.nlp.where"),
)


# Components configured by a user's PETRARCH dictionaries (`--dictionaries DIR`).
TAKES_DICTIONARIES = {"dyadwire_actors", "dyadwire_events", "dyadwire_classify", "dyadwire_stand_ins",
                      "dyadwire_sentence_model", "dyadwire_parties", "dyadwire_reciprocal",
                      "dyadwire_confidence"}


def available_components() -> tuple[str, ...]:
    names = []
    for name, module in COMPONENTS:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        names.append(name)
    return tuple(names)
