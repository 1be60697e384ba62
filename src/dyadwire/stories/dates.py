"""Dates an article's text names ("on Thursday", "March 17", "yesterday"), resolved against its
publication date: what the timeline-summarisation literature counts to find a story's key dates
(a date many articles name is one the story remembers).

Resolution: a weekday is the latest such day on or before the publication date ("on Friday" in
news is past, or today), unless a future word comes just before it ("will meet on Monday", "next
Monday"): then the first such day on or after it; "yesterday" and "today" are relative
to it; a month and day without a
year is that day in the publication year, or the year before when that would lie more than a
week after publication. Each sentence that names a date is kept with it, as evidence.

Not a mention: a date followed by a clock time ("April 4, 2011 at 7:03 pm"), which on news pages
is the stamp of a reader's comment or of an update, not a day the story speaks of (the CNN pages
of Timeline17 carry hundreds of such stamps under some articles).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}

_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_PATTERN = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})(?:\s+(?P<y2>\d{{4}}))?"
    r"|(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?P<rel>yesterday|today))\b",
    re.IGNORECASE)
# a clock time right after a date: a comment's or an update's stamp
_STAMP = re.compile(r"\s*(?:,\s*)?(?:at\s+)?\d{1,2}\s*:\s*\d{2}", re.IGNORECASE)
# a future word at most five words before a weekday ("will meet on Monday", "next Monday"): the
# weekday is the coming one. Only this close: "will" anywhere in the sentence was measured worse
# (docs/across-reports.md), as a sentence often tells of a past day and a coming one.
_FUTURE = re.compile(r"\b(?:will|\w+'ll|scheduled|next)\b(?:\W+\w+){0,5}\W+$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])|\n+")


def sentences(text: str) -> Iterator[str]:
    for s in _SENTENCE_END.split(text or ""):
        s = " ".join(s.split())
        if s:
            yield s


def resolve(match: re.Match, published: date, future: bool = False) -> date | None:
    g = {k: (v.lower() if v else v) for k, v in match.groupdict().items()}
    if g["wd"]:
        if future:
            # today included: "will meet on Tuesday" written on a Tuesday is that day
            return published + timedelta(days=(WEEKDAYS[g["wd"]] - published.weekday()) % 7)
        back = (published.weekday() - WEEKDAYS[g["wd"]]) % 7
        return published - timedelta(days=back)
    if g["rel"]:
        return published - timedelta(days=1 if g["rel"] == "yesterday" else 0)
    month = MONTHS.get((g["m1"] or g["m2"] or "").rstrip("."))
    day = int(g["d1"] or g["d2"])
    year = g["y1"] or g["y2"]
    if not month or not 1 <= day <= 31:
        return None
    try:
        if year:
            return date(int(year), month, day)
        guess = date(published.year, month, day)
        return guess if guess <= published + timedelta(days=7) else date(published.year - 1, month, day)
    except ValueError:
        return None


def mentions(text: str, published: date | None) -> Iterator[tuple[date, str]]:
    """(date named, the sentence naming it) for every date mention in the text."""
    if published is None:
        return
    for sentence in sentences(text):
        for match in _PATTERN.finditer(sentence):
            # "may" the verb: a month only when a day number follows or precedes
            if not match.group("wd") and not match.group("rel") and _STAMP.match(sentence, match.end()):
                continue
            future = bool(match.group("wd")) and bool(_FUTURE.search(sentence, 0, match.start()))
            day = resolve(match, published, future)
            if day is not None:
                yield day, sentence
