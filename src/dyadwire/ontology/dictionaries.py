"""The dictionaries the event coder runs with: built-in ones, extended or replaced by a user's.

A user's folder of PETRARCH dictionaries is read by file name: a file whose name contains
"discard" is a discard list; one whose name contains "verb" or starts with "CAMEO" is a verb
dictionary (PETRARCH's own CAMEO.2.0.txt, or Phoenix-style *.verbs.txt). Other files (actors,
agents, issues) belong to other stages and are left alone here.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from dyadwire.ontology.nominals import nominal_code
from dyadwire.ontology.petrarch import DictionaryError, Discard, DiscardList
from dyadwire.ontology.verbs import VerbDictionary

DISCARDS_FILE = "discards.json"


@functools.lru_cache(maxsize=1)
def builtin_discards() -> DiscardList:
    """The Phoenix discard list (sports, entertainment, history), without its bare years."""
    raw = resources.files("dyadwire.ontology").joinpath("data", DISCARDS_FILE).read_text("utf-8")
    rows = json.loads(raw)["discards"]
    return DiscardList([Discard(phrase, bool(story), bool(whole)) for phrase, story, whole in rows])


def dictionary_files(folder: str | Path) -> tuple[list[Path], list[Path]]:
    """(verb dictionaries, discard lists) in `folder`, by file name, in name order."""
    path = Path(folder)
    if not path.is_dir():
        raise DictionaryError(f"{path}: not a folder of PETRARCH dictionaries")
    verbs, discards = [], []
    for file in sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".txt"):
        name = file.name.lower()
        if "discard" in name:
            discards.append(file)
        elif "verb" in name or name.startswith("cameo"):
            verbs.append(file)
    return verbs, discards


def event_dictionaries(
    folder: str | Path | None = None, *, replace: bool = False
) -> tuple[VerbDictionary, Callable[[str], str | None], DiscardList]:
    """(verb dictionary, nominal_code, discards) for the event coder.

    Without `folder`, the built-in ones. With it, the folder's verb dictionaries and discard lists
    are added to the built-in ones, or, with `replace`, used instead of them (a kind the folder
    does not provide stays built-in). The user's verb files may use the built-in synsets.
    Raises `DictionaryError` (one line, naming the file) for a folder or file that cannot be read.
    """
    verbs = VerbDictionary.builtin()
    discards = builtin_discards()
    if folder is None:
        return verbs, nominal_code, discards
    verb_files, discard_files = dictionary_files(folder)
    if verb_files:
        mine = VerbDictionary()
        for file in verb_files:
            mine.extend(VerbDictionary.from_petrarch(file, extends=verbs))
        verbs = mine if replace else verbs.copy().extend(mine)
    if discard_files:
        mine_discards = DiscardList()
        for file in discard_files:
            mine_discards = mine_discards + DiscardList.from_petrarch(file)
        discards = mine_discards if replace else discards + mine_discards
    return verbs, nominal_code, discards
