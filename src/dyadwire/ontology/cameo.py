"""CAMEO event codes: names, Goldstein values, quad and penta classes, and the PLOVER equivalent.

The table is compiled by `tools/build_ontology.py` into `data/cameo.json` from the GDELT CAMEO
lookup files, the ICEWS CAMEO codebook and the CAMEO→PLOVER table (see the build script for the
sources and the choices made). `goldstein` is GDELT's value; `goldstein_icews` keeps ICEWS's value
only where the two tables disagree.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

DATA_FILE = "cameo.json"


class UnknownCameoCode(KeyError):
    """A code that is not in CAMEO, not even through a parent code."""

    def __init__(self, code: object):
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        return (
            f"unknown CAMEO code {self.code!r}: expected 2 to 4 digits of a code in the CAMEO "
            "codebook, such as '04', '042' or '0421'"
        )


@dataclass(frozen=True)
class CameoCode:
    code: str  # "042"
    name: str  # "Make a visit"
    root: str  # "04"
    goldstein: float  # GDELT's Goldstein value
    goldstein_icews: float | None  # ICEWS's value where it differs from GDELT's, else None
    quad_class: int  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    penta_class: int  # 0 statement ... 4 material conflict (see quad_class_of/penta_class_of)
    plover_type: str | None  # "CONSULT"; None where PLOVER has no equivalent (roots 01, 02)
    plover_mode: str | None  # "visit"
    plover_context: str | None  # "diplomatic"

    @property
    def parent(self) -> str | None:
        """The code one level up ("0421" -> "042", "042" -> "04"), None for a root."""
        if len(self.code) <= 2:
            return None
        if len(self.code) == 3:
            return self.code[:2]
        return self.code[:3]


def quad_class_of(root: int) -> int:
    """1 = roots 01-05, 2 = 06-08, 3 = 09-13, 4 = 14-20."""
    if not 1 <= root <= 20:
        raise ValueError(f"CAMEO root must be 1..20, got {root}")
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def penta_class_of(root: int) -> int:
    """0 = 01-02, 1 = 03-05, 2 = 06-08, 3 = 09-13 and 16, 4 = 14, 15, 17-20."""
    if not 1 <= root <= 20:
        raise ValueError(f"CAMEO root must be 1..20, got {root}")
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13 or root == 16:
        return 3
    return 4


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, CameoCode]:
    raw = resources.files("dyadwire.ontology").joinpath("data", DATA_FILE).read_text("utf-8")
    return {row["code"]: CameoCode(**row) for row in json.loads(raw)["codes"]}


def codes() -> list[CameoCode]:
    """Every CAMEO code, roots included, in code order."""
    return sorted(_table().values(), key=lambda c: c.code)


def normalize_code(code: object) -> str:
    """'42' is not '042': CAMEO codes are strings; this only strips blanks and checks digits."""
    if not isinstance(code, str):
        raise UnknownCameoCode(code)
    text = code.strip()
    if not (2 <= len(text) <= 4 and text.isdigit()):
        raise UnknownCameoCode(code)
    return text


def lookup(code: str, *, fallback: bool = True) -> CameoCode:
    """The CAMEO record for `code`.

    With `fallback` (the default) a code that CAMEO does not define but whose parent it does
    ("0431", coded by some dictionaries below a leaf) resolves to the nearest defined ancestor, and
    the record returned is the ancestor's (its `.code` says which). Raises `UnknownCameoCode` (a
    KeyError) for anything else.
    """
    text = normalize_code(code)
    table = _table()
    probe = text
    while True:
        if probe in table:
            return table[probe]
        if not fallback or len(probe) <= 2:
            raise UnknownCameoCode(code)
        probe = probe[:3] if len(probe) == 4 else probe[:2]


def exists(code: str) -> bool:
    """True when `code` is itself a CAMEO code (no fallback to a parent)."""
    try:
        lookup(code, fallback=False)
    except UnknownCameoCode:
        return False
    return True


@dataclass(frozen=True)
class CodeInfo:
    """What an event's code says, for any code a dictionary may emit.

    Built-in dictionaries emit CAMEO codes; a user's PETRARCH dictionary may emit codes of its own
    ("345", "174K"). The code is kept as written; the classes come from the nearest CAMEO ancestor,
    else from the root alone when it is a CAMEO root, else they are unknown (None).
    """

    code: str
    root: str
    goldstein: float | None
    quad_class: int | None
    penta_class: int | None
    plover_type: str | None
    plover_mode: str | None


def describe(code: str) -> CodeInfo:
    text = str(code).strip()
    try:
        record = lookup(text)
    except UnknownCameoCode:
        record = None
    if record is not None:
        return CodeInfo(text, record.root, record.goldstein, record.quad_class, record.penta_class,
                        record.plover_type, record.plover_mode)
    root = text[:2]
    if root.isdigit() and 1 <= int(root) <= 20:
        return CodeInfo(text, root, None, quad_class_of(int(root)), penta_class_of(int(root)), None, None)
    return CodeInfo(text, root, None, None, None, None, None)
