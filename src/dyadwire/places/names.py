"""How a place name is turned into a gazetteer key; shared by the build script and the lookup."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = "'’‘`ʼ"
_SEPARATORS = re.compile(r"[\s\-‐‑–—_/,]+")
_LEADING_ARTICLE = re.compile(r"^the\s+")


def place_key(name: str) -> str:
    """'U.S.' -> 'us', 'the West Bank' -> 'west bank', 'São Paulo' -> 'sao paulo'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower()
    for ch in _APOSTROPHES:
        text = text.replace(ch, "")
    text = text.replace(".", "")
    text = _SEPARATORS.sub(" ", text).strip()
    return _LEADING_ARTICLE.sub("", text)


def is_plain_key(key: str) -> bool:
    """Keys in Latin letters, digits and spaces only: the names an English text can contain."""
    return bool(key) and all("a" <= ch <= "z" or ch == " " or ch.isdigit() for ch in key)
