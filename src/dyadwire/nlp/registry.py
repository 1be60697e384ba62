"""Which of dyadwire's spaCy components run by default, in order."""

from __future__ import annotations

import importlib

# (factory name, module that registers it), in pipeline order: actors before events (events use
# resolved actors), when and where after events (they date and place each event).
COMPONENTS = (
    ("dyadwire_actors", "dyadwire.nlp.actors"),
    ("dyadwire_events", "dyadwire.nlp.events"),
    ("dyadwire_when", "dyadwire.nlp.when"),
    ("dyadwire_where", "dyadwire.nlp.where"),
)


# Components configured by a user's PETRARCH dictionaries (`--dictionaries DIR`).
TAKES_DICTIONARIES = {"dyadwire_actors", "dyadwire_events"}


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
