"""The actor knowledge base: countries, organisations, armed groups, agents and people with
dated roles, compiled from public dictionaries and leader datasets by `tools/build_actors.py`.

    >>> from dyadwire.actors import KnowledgeBase
    >>> kb = KnowledgeBase.builtin()
    >>> kb.resolve("Gantz", date(2020, 12, 1)).role
    'Defence Minister'
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from .evidence import EvidenceResolver
from .kb import KnowledgeBase, Resolution, split_code
from .petrarch import DictionaryError, read_actors, read_agents

__all__ = ["KnowledgeBase", "Resolution", "DictionaryError", "split_code", "read_actors",
           "read_agents", "knowledge_base", "dictionary_files", "resolve", "agent",
           "EvidenceResolver", "run_resolver"]

_by_folder: dict[tuple[str, bool], KnowledgeBase] = {}
_lock = threading.Lock()


def dictionary_files(folder: str | Path) -> tuple[list[Path], list[Path]]:
    """The actor and agent dictionaries in a folder: files whose names contain "actors" /
    "agents" (as PETRARCH names them: Phoenix.Countries.actors.txt, PETR.Validate.agents.txt)."""
    root = Path(folder)
    if not root.is_dir():
        raise DictionaryError(f"{root} is not a folder of dictionaries")
    files = sorted(p for p in root.iterdir() if p.is_file() and not p.name.startswith("."))
    actors = [p for p in files if "actor" in p.name.lower()]
    agents = [p for p in files if "agent" in p.name.lower()]
    return actors, agents


def knowledge_base(dictionaries: str | Path | None = None, replace: bool = False) -> KnowledgeBase:
    """The built-in knowledge base, or it extended (with `replace`, replaced) by the actor and
    agent dictionaries in the folder `dictionaries` (`--dictionaries DIR`). Cached per folder:
    a knowledge base is read-only once built, so sharing it cannot change any run's output."""
    if dictionaries is None:
        return KnowledgeBase.builtin()
    key = (str(Path(dictionaries).resolve()), replace)
    with _lock:
        kb = _by_folder.get(key)
        if kb is None:
            actors, agents = dictionary_files(dictionaries)
            kb = KnowledgeBase.builtin().with_dictionaries(
                actors=actors or None, agents=agents or None, replace=replace and bool(actors))
            _by_folder[key] = kb
    return kb


def run_resolver(dictionaries: str | Path | None = None, replace: bool = False,
                 evidence=()) -> EvidenceResolver:
    """The one resolver of a run: the knowledge base (`knowledge_base(dictionaries, replace)`)
    with the role evidence the store held when the run started (`evidence`, dicts with
    `evidence.EVIDENCE_FIELDS`). Built once and handed to every component that resolves actors
    (`dyadwire.nlp.pipeline.load`). Evidence found during the run is stored, and the next run
    loads it: a run never learns from its own articles, so its output cannot depend on how
    they were scheduled."""
    return EvidenceResolver(knowledge_base(dictionaries, replace), evidence)


def resolve(text: str, on: date | None = None) -> Resolution | None:
    """`KnowledgeBase.builtin().resolve(text, on)`."""
    return KnowledgeBase.builtin().resolve(text, on)


def agent(noun: str) -> str | None:
    """`KnowledgeBase.builtin().agent(noun)`: the sector code of an agent noun."""
    return KnowledgeBase.builtin().agent(noun)
