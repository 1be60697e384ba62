"""Scoring `dyadwire code` on the real-news gold set (`news_gold`): the coder's events against
the events careful coders listed, sentence by sentence, over whole articles.

An event matches a gold event of the same sentence when their keys agree:
- strict: (source country, source sector, target country, target sector, CAMEO root);
- country: (source country, target country, root), as the GDELT audit and the issue count.
Each event matches at most one. Precision is over the coder's events, recall over the gold ones;
an event of the coder that matches nothing at country level is spurious.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

THRESHOLDS = (0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5)


def _side(actor: dict | None, level: str) -> tuple:
    actor = actor or {}
    country = actor.get("country") or None
    if level == "country":
        return (country,)
    return (country, actor.get("sector") or None)


def key(event: dict, level: str) -> tuple:
    root = event.get("root") or event.get("cameo_root") or (event.get("cameo") or "")[:2]
    return (*_side(event.get("source"), level), *_side(event.get("target"), level), root)


def dyad(event: dict) -> tuple:
    return key(event, "country")[:-1]


def sentence_of(raw_span: list[int], sentences: list[list[int]]) -> int | None:
    """The gold sentence a coded event's evidence overlaps most."""
    best, most = None, 0
    for i, (s, e) in enumerate(sentences):
        overlap = min(e, raw_span[1]) - max(s, raw_span[0])
        if overlap > most:
            best, most = i, overlap
    return best


def match(gold: list[dict], coded: list[dict], keyer) -> list[tuple[int, int]]:
    """Pairs (gold index, coded index) with equal keys, each used once, in order."""
    free: dict[tuple, list[int]] = defaultdict(list)
    for gi, g in enumerate(gold):
        free[keyer(g)].append(gi)
    pairs = []
    for ci, c in enumerate(coded):
        slots = free.get(keyer(c))
        if slots:
            pairs.append((slots.pop(0), ci))
    return pairs


def _as_day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def date_right(gold: dict, coded: dict) -> bool:
    """The coded date lies in the gold date's period (its precision)."""
    g, c = _as_day(gold.get("date")), _as_day(coded.get("date"))
    if g is None or c is None:
        return g is None and c is None
    precision = gold.get("date_precision") or "day"
    if precision == "year":
        return g.year == c.year
    if precision == "month":
        return (g.year, g.month) == (c.year, c.month)
    if precision == "week":
        return abs((g - c).days) <= 6
    if coded.get("date_precision") == "range" and coded.get("date_end"):
        return c <= g <= _as_day(coded["date_end"])
    return g == c or (coded.get("date_precision") == "week" and c <= g <= c + timedelta(days=6))


@dataclass
class NewsScore:
    articles: int = 0
    off_topic: int = 0
    gold: int = 0
    coded: int = 0
    strict: int = 0
    country: int = 0
    spurious: int = 0
    spurious_off_topic: int = 0
    dyad_matched: int = 0
    dyad_root_right: int = 0
    dates_right: int = 0
    modality_right: int = 0
    by_threshold: dict = field(default_factory=lambda: {t: [0, 0] for t in THRESHOLDS})
    gold_roots: Counter = field(default_factory=Counter)
    found_roots: Counter = field(default_factory=Counter)
    coded_roots: Counter = field(default_factory=Counter)
    right_roots: Counter = field(default_factory=Counter)
    gold_kinds: Counter = field(default_factory=Counter)
    found_kinds: Counter = field(default_factory=Counter)

    def ratio(self, a: int, b: int) -> float:
        return a / b if b else 0.0

    def summary(self) -> dict:
        p, r = self.ratio(self.strict, self.coded), self.ratio(self.strict, self.gold)
        return {
            "articles": self.articles, "gold_events": self.gold, "coded_events": self.coded,
            "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "country_precision": self.ratio(self.country, self.coded),
            "country_recall": self.ratio(self.country, self.gold),
            "root_accuracy_on_dyad": self.ratio(self.dyad_root_right, self.dyad_matched),
            "spurious_per_article": self.ratio(self.spurious, self.articles),
            "spurious_per_off_topic_article": self.ratio(self.spurious_off_topic, self.off_topic),
            "off_topic_articles": self.off_topic,
            "date_accuracy": self.ratio(self.dates_right, self.strict),
            "modality_accuracy": self.ratio(self.modality_right, self.strict),
            "precision_above": {t: self.ratio(*v) for t, v in self.by_threshold.items()},
            "events_above": {t: v[1] for t, v in self.by_threshold.items()},
        }


def score(articles: list[dict], topics: dict[str, str], gold: list[dict],
          coded: dict[str, list[dict]]) -> NewsScore:
    """`articles` from `news_gold.load_articles` (the part scored), `gold` the coding's events,
    `coded` the coder's event JSON by article id."""
    out = NewsScore()
    gold_by = defaultdict(list)
    for g in gold:
        gold_by[(g["article_id"], g["sentence"])].append(g)
    for art in articles:
        aid = art["article_id"]
        out.articles += 1
        off = topics.get(aid) == "off-topic"
        out.off_topic += off
        coded_by = defaultdict(list)
        for c in coded.get(aid, []):
            coded_by[sentence_of(c["raw_span"], art["sentences"])].append(c)
        sentences = set(coded_by) | {i for (a, i) in gold_by if a == aid}
        for i in sentences:
            _score_sentence(out, gold_by.get((aid, i), []), coded_by.get(i, []), off)
    return out


def _score_sentence(out: NewsScore, g: list[dict], c: list[dict], off_topic: bool) -> None:
    out.gold += len(g)
    out.coded += len(c)
    strict = match(g, c, lambda e: key(e, "strict"))
    country = match(g, c, lambda e: key(e, "country"))
    out.strict += len(strict)
    out.country += len(country)
    spurious = len(c) - len(country)
    out.spurious += spurious
    out.spurious_off_topic += spurious if off_topic else 0
    for gi, ci in match(g, c, dyad):
        out.dyad_matched += 1
        out.dyad_root_right += key(g[gi], "country")[-1] == key(c[ci], "country")[-1]
    right = {ci for _, ci in strict}
    for gi, ci in strict:
        out.dates_right += date_right(g[gi], c[ci])
        out.modality_right += (g[gi].get("modality") or "asserted") == c[ci].get("modality")
    for ci, e in enumerate(c):
        out.coded_roots[e["cameo_root"]] += 1
        out.right_roots[e["cameo_root"]] += ci in right
        for t in THRESHOLDS:
            if (e.get("confidence") or 0) >= t:
                out.by_threshold[t][0] += ci in right
                out.by_threshold[t][1] += 1
    found = {gi for gi, _ in strict}
    for gi, e in enumerate(g):
        kind = ((e.get("source") or {}).get("sector") or "none")
        out.gold_roots[e["root"]] += 1
        out.found_roots[e["root"]] += gi in found
        out.gold_kinds[kind] += 1
        out.found_kinds[kind] += gi in found


def agreement(topics_a, events_a: list[dict], events_b: list[dict], article_ids: set[str]) -> dict:
    """Agreement of two codings on the same articles: Cohen's kappa on each sentence's set of
    roots ("none" when it has no event), and event F1 at strict and country level."""
    def labels(events):
        by = defaultdict(set)
        for e in events:
            if e["article_id"] in article_ids:
                by[(e["article_id"], e["sentence"])].add(e["root"])
        return by

    la, lb = labels(events_a), labels(events_b)
    units = sorted(set(la) | set(lb))
    return {"sentences_with_an_event": len(units),
            "kappa_root": kappa([_label(la, u) for u in units], [_label(lb, u) for u in units]),
            **{f"f1_{level}": _event_f1(events_a, events_b, article_ids, level)
               for level in ("strict", "country")}}


def _label(by: dict, unit) -> str:
    return "+".join(sorted(by.get(unit, ()))) or "none"


def kappa(a: list[str], b: list[str]) -> float:
    n = len(a)
    if not n:
        return 0.0
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def _event_f1(events_a, events_b, article_ids, level) -> float:
    by_a, by_b = defaultdict(list), defaultdict(list)
    for e in events_a:
        if e["article_id"] in article_ids:
            by_a[(e["article_id"], e["sentence"])].append(e)
    for e in events_b:
        if e["article_id"] in article_ids:
            by_b[(e["article_id"], e["sentence"])].append(e)
    matched = sum(len(match(by_a[u], by_b.get(u, []), lambda e: key(e, level))) for u in by_a)
    na, nb = sum(map(len, by_a.values())), sum(map(len, by_b.values()))
    return 2 * matched / (na + nb) if na + nb else 0.0
