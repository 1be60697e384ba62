"""Nouns that carry an event by themselves: "the talks between X and Y", "X's visit to Y".

The table is hand-written (`data/nominals.tsv`): lemma -> CAMEO code. The event extractor uses it
for nominal events; who did what to whom comes from the noun's possessor, compounds and
prepositional phrases, which is the extractor's business.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

DATA_FILE = "nominals.tsv"


def normalize(lemma: str) -> str:
    return " ".join(lemma.lower().replace("_", " ").split())


@functools.lru_cache(maxsize=1)
def nominal_codes() -> dict[str, str]:
    """Every nominal trigger (lowercase lemma, compounds with a blank) and its CAMEO code."""
    text = resources.files("dyadwire.ontology").joinpath("data", DATA_FILE).read_text("utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        table[normalize(fields[0])] = fields[1].strip()
    return table


def nominal_code(lemma: str) -> str | None:
    """The CAMEO code a noun carries as an event ("airstrike" -> "195"), None if it carries none."""
    return nominal_codes().get(normalize(lemma))


def nominal_trigger(noun: Token) -> tuple[str, str] | None:
    """(trigger, code) for a noun in a parse, preferring its compound ("drone strike" over "strike").

    Looks at the noun's lemma with the compound and adjective modifiers just before it, longest
    first, then at the lemma alone, then at the word as written ("talks", "sanctions").
    """
    table = nominal_codes()
    mods = []
    for left in reversed(list(noun.lefts)):
        if left.dep_ in ("compound", "amod") and left.i == noun.i - len(mods) - 1:
            mods.insert(0, left)
        else:
            break
    lemma = noun.lemma_.lower()
    for k in range(len(mods)):
        words = [m.lower_ for m in mods[k:]]
        for head in (noun.lower_, lemma):
            key = " ".join(words + [head])
            if key in table:
                return key, table[key]
    for key in (noun.lower_, lemma):
        if key in table:
            return key, table[key]
    return None
