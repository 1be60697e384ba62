"""How mentions and dictionary phrases are normalised before they are compared.

One function is used on both sides (at build time on dictionary phrases, at run time on
mentions), so "U.S.", "US" and "u.s" meet, and "Ban Ki-moon" meets "BAN_KI-MOON".
"""

from __future__ import annotations

import re
import unicodedata

_APOS = re.compile(r"[’'`´]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
# leading words that never change who is meant
_DETERMINERS = ("the", "a", "an")


def normalise(text: str) -> str:
    """Lower-case, accents off, dots and apostrophes dropped, other punctuation -> space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("_", " ")
    text = re.sub(r"(?<=\w)['’]s\b", "", text)  # possessive: "Israel's" -> "israel"
    text = _APOS.sub("", text)
    text = text.replace(".", "")
    text = _NON_WORD.sub(" ", text)
    return " ".join(text.split())


def strip_determiner(norm: str) -> str:
    words = norm.split(" ")
    while len(words) > 1 and words[0] in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


def slug(text: str) -> str:
    return normalise(text).replace(" ", "-")
