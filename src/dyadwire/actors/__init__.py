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
           "EvidenceResolver", "learn_evidence", "evidence_resolver"]

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


def knowledge_base(dictionaries: str | Path | None = None, replace: bool = False, *,
                   evidence: bool = False) -> KnowledgeBase:
    """The built-in knowledge base, or it extended (with `replace`, replaced) by the actor and
    agent dictionaries in the folder `dictionaries` (`--dictionaries DIR`). Cached per folder.

    With `evidence=True`: the same, wrapped in an `EvidenceResolver` that also uses the role
    evidence learned from the news (`learn_evidence`); see `evidence_resolver`."""
    if evidence:
        return evidence_resolver(dictionaries, replace)
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


_learned: list[dict] = []  # every evidence row this process was taught, oldest first
_resolvers: dict[tuple[str | None, bool], EvidenceResolver] = {}


def evidence_resolver(dictionaries: str | Path | None = None, replace: bool = False) -> EvidenceResolver:
    """`knowledge_base(dictionaries, replace)` wrapped with the role evidence this process has
    learned (`learn_evidence`): same `resolve(text, on)`, knowledge-base facts first. One per
    dictionary folder; every one of them sees evidence learned later."""
    key = (str(Path(dictionaries).resolve()) if dictionaries is not None else None, replace)
    kb = knowledge_base(dictionaries, replace, evidence=False)
    with _lock:
        r = _resolvers.get(key)
        if r is None or r.kb is not kb:  # (the built-in base reloaded: wrap the new one)
            r = _resolvers[key] = EvidenceResolver(kb, list(_learned))
    return r


def learn_evidence(rows) -> int:
    """Teach every evidence resolver of this process role evidence rows (dicts with
    `evidence.EVIDENCE_FIELDS`); returns how many were new. `dyadwire ingest` calls it with the
    rows its database holds, then with each batch it writes."""
    rows = [dict(r) for r in rows or ()]
    with _lock:
        _learned.extend(rows)
        resolvers = list(_resolvers.values())
    added = 0
    for r in resolvers:
        added = max(added, r.add(rows))
    return added


def resolve(text: str, on: date | None = None) -> Resolution | None:
    """`KnowledgeBase.builtin().resolve(text, on)`."""
    return KnowledgeBase.builtin().resolve(text, on)


def agent(noun: str) -> str | None:
    """`KnowledgeBase.builtin().agent(noun)`: the sector code of an agent noun."""
    return KnowledgeBase.builtin().agent(noun)
