"""Stories: articles grouped into the developing stories they belong to, incrementally.

An article joins the story it is most like, when it is like it enough (`JOIN_AT`); otherwise it
starts a story. Likeness of an article to a story is a mix of shared entities (the actors the
article's mentions resolve to: countries, organisations, people) and shared words (the content
words of its title and first paragraphs), each a cosine against the story's recent articles (those
within `RECENT_DAYS` of the story's last article), times a time decay: exp(-gap / `DECAY_DAYS`),
the gap being the days between the article and the story's span (0 inside it). Only stories that
had an article within `RECENT_DAYS` of the new one are considered.

Incremental: a new batch is taken in date and id order and joins the stories already stored;
no article already placed moves, so re-running an ingest changes no story. A copy of an article
(`duplicates`) joins its original's story.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb

from dyadwire.model import content_id
from dyadwire.stories.merge import STOP_WORDS

ENTITY_WEIGHT = 0.6
JOIN_AT = 0.25
RECENT_DAYS = 30
DECAY_DAYS = 14.0
LEAD_CHARS = 1500
_WORD = re.compile(r"[a-z]{3,}")


def lead_words(title: str | None, text: str | None) -> Counter:
    words = _WORD.findall(((title or "") + " " + (text or "")[:LEAD_CHARS]).lower())
    return Counter(w for w in words if w not in STOP_WORDS)


@dataclass
class ArticleProfile:
    article_id: str
    day: date | None
    entities: Counter
    words: Counter

    def __post_init__(self) -> None:
        # squared norms, computed once and not for every story the article is compared with
        self.entities_sumsq = sum(v * v for v in self.entities.values())
        self.words_sumsq = sum(v * v for v in self.words.values())


class _Bag:
    """A running count of features with its squared norm, for cosines against it."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.sumsq = 0

    def add(self, features: Counter, sign: int = 1) -> None:
        for k, v in features.items():
            old = self.counts[k]
            new = old + sign * v
            self.sumsq += new * new - old * old
            if new:
                self.counts[k] = new
            else:
                del self.counts[k]

    def cosine(self, features: Counter, sumsq: int | None = None) -> float:
        """Cosine with `features` (`sumsq`: their squared norm, when known)."""
        if not features or not self.sumsq:
            return 0.0
        # only the features both hold add to the dot product (the intersection is taken in C);
        # counts are integers, so the sum is exact whatever its order
        counts = self.counts
        dot = sum(features[k] * counts[k] for k in features.keys() & counts.keys())
        if not dot:
            return 0.0
        if sumsq is None:
            sumsq = sum(v * v for v in features.values())
        return dot / math.sqrt(self.sumsq * sumsq)


@dataclass
class Story:
    """A story and its recent articles (those within `RECENT_DAYS` of its last one), whose
    features are kept summed for the cosines."""

    story_id: str
    members: list[ArticleProfile] = field(default_factory=list)
    first_day: date | None = None
    last_day: date | None = None

    def __post_init__(self) -> None:
        self.entities, self.words = _Bag(), _Bag()
        self._recent: list[ArticleProfile] = []
        members, self.members = self.members, []
        for m in members:
            self.add(m)

    def add(self, a: ArticleProfile) -> None:
        self.members.append(a)
        if a.day is not None:
            self.first_day = min(self.first_day or a.day, a.day)
            self.last_day = max(self.last_day or a.day, a.day)
        self._recent.append(a)
        self.entities.add(a.entities)
        self.words.add(a.words)
        if self.last_day is not None:
            keep = []
            for m in self._recent:
                if m.day is not None and (self.last_day - m.day).days > RECENT_DAYS:
                    self.entities.add(m.entities, -1)
                    self.words.add(m.words, -1)
                else:
                    keep.append(m)
            self._recent = keep

    def gap(self, day: date | None) -> int:
        """Days between `day` and the story's span (0 inside it)."""
        if day is None or self.first_day is None:
            return 0
        if day < self.first_day:
            return (self.first_day - day).days
        return max(0, (day - self.last_day).days)


def likeness(article: ArticleProfile, story: Story) -> float:
    """How much an article is like a story (the module doc), time decay included."""
    words_alike = story.words.cosine(article.words, article.words_sumsq)
    if article.entities and story.entities.sumsq:
        score = (ENTITY_WEIGHT * story.entities.cosine(article.entities, article.entities_sumsq)
                 + (1 - ENTITY_WEIGHT) * words_alike)
    else:  # nothing resolved to an actor: the words alone
        score = words_alike
    return score * decay(article, story)


def decay(article: ArticleProfile, story: Story) -> float:
    """The time decay of likeness; also its upper bound, the cosines being at most 1."""
    return math.exp(-story.gap(article.day) / DECAY_DAYS)


class _Window:
    """The stories an article may join: those within `RECENT_DAYS` of its day (`Story.gap`).

    Articles come in date order, so a story enters the window when the day reaches its first day
    minus `RECENT_DAYS` and leaves it for good once the day is past its last day plus
    `RECENT_DAYS`, unless an article joins it later (a copy follows its original whatever the
    gap): `touch` puts it back. The work per article is then the stories near it, not every
    story of the batch (which made placing a batch grow with the square of its size)."""

    def __init__(self, stories: list[Story]) -> None:
        self.all: dict[str, Story] = {}
        self.active: dict[str, Story] = {}
        self.undated: dict[str, Story] = {}   # no dated article: gap 0 to any day
        self.waiting: list[tuple[date, str]] = []
        for s in stories:
            self.all[s.story_id] = s
            if s.first_day is None:
                self.undated[s.story_id] = s
            else:
                heapq.heappush(self.waiting, (s.first_day - timedelta(days=RECENT_DAYS), s.story_id))

    def touch(self, s: Story) -> None:
        """A story created, or one an article just joined."""
        self.all[s.story_id] = s
        if s.first_day is None:
            self.undated[s.story_id] = s
        else:
            self.undated.pop(s.story_id, None)
            self.active[s.story_id] = s

    def near(self, day: date | None) -> list[Story]:
        if day is None:
            return list(self.all.values())
        while self.waiting and self.waiting[0][0] <= day:
            sid = heapq.heappop(self.waiting)[1]
            self.active[sid] = self.all[sid]
        out = list(self.undated.values())
        for sid, s in list(self.active.items()):
            if (day - s.last_day).days > RECENT_DAYS:
                del self.active[sid]  # later articles are later still
            elif s.gap(day) <= RECENT_DAYS:
                out.append(s)
        return out


def assign(articles: list[ArticleProfile], stories: list[Story], copies: dict[str, str] | None = None,
           members: dict[str, str] | None = None) -> tuple[dict[str, str], list[Story]]:
    """Place each article (in date and id order) in a story; returns {article_id: story_id} and
    the stories touched. `members`: {article_id: story_id} of every member of `stories` (by
    default, the members they hold), for a copy to find its original's story."""
    copies = copies or {}
    placed: dict[str, str] = {}
    window = _Window(stories)
    where = dict(members) if members is not None else {m.article_id: s.story_id for s in stories for m in s.members}
    touched: dict[str, Story] = {}
    for a in sorted(articles, key=lambda a: (a.day or date.max, a.article_id)):
        chosen = None
        original = copies.get(a.article_id)
        if original in where:
            chosen = window.all[where[original]]
        else:
            best: tuple[float, str] | None = None
            for s in window.near(a.day):
                # a story whose decay alone is below the bar (JOIN_AT, or the best likeness so
                # far) cannot pass it: the cosines are at most 1. Skipping it changes nothing
                # (the margin covers rounding) and spares most comparisons of a dense window.
                bar, bound = max(JOIN_AT, best[0] if best else 0.0), decay(a, s) * (1 + 1e-9)
                if bound < bar:
                    continue
                score = likeness(a, s)
                if score >= JOIN_AT and (best is None or (-score, s.story_id) < (-best[0], best[1])):
                    best = (score, s.story_id)
            if best:
                chosen = window.all[best[1]]
        if chosen is None:
            chosen = Story(content_id("story", a.article_id))
        chosen.add(a)
        window.touch(chosen)
        where[a.article_id] = chosen.story_id
        placed[a.article_id] = chosen.story_id
        touched[chosen.story_id] = chosen
    return placed, list(touched.values())


def _profiles(con, where: str, params: list) -> list[ArticleProfile]:
    rows = con.execute(f"SELECT a.id, a.published, a.title, a.clean_text FROM articles a {where}", params).fetchall()
    ids = [r[0] for r in rows]
    entities: dict[str, Counter] = defaultdict(Counter)
    if ids:
        for aid, entity, n in con.execute(
                "SELECT article_id, entity_id, count(*) FROM mentions WHERE article_id IN (SELECT unnest($1)) "
                "AND entity_id IS NOT NULL GROUP BY ALL", [ids]).fetchall():
            entities[aid][entity] = n
    return [ArticleProfile(aid, day, entities[aid], lead_words(title, text)) for aid, day, title, text in rows]


@dataclass
class StoryReport:
    articles: int = 0   # articles placed in this call
    stories: int = 0    # stories created or changed


def thread_stories(con: duckdb.DuckDBPyConnection) -> StoryReport:
    """Place every stored article not yet in a story; refresh the stories touched. One
    transaction; idempotent."""
    report = StoryReport()
    pending = _profiles(con, "ANTI JOIN article_stories s ON s.article_id = a.id", [])
    gone = [r[0] for r in con.execute("SELECT s.article_id FROM article_stories s ANTI JOIN articles a ON a.id = s.article_id").fetchall()]
    if not pending and not gone:
        return report
    days = [p.day for p in pending if p.day]
    stories: dict[str, Story] = {}
    story_of: dict[str, str] = {}
    if days:
        lo, hi = min(days) - timedelta(days=RECENT_DAYS), max(days) + timedelta(days=RECENT_DAYS)
        near = """SELECT s2.story_id FROM article_stories s2 JOIN articles a2 ON a2.id = s2.article_id
                  WHERE a2.published BETWEEN ? AND ? OR a2.published IS NULL"""
        story_of = dict(con.execute(f"""SELECT s.article_id, s.story_id FROM article_stories s
                                         JOIN articles a ON a.id = s.article_id WHERE s.story_id IN ({near})""",
                                    [lo, hi]).fetchall())
        # Only a story's recent articles (within RECENT_DAYS of its last one) enter its likeness,
        # and its span is two numbers: a long story's older articles are not read again at each
        # ingest, so the work stays with the new batch, not with the stories' whole history.
        spans = {sid: (first, last) for sid, first, last in con.execute(
            f"""SELECT s.story_id, min(a.published), max(a.published) FROM article_stories s
                JOIN articles a ON a.id = s.article_id WHERE s.story_id IN ({near}) GROUP BY s.story_id""",
            [lo, hi]).fetchall()}
        recent = con.execute(
            f"""SELECT s.article_id FROM article_stories s JOIN articles a ON a.id = s.article_id
                JOIN (SELECT s.story_id, max(a.published) AS last FROM article_stories s
                      JOIN articles a ON a.id = s.article_id WHERE s.story_id IN ({near})
                      GROUP BY s.story_id) l ON l.story_id = s.story_id
                WHERE a.published IS NULL OR a.published >= l.last - INTERVAL {RECENT_DAYS} DAY""",
            [lo, hi]).fetchall()
        if recent:
            for p in sorted(_profiles(con, "WHERE a.id IN (SELECT unnest($1))", [[r[0] for r in recent]]),
                            key=lambda p: (p.day or date.max, p.article_id)):
                stories.setdefault(story_of[p.article_id], Story(story_of[p.article_id])).add(p)
        for sid, story in stories.items():
            if spans[sid][0] is not None:
                story.first_day = spans[sid][0]
    copies = dict(con.execute("SELECT article_id, duplicate_of FROM article_duplicates").fetchall()) if pending else {}
    placed, touched = assign(pending, sorted(stories.values(), key=lambda s: s.story_id), copies, story_of)
    touched_ids = sorted({s.story_id for s in touched} | {
        r[0] for r in con.execute("SELECT DISTINCT story_id FROM article_stories WHERE article_id IN (SELECT unnest($1))",
                                  [gone]).fetchall()})
    con.execute("BEGIN TRANSACTION")
    try:
        if gone:
            con.execute("DELETE FROM article_stories WHERE article_id IN (SELECT unnest($1))", [gone])
        if placed:
            con.execute("INSERT INTO article_stories SELECT unnest($1), unnest($2)", [list(placed), list(placed.values())])
        refresh_stories(con, touched_ids)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    report.articles, report.stories = len(placed), len(touched_ids)
    return report


def refresh_stories(con: duckdb.DuckDBPyConnection, story_ids: list[str]) -> None:
    """Recompute the summary row of these stories: dates, counts, top actors and a label (the
    title of its most connected article: the one sharing most words with the others)."""
    if not story_ids:
        return
    con.execute("DELETE FROM stories WHERE story_id IN (SELECT unnest($1))", [story_ids])
    rows = con.execute(
        """SELECT s.story_id, min(a.published), max(a.published), count(*),
                  (SELECT count(*) FROM events e JOIN article_stories s2 ON s2.article_id = e.article_id
                   WHERE s2.story_id = s.story_id)
           FROM article_stories s JOIN articles a ON a.id = s.article_id
           WHERE s.story_id IN (SELECT unnest($1)) GROUP BY s.story_id""", [story_ids]).fetchall()
    actors: dict[str, list[str]] = defaultdict(list)
    for sid, code, _n in con.execute(
            """SELECT s.story_id, c.code, count(*) AS n FROM article_stories s JOIN (
                 SELECT article_id, source_code AS code FROM events WHERE source_code IS NOT NULL
                 UNION ALL SELECT article_id, target_code FROM events WHERE target_code IS NOT NULL) c
               ON c.article_id = s.article_id WHERE s.story_id IN (SELECT unnest($1))
               GROUP BY ALL ORDER BY s.story_id, n DESC, c.code""", [story_ids]).fetchall():
        if len(actors[sid]) < 5:
            actors[sid].append(code)
    labels = {}
    members: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for sid, aid, title, text in con.execute(
            """SELECT s.story_id, a.id, a.title, a.clean_text FROM article_stories s JOIN articles a ON a.id = s.article_id
               WHERE s.story_id IN (SELECT unnest($1)) ORDER BY a.published, a.id""", [story_ids]).fetchall():
        members[sid].append((aid, (title or "").strip() or _first_line(text)))
    for sid, items in members.items():
        bags = [lead_words(t, None) for _, t in items]
        total = Counter()
        for b in bags:
            total.update(set(b))
        best = max(range(len(items)), key=lambda i: (sum(total[w] - 1 for w in set(bags[i])), -i))
        labels[sid] = items[best][1][:120]
    out = [(sid, labels.get(sid, ""), first, last, n, n_events, actors.get(sid, []))
           for sid, first, last, n, n_events in rows]
    if out:
        con.execute("INSERT INTO stories SELECT unnest($1), unnest($2), unnest($3), unnest($4), unnest($5), "
                    "unnest($6), unnest($7)", [list(c) for c in zip(*out)])


def _first_line(text: str | None) -> str:
    for line in (text or "").splitlines():
        if line.strip():
            return line.strip()
    return ""
