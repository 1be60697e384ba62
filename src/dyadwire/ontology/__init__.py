"""The event ontology: CAMEO codes and their classes, CAMEO->PLOVER, verb patterns, nominal events.

- `dyadwire.ontology.cameo`: `lookup(code)`, `codes()`, `CameoCode`, `UnknownCameoCode`.
- `dyadwire.ontology.verbs`: `VerbDictionary` (built-in CAMEO 2.0 dictionary, a user's PETRARCH
  dictionary) and its matcher on spaCy parses, `VerbMatch`.
- `dyadwire.ontology.petrarch`: readers for PETRARCH verb and discard dictionaries.
- `dyadwire.ontology.nominals`: `nominal_code(lemma)` for nouns that carry an event.
- `dyadwire.ontology.dictionaries`: `event_dictionaries(folder, replace=)`, what the event coder
  runs with: the built-in dictionaries, extended or replaced by a user's PETRARCH files.

The tables are package data compiled by `tools/build_ontology.py`.
"""

from dyadwire.ontology.cameo import CameoCode, UnknownCameoCode, codes, lookup
from dyadwire.ontology.dictionaries import builtin_discards, event_dictionaries
from dyadwire.ontology.nominals import nominal_code, nominal_trigger
from dyadwire.ontology.petrarch import (
    DictionaryError,
    Discard,
    DiscardList,
    find_discard,
    read_discards,
)
from dyadwire.ontology.verbs import VerbDictionary, VerbMatch

__all__ = [
    "CameoCode",
    "DictionaryError",
    "Discard",
    "DiscardList",
    "UnknownCameoCode",
    "VerbDictionary",
    "VerbMatch",
    "builtin_discards",
    "codes",
    "event_dictionaries",
    "find_discard",
    "lookup",
    "nominal_code",
    "nominal_trigger",
    "read_discards",
]
