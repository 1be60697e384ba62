"""Scoring the coder on the gold sets: PETRARCH unit tests, ConfliBERT sentences, the seeds, and
the real-news gold set (whole articles coded by hand, `news_gold`).

Every set is coded through the same path as `dyadwire code` (one Article per gold sentence), so
the figures describe the product, not a special evaluation mode.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from dyadwire.model import Article

SETS = ("petrarch", "conflibert", "seeds", "news")


def _code(articles: list[Article], nlp, workers: int = 1) -> dict[str, list[dict]]:
    from dyadwire.engine import code_articles  # here: the gold sets load without spaCy

    events: dict[str, list[dict]] = defaultdict(list)
    for coded in code_articles(articles, nlp=nlp, workers=workers):
        events[coded.article.id].extend(e.to_dict() for e in coded.events)
    return events


def run_petrarch(data: Path, workers: int = 1):
    from dyadwire.evaluate import petrarch
    from dyadwire.nlp.pipeline import load

    folder = data / "petrarch-unit-tests"
    records = petrarch.read_records(folder)
    nlp = load(str(folder), replace=True)
    articles = [Article(id=r.id, text=r.text, date=r.date) for r in records]
    coded = _code(articles, nlp, workers)
    produced = {
        rid: [(e["source"]["code"] or "", e["target"]["code"] or "", e["cameo"]) for e in evs]
        for rid, evs in coded.items()
    }
    return petrarch.score(records, produced)


def run_conflibert(data: Path, part: str = "held-back", workers: int = 1):
    from dyadwire.evaluate import conflibert
    from dyadwire.nlp.pipeline import load

    sentences = conflibert.load(data, part)
    articles = [Article(id=f"line-{s.line}", text=s.text) for s in sentences]
    coded = _code(articles, load(), workers)
    predicted = [conflibert.main_event_class(coded.get(f"line-{s.line}", [])) for s in sentences]
    gold = [s.label for s in sentences]
    f1, per_class = conflibert.macro_f1(gold, predicted)
    coverage = sum(p is not None for p in predicted) / len(predicted) if predicted else 0.0
    return {"part": part, "sentences": len(sentences), "macro_f1": f1, "per_class": per_class, "coverage": coverage}


def run_seeds(data: Path):
    from dyadwire.evaluate import seeds
    from dyadwire.ingest import read
    from dyadwire.nlp.pipeline import load

    articles = list(read([str(data / "seeds")], on_reject=lambda r: None))
    return seeds.check(_code(articles, load()))


def run_news(data: Path, part: str = "held-back", workers: int = 1,
             min_confidence: float | None = None) -> dict:
    """The coder on the real-news gold set: `part` "held-back" (the test part, never tuned on),
    "dev" or "all". Scores the events `dyadwire code` prints (at or above `min_confidence`, by
    default the fitted threshold) and, for the precision by confidence, every event. Returns the
    scores and, when a second coding exists, coder agreement."""
    from dyadwire.evaluate import news, news_gold
    from dyadwire.ingest.fields import parse_date
    from dyadwire.nlp.confidence_model import default_min_confidence
    from dyadwire.nlp.pipeline import load

    wanted = {"held-back": {"test"}, "dev": {"dev"}, "all": {"dev", "test"}}[part]
    articles = [a for a in news_gold.load_articles(data) if a["part"] in wanted]
    topics, gold = news_gold.load_coding()
    inputs = [Article(id=a["article_id"], text=a["text"], date=parse_date(a["date"]))
              for a in articles]
    coded = _code(inputs, load(), workers)
    threshold = default_min_confidence() if min_confidence is None else min_confidence
    shown = {aid: [e for e in events if e["confidence"] >= threshold] for aid, events in coded.items()}
    result = {"part": part, "min_confidence": threshold,
              "score": news.score(articles, topics, gold, shown),
              "every_event": news.score(articles, topics, gold, coded)}
    second_topics, second = news_gold.load_coding("second_coding.jsonl")
    if second:
        both = {e["article_id"] for e in second} | set(second_topics)
        result["agreement"] = news.agreement(topics, gold, second, both)
        result["agreement"]["articles"] = len(both)
    return result
