"""A story's timeline: dated entries, each with its key events and evidence sentences.

Which dates. Each date of the story gets a support from three counts, each of distinct original
articles (a copy, `duplicates`, counts once):

- the articles that name the date in their text (`dates.mentions`: "on Thursday", "March 17",
  resolved against each article's publication date), `MENTION_WEIGHT` each: the
  timeline-summarisation literature finds a story's key dates this way (a day many reports name
  is one the story remembers);
- the articles published that day, `PUBLISHED_WEIGHT` each (a day the outlets wrote much about);
- the merged events (`merge`) dated to that day, `EVENT_WEIGHT` x the articles reporting each,
  in full when one of its reports gives the date in the text (`explicit` or `relative`) and by
  `ARTICLE_DATE_WEIGHT` when every report only has its article's date.

The `dates` best-supported dates are kept, in date order.

Which sentences. A date's candidates are its events' sentences (support as above), the
sentences that name the date (`MENTION_SENTENCE_WEIGHT` for each article naming it in those
words), and the first `LEAD_SENTENCES` sentences of the original articles published that day or
the day after (`LEAD_WEIGHT` for each article: the news of a day is told in the leads of that
day's and the next day's reports, as news-tls's DATEWISE collects it). Sentences longer than
`MAX_WORDS` words are left out (on news pages they are captions and headlines run together).
The sentences shown are chosen as news-tls's CentroidOpt does, on word sets: the day's centroid
is the candidates' content words, each candidate counted by its support; greedily, the sentence
that brings the chosen ones' summed words closest (cosine) to the centroid is taken, near-repeats
(half their words shared with a sentence already taken) skipped, until `sentences` are taken.
`event_ids` are the events whose sentences were taken; `article_ids` every article reporting an
event of the day, naming it or published on it; `reports` the day's event reports.

The weights were set on Timeline17's Libya (CNN) topic and are reported on the others
(docs/across-reports.md): the dates named in the text carry most of the weight (20 per article
to the events' 0.5 and the day's own articles' 2), the others mostly break ties.

Without a story id the whole database is one story (a corpus already about one topic).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb

from dyadwire.stories.dates import mentions, sentences as split_sentences
from dyadwire.stories.merge import content_words

ARTICLE_DATE_WEIGHT = 0.5
EVENT_WEIGHT = 0.5
MENTION_WEIGHT = 20.0
PUBLISHED_WEIGHT = 2.0
MENTION_SENTENCE_WEIGHT = 1.0
LEAD_SENTENCES = 5
LEAD_WEIGHT = 1.0
MAX_WORDS = 40
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


@dataclass
class _Text:
    """What the story's articles say of each date: the sentences naming it (with the original
    articles naming it in those words), the articles published on it, and their leads."""
    named: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    published: dict = field(default_factory=lambda: defaultdict(set))     # day -> every article
    originals: dict = field(default_factory=lambda: defaultdict(set))     # day -> original articles
    leads: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))


def _text(con, story_id, date_from, date_to, lead_sentences: int) -> _Text:
    clauses, params = ["a.published IS NOT NULL"], []
    if story_id is not None:
        clauses.append("a.id IN (SELECT article_id FROM article_stories WHERE story_id = ?)")
        params.append(story_id)
    out = _Text()

    def inside(day: date) -> bool:
        return not ((date_from and day < date_from) or (date_to and day > date_to))

    for aid, published, text, original in con.execute(
            f"""SELECT a.id, a.published, a.clean_text, coalesce(d.duplicate_of, a.id) FROM articles a
                LEFT JOIN article_duplicates d ON d.article_id = a.id WHERE {' AND '.join(clauses)}
                ORDER BY a.id""", params).fetchall():
        for day, sentence in mentions(text, published):
            if inside(day):
                out.named[day][sentence].add(original)
        if inside(published):
            out.published[published].add(aid)
            out.originals[published].add(original)
        if lead_sentences and original == aid:
            lead = []
            for sentence in split_sentences(text):
                if len(lead) == lead_sentences:
                    break
                lead.append(sentence)
            # the news of a day is in the leads of that day's reports and of the next day's
            for day in (published, published - timedelta(days=1)):
                if inside(day):
                    for sentence in lead:
                        out.leads[day][sentence].add(aid)
    return out


def _support(ev: _Event, article_date_weight: float = ARTICLE_DATE_WEIGHT) -> float:
    return len(ev.articles) * (1.0 if ev.named_date else article_date_weight)


def timeline(con: duckdb.DuckDBPyConnection, story_id: str | None = None, *, dates: int | None = None,
             sentences: int = 3, date_from: date | None = None, date_to: date | None = None,
             article_date_weight: float = ARTICLE_DATE_WEIGHT, mention_weight: float = MENTION_WEIGHT,
             published_weight: float = PUBLISHED_WEIGHT, lead_sentences: int = LEAD_SENTENCES,
             lead_weight: float = LEAD_WEIGHT, max_words: int = MAX_WORDS,
             event_weight: float = EVENT_WEIGHT) -> list[dict]:
    """One entry per date: `date, sentences, event_ids, article_ids, reports` (see the module doc)."""
    by_day: dict[date, list[_Event]] = defaultdict(list)
    for ev in _events(con, story_id, date_from, date_to):
        by_day[ev.day].append(ev)
    text = _text(con, story_id, date_from, date_to, lead_sentences)
    score = defaultdict(float, {d: event_weight * sum(_support(e, article_date_weight) for e in evs)
                                for d, evs in by_day.items()})
    if mention_weight:
        for d, named in text.named.items():
            score[d] += mention_weight * len(set().union(*named.values()))
    if published_weight:
        for d, arts in text.originals.items():
            score[d] += published_weight * len(arts)
    chosen = sorted((d for d in score if score[d] > 0), key=lambda d: (-score[d], d))
    if dates is not None:
        chosen = chosen[:dates]
    out = []
    for day in sorted(chosen):
        evs = by_day.get(day, [])
        # candidates: (support, sentence, event id or None)
        candidates = [(_support(e, article_date_weight), " ".join(e.sentence.split()), e.event_id) for e in evs]
        candidates += [(MENTION_SENTENCE_WEIGHT * len(arts), sentence, None)
                       for sentence, arts in sorted(text.named.get(day, {}).items())]
        candidates += [(lead_weight * len(arts), sentence, None)
                       for sentence, arts in sorted(text.leads.get(day, {}).items())]
        taken = _select(candidates, sentences, max_words)
        articles = {a for e in evs for a in e.reporting}
        articles |= {a for arts in text.named.get(day, {}).values() for a in arts}
        articles |= text.published.get(day, set())
        out.append({
            "date": day.isoformat(),
            "sentences": [candidates[i][1] for i in taken],
            "event_ids": [candidates[i][2] for i in taken if candidates[i][2]],
            "article_ids": sorted(articles),
            "reports": sum(e.reports for e in evs),
        })
    return out


def _select(candidates: list[tuple], k: int, max_words: int = MAX_WORDS) -> list[int]:
    """The indices of the k sentences shown (the module doc: CentroidOpt on word sets)."""
    words = [content_words(c[1]) for c in candidates]
    usable = [i for i, ws in enumerate(words) if ws and len(candidates[i][1].split()) <= max_words]
    centroid: Counter = Counter()
    for i in usable:
        for w in words[i]:
            centroid[w] += candidates[i][0]
    norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    taken: list[int] = []
    summary: Counter = Counter()
    while len(taken) < k:
        best = None
        for i in usable:
            if i in taken or any(_overlap(words[i], words[t]) >= NEAR_REPEAT for t in taken):
                continue
            trial = summary + Counter(words[i])
            cosine = sum(v * centroid[w] for w, v in trial.items()) / (
                math.sqrt(sum(v * v for v in trial.values())) * norm)
            if best is None or cosine > best[0]:  # ties: the first candidate (events, then text)
                best = (cosine, i)
        if best is None:
            break
        taken.append(best[1])
        summary.update(words[best[1]])
    return taken


def _overlap(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else float(a == b)
