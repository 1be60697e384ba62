"""A story's timeline: dated entries, each with its key events and evidence sentences.

A date's support has two parts. The dates the story's articles name (`dates.mentions`: "on
Thursday", "March 17", resolved against each article's publication date): `MENTION_WEIGHT` for
each distinct original article naming it (copies count once), as the timeline-summarisation
literature finds a story's key dates. And the merged events (`merge`) dated to that day: each
counts the distinct original articles that report it, in full when one of its reports gives the
date in the text (`explicit` or `relative`) and by `ARTICLE_DATE_WEIGHT` when every report only
has its article's date. The `dates` best-supported dates are kept, in date order. For each, the
candidate sentences are its events' sentences (support as above) and the sentences that name
the date (`MENTION_SENTENCE_WEIGHT` for each article naming it in those words), ranked by
support, then by how central each is among the day's candidates (the words it shares with the
others); near-repeats (half their words shared with a sentence already taken) are skipped, and
the first `sentences` kept. `event_ids` are the events whose sentences were taken; `article_ids`
every article reporting an event of the day or naming it; `reports` the day's event reports.

The weights were set on Timeline17's Libya (CNN) topic and are reported on the others
(docs/across-reports.md): the dates named in the text carry most of the weight (20 to the
events' 1 per article).

Without a story id the whole database is one story (a corpus already about one topic).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import duckdb

from dyadwire.stories.merge import content_words

ARTICLE_DATE_WEIGHT = 0.5
MENTION_WEIGHT = 20.0
MENTION_SENTENCE_WEIGHT = 1.0
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


def _mentions(con, story_id, date_from, date_to) -> dict[date, dict[str, set]]:
    """For each date the story's articles name: {sentence: the original articles naming it}."""
    from dyadwire.stories.dates import mentions

    clauses, params = ["a.published IS NOT NULL"], []
    if story_id is not None:
        clauses.append("a.id IN (SELECT article_id FROM article_stories WHERE story_id = ?)")
        params.append(story_id)
    out: dict[date, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for aid, published, text, original in con.execute(
            f"""SELECT a.id, a.published, a.clean_text, coalesce(d.duplicate_of, a.id) FROM articles a
                LEFT JOIN article_duplicates d ON d.article_id = a.id WHERE {' AND '.join(clauses)}
                ORDER BY a.id""", params).fetchall():
        for day, sentence in mentions(text, published):
            if (date_from and day < date_from) or (date_to and day > date_to):
                continue
            out[day][sentence].add(original)
    return out


def _support(ev: _Event, article_date_weight: float = ARTICLE_DATE_WEIGHT) -> float:
    return len(ev.articles) * (1.0 if ev.named_date else article_date_weight)


def timeline(con: duckdb.DuckDBPyConnection, story_id: str | None = None, *, dates: int | None = None,
             sentences: int = 3, date_from: date | None = None, date_to: date | None = None,
             article_date_weight: float = ARTICLE_DATE_WEIGHT,
             mention_weight: float = MENTION_WEIGHT) -> list[dict]:
    """One entry per date: `date, sentences, event_ids, article_ids, reports` (see the module doc)."""
    by_day: dict[date, list[_Event]] = defaultdict(list)
    for ev in _events(con, story_id, date_from, date_to):
        by_day[ev.day].append(ev)
    score = defaultdict(float, {d: sum(_support(e, article_date_weight) for e in evs) for d, evs in by_day.items()})
    named = _mentions(con, story_id, date_from, date_to) if mention_weight else {}
    for d, sentences_ in named.items():
        score[d] += mention_weight * len(set().union(*sentences_.values()))
    chosen = sorted(score, key=lambda d: (-score[d], d))
    if dates is not None:
        chosen = chosen[:dates]
    out = []
    for day in sorted(chosen):
        evs = by_day.get(day, [])
        # candidates: (support, sentence, event id or None); a sentence that names the date
        # counts the articles naming it in those words
        candidates = [(_support(e, article_date_weight), " ".join(e.sentence.split()), e.event_id) for e in evs]
        candidates += [(MENTION_SENTENCE_WEIGHT * len(arts), sentence, None)
                       for sentence, arts in sorted(named.get(day, {}).items())]
        words = [content_words(c[1]) for c in candidates]
        central = [sum(len(w & o) for j, o in enumerate(words) if j != i) for i, w in enumerate(words)]
        order = sorted(range(len(candidates)), key=lambda i: (-candidates[i][0], -central[i], candidates[i][1]))
        taken: list[int] = []
        for i in order:
            if len(taken) == sentences:
                break
            if any(_overlap(words[i], words[t]) >= NEAR_REPEAT for t in taken):
                continue
            taken.append(i)
        articles = {a for e in evs for a in e.reporting}
        articles |= {a for arts in named.get(day, {}).values() for a in arts}
        out.append({
            "date": day.isoformat(),
            "sentences": [candidates[i][1] for i in taken],
            "event_ids": [candidates[i][2] for i in taken if candidates[i][2]],
            "article_ids": sorted(articles),
            "reports": sum(e.reports for e in evs),
        })
    return out


def _overlap(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else float(a == b)
