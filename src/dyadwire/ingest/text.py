"""Plain-text articles: one file, one article, with an optional header.

The header carries what a plain file cannot otherwise say: `date YYYY-MM-DD` (or `date: ...`),
`title: ...` and `url: ...` lines at the top. Scraped files also put the date in front of the
first sentence on the same line (" date 2023-03-03 The chairman ..."); that prefix is metadata,
not text. Without a title header, a short first line with no closing punctuation followed by
more text is the headline: it becomes the title and stays in the text, since headlines report
events too.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator

from dyadwire.ingest.encoding import decode, read_bytes
from dyadwire.ingest.fields import RecordRejected, file_stem, parse_date
from dyadwire.model import Article

_DATE_LINE = re.compile(
    r"[ \t]*date[ \t]*:?[ \t]*(\d{4}-\d{1,2}-\d{1,2})(?:[ \t]*$|[ \t]+(\S.*)$)", re.IGNORECASE
)
_HEADER_LINE = re.compile(r"[ \t]*(date|title|url)[ \t]*:[ \t]*(.*?)[ \t]*$", re.IGNORECASE)

# A headline is short, starts like a sentence and does not end like one.
_HEADLINE_MAX_CHARS = 200
_HEADLINE_MAX_WORDS = 30
_SENTENCE_END = tuple(".!?;:,\"'”’…)")


def parse_txt(text: str, *, origin: str, article_id: str) -> Article:
    """Split a plain-text article into header fields and body; raise RecordRejected if empty."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    meta: dict[str, object] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        m = _DATE_LINE.match(line)
        if m and "date" not in meta:
            meta["date"] = parse_date(m[1])
            if m[2]:  # the date prefixes the first line of text
                lines[i] = m[2]
                break
            i += 1
            continue
        m = _HEADER_LINE.match(line)
        if m and m[1].lower() not in meta:
            key = m[1].lower()
            meta[key] = parse_date(m[2]) if key == "date" else (m[2] or None)
            i += 1
            continue
        break
    body = "\n".join(lines[i:]).strip()
    if not body:
        raise RecordRejected("no text")
    title = meta.get("title") or _headline(body)
    return Article(
        id=article_id,
        text=body,
        date=meta.get("date"),  # type: ignore[arg-type]
        title=title,  # type: ignore[arg-type]
        url=meta.get("url"),  # type: ignore[arg-type]
        origin=origin,
    )


def _headline(body: str) -> str | None:
    first, _, rest = body.partition("\n")
    first = first.strip()
    if not rest.strip() or not first:
        return None
    if len(first) > _HEADLINE_MAX_CHARS or len(first.split()) > _HEADLINE_MAX_WORDS:
        return None
    if first.endswith(_SENTENCE_END) or not (first[0].isupper() or first[0].isdigit()):
        return None
    return first


def read_txt(path: str, reject: Callable[[str, str], None]) -> Iterator[Article]:
    """Read one .txt file as one article whose id is the file stem."""
    text = decode(read_bytes(path))
    try:
        yield parse_txt(text, origin=path, article_id=file_stem(path))
    except RecordRejected as err:
        reject(path, str(err))
