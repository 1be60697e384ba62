"""What a record's fields mean, whatever the source called them.

JSON Lines and CSV exports name the same things differently ("text", "body", "full_text";
"date", "published", "pub_date"). This module maps those aliases onto `Article` fields, reads
dates (fast for ISO, dateparser for the rest) and picks the article id, so every record-based
reader agrees on what a record means.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any, Mapping

from dyadwire.ingest.encoding import fix_mojibake
from dyadwire.model import Article, content_id

# Field -> accepted names, in order of preference (lower-case; keys are matched case-insensitively).
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "_id", "doc_id", "article_id", "uuid"),
    "text": ("text", "full_text", "content", "body", "article", "story"),
    "date": ("date", "time", "published", "publish_date", "pub_date", "datetime", "timestamp"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "source": ("source", "outlet", "publisher", "site"),
}


class RecordRejected(ValueError):
    """A record that cannot become an Article; the message is the reason a user sees."""


def canonical_fields(names: list[str]) -> dict[str, int]:
    """Map Article field -> index of the first column/key among `names` that is one of its aliases."""
    lowered = [n.strip().lstrip("\ufeff").lower() for n in names]
    found: dict[str, int] = {}
    for field, aliases in ALIASES.items():
        for alias in aliases:
            if alias in lowered:
                found[field] = lowered.index(alias)
                break
    return found


def pick(record: Mapping[str, Any]) -> dict[str, Any]:
    """The values of a JSON-like record under Article field names (aliases resolved)."""
    out: dict[str, Any] = {}
    lowered: dict[str, Any] | None = None
    for field, aliases in ALIASES.items():
        for alias in aliases:
            value = record.get(alias)
            if value is None:
                if lowered is None:
                    lowered = {str(k).strip().lower(): v for k, v in record.items()}
                value = lowered.get(alias)
            if value is not None and value != "":
                out[field] = value
                break
    return out


_LETTER = re.compile(r"[^\W\d_]")  # a letter of any script: a body without one holds no text


def article_from_fields(fields: Mapping[str, Any], origin: str) -> Article:
    """Build an Article from resolved fields; raise RecordRejected when there is no usable text.

    A record without an id gets the content hash of its text, so re-reading gives the same id.
    """
    text = fields.get("text")
    if isinstance(text, list) and all(isinstance(t, str) for t in text):
        text = "\n".join(text)  # some exports keep paragraphs as a list
    if text is not None and not isinstance(text, str):
        raise RecordRejected(f"text is a {type(text).__name__}, not a string")
    if not _LETTER.search(text or ""):
        # A record whose body was lost (empty, or debris such as "* *") still has its headline,
        # and a headline is the news in one sentence ("X agrees to suspend Y"): code that rather
        # than drop the report.
        text = _clean_str(fields.get("title"))
        if not text:
            raise RecordRejected("no text")
    text = fix_mojibake(text)
    raw_id = fields.get("id")
    art_id = _as_str(raw_id) or content_id(text)
    return Article(
        id=art_id,
        text=text,
        date=parse_date(fields.get("date")),
        title=_clean_str(fields.get("title")),
        url=_as_str(fields.get("url")),
        source=_clean_str(fields.get("source")),
        origin=origin,
    )


def file_stem(path: str) -> str:
    """The id of a single-article file: its name without the extension ("a/b/report.txt" -> "report",
    "a/b/report.txt.gz" -> "report")."""
    name = os.path.basename(path)
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stem, dot, _ = name.rpartition(".")
    return stem if dot and stem else name


def _as_str(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an id column read as a number: "12", not "12.0"
    s = str(value).strip()
    return s or None


def _clean_str(value: Any) -> str | None:
    s = _as_str(value)
    return fix_mojibake(s) if s else None


_ISO = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ]|\s)")
_COMPACT = re.compile(r"\s*(\d{4})(\d{2})(\d{2})\s*$")
_EPOCH = re.compile(r"\s*\d{9,13}(?:\.\d+)?\s*$")
_RFC2822 = re.compile(r"\s*(?:[A-Z][a-z]{2}, )?\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}")


def parse_date(value: Any) -> date | None:
    """The calendar date a value names, or None.

    ISO dates and datetimes (the date as written, no time-zone shift), compact YYYYMMDD, Unix
    epochs (seconds or milliseconds) and RFC 2822 are read directly; other forms ("3 March 2023",
    "March 3, 2023") go to dateparser, which must find a year so "Friday" is never taken for a
    publication date. Unreadable dates give None rather than rejecting the article.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        return None
    return _parse_date_str(value.strip()) if value.strip() else None


@lru_cache(maxsize=8192)
def _parse_date_str(s: str) -> date | None:
    m = _ISO.match(s) or _COMPACT.match(s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if _EPOCH.match(s):
        return _from_epoch(float(s))
    if _RFC2822.match(s):
        try:
            return parsedate_to_datetime(s).date()
        except (TypeError, ValueError):
            pass
    return _dateparser(s)


def _from_epoch(x: float) -> date | None:
    if x > 1e11:  # milliseconds
        x /= 1000.0
    try:
        return datetime.fromtimestamp(x, tz=timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        return None


def _dateparser(s: str) -> date | None:
    if len(s) > 64 or not re.search(r"\d{4}", s):
        return None  # dateparser is slow and too eager on long or yearless strings
    import dateparser  # imported lazily: it takes ~0.5 s and ISO corpora never need it

    try:
        dt = dateparser.parse(
            s,
            languages=["en"],
            settings={"REQUIRE_PARTS": ["year"], "PREFER_DAY_OF_MONTH": "first"},
        )
    except Exception:  # dateparser raises assorted errors on odd input; a date is optional
        return None
    return dt.date() if dt else None
