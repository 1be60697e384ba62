"""Which of dyadwire's spaCy components run by default, in order."""

from __future__ import annotations

import importlib

# (factory name, module that registers it), in pipeline order: actors first; coreference adds
# mentions for pronouns and descriptions; events read the mentions; the classifier re-ranks the
# events' codes; when and where date and place each event. A module not present is skipped.
COMPONENTS = (
    ("dyadwire_actors", "dyadwire.nlp.actors"),
    ("dyadwire_coref", "dyadwire.nlp.coref"),
    ("dyadwire_events", "dyadwire.nlp.events"),
    ("dyadwire_classify", "dyadwire.nlp.classify"),
    ("dyadwire_when", "dyadwire.nlp.when"),
    ("dyadwire_where", "dyadwire.nlp.where"),
)


# Components configured by a user's PETRARCH dictionaries (`--dictionaries DIR`).
TAKES_DICTIONARIES = {"dyadwire_actors", "dyadwire_events", "dyadwire_classify"}


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
