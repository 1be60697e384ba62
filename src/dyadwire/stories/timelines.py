"""A story's timeline: dated entries, each with its key events and evidence sentences.

Dates come from the merged events (`merge`) of the story's articles: an event dated to the day
supports its date with the number of distinct original articles that report it (copies count
once), counted in full when one of its reports gives the date in the text (`explicit` or
`relative`) and by `ARTICLE_DATE_WEIGHT` when every report only has its article's date (news
of the day is reported on the day; a date the text names is what the story remembers). The
`dates` best-supported dates are kept, in date order. For each, the sentences of its events are
ranked by support, then by how central each is among the day's sentences (the words it shares
with the others); near-repeats (half their words shared with a sentence already taken) are
skipped, and the first `sentences` kept.

Without a story id the whole database is one story (a corpus already about one topic).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import duckdb

from dyadwire.stories.merge import content_words

ARTICLE_DATE_WEIGHT = 0.5
NEAR_REPEAT = 0.5


@dataclass
class _Event:
    merged_id: str
    day: date
    sentence: str = ""
    event_id: str = ""
    articles: set = field(default_factory=set)      # original articles
    reporting: set = field(default_factory=set)     # every article that reports it
    reports: int = 0
    named_date: bool = False


def _events(con: duckdb.DuckDBPyConnection, story_id: str | None, date_from: date | None,
            date_to: date | None) -> list[_Event]:
    clauses, params = ["e.date IS NOT NULL", "e.date_precision = 'day'"], []
    if story_id is not None:
        clauses.append("e.article_id IN (SELECT article_id FROM article_stories WHERE story_id = ?)")
        params.append(story_id)
    if date_from:
        clauses.append("e.date >= ?")
        params.append(date_from)
    if date_to:
        clauses.append("e.date <= ?")
        params.append(date_to)
    rows = con.execute(
        f"""SELECT coalesce(r.merged_id, e.event_id), e.event_id, e.article_id,
                   coalesce(d.duplicate_of, e.article_id), e.sentence, e.date, e.date_basis,
                   e.confidence, m.event_id
            FROM events e LEFT JOIN event_reports r ON r.event_id = e.event_id
            LEFT JOIN merged_events m ON m.merged_id = r.merged_id
            LEFT JOIN article_duplicates d ON d.article_id = e.article_id
            WHERE {' AND '.join(clauses)}
            ORDER BY e.event_id""", params).fetchall()
    merged: dict[str, _Event] = {}
    shown: dict[str, tuple] = {}
    for mid, eid, aid, original, sentence, day, basis, confidence, representative in rows:
        ev = merged.setdefault(mid, _Event(mid, day))
        ev.articles.add(original)
        ev.reporting.add(aid)
        ev.reports += 1
        ev.named_date |= basis in ("explicit", "relative")
        # the report shown: the merged event's representative, else the most confident
        rank = (eid != representative, -(confidence or 0.0), eid)
        if mid not in shown or rank < shown[mid][0]:
            shown[mid] = (rank, eid, sentence, day)
    for mid, ev in merged.items():
        _, ev.event_id, ev.sentence, ev.day = shown[mid]
    return list(merged.values())


def _support(ev: _Event, article_date_weight: float = ARTICLE_DATE_WEIGHT) -> float:
    return len(ev.articles) * (1.0 if ev.named_date else article_date_weight)


def timeline(con: duckdb.DuckDBPyConnection, story_id: str | None = None, *, dates: int | None = None,
             sentences: int = 3, date_from: date | None = None, date_to: date | None = None,
             article_date_weight: float = ARTICLE_DATE_WEIGHT) -> list[dict]:
    """One entry per date: `date, sentences, event_ids, article_ids, reports` (see the module doc)."""
    by_day: dict[date, list[_Event]] = defaultdict(list)
    for ev in _events(con, story_id, date_from, date_to):
        by_day[ev.day].append(ev)
    score = {d: sum(_support(e, article_date_weight) for e in evs) for d, evs in by_day.items()}
    chosen = sorted(score, key=lambda d: (-score[d], d))
    if dates is not None:
        chosen = chosen[:dates]
    out = []
    for day in sorted(chosen):
        evs = by_day[day]
        words = {e.merged_id: content_words(e.sentence) for e in evs}
        central = {e.merged_id: sum(len(words[e.merged_id] & words[o.merged_id]) for o in evs if o is not e)
                   for e in evs}
        ranked = sorted(evs, key=lambda e: (-_support(e, article_date_weight), -central[e.merged_id], e.event_id))
        taken: list[_Event] = []
        for e in ranked:
            if len(taken) == sentences:
                break
            w = words[e.merged_id]
            if any(_overlap(w, words[t.merged_id]) >= NEAR_REPEAT for t in taken):
                continue
            taken.append(e)
        out.append({
            "date": day.isoformat(),
            "sentences": [" ".join(e.sentence.split()) for e in taken],
            "event_ids": [e.event_id for e in taken],
            "article_ids": sorted({a for e in evs for a in e.reporting}),
            "reports": sum(e.reports for e in evs),
        })
    return out


def _overlap(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else float(a == b)
