"""Corpus smoke test: every article corpus in ../shared/data loads, with the right counts.

Skipped when ../shared/data is absent. Counts are per input record: articles read plus records
rejected must equal the records in the file; the rejections must all be empty texts.
"""

from __future__ import annotations

import time

import pytest

from dyadwire.ingest import Rejection, read

pytestmark = pytest.mark.corpus


def corpus(*parts: str) -> str:
    from conftest import shared_data

    return str(shared_data(*parts))


def load(pattern: str):
    rejections: list[Rejection] = []
    start = time.perf_counter()
    articles = list(read([pattern], on_reject=rejections.append))
    seconds = time.perf_counter() - start
    print(f"\n{pattern}: {len(articles)} articles, {len(rejections)} rejected, "
          f"{len(articles) / max(seconds, 1e-9):,.0f} articles/s")
    return articles, rejections


def test_wikinews_jsonl():
    articles, rejections = load(corpus("wikinews-politics") + "/*.jsonl")
    # 5,000 records; 639 have an empty text upstream and 177 only bullets ("* *"): all 816 are
    # read as their headline.
    assert len(articles) == 5000 and rejections == []
    assert sum(a.text == a.title for a in articles) == 816
    assert sum(a.date is not None for a in articles) > 4200
    assert all(a.title for a in articles)
    assert len({a.id for a in articles}) == len(articles)


def test_timeline17_jsonl():
    articles, rejections = load(corpus("timeline17") + "/*/articles.jsonl")
    assert len(articles) + len(rejections) == 273 + 398 + 379
    assert len(rejections) == 6 and {r.reason for r in rejections} == {"no text"}
    assert all(a.date is not None for a in articles)


def test_guardian_csv():
    articles, rejections = load(corpus("guardian-syria-sdf", "Guardian_SDF_sample.csv"))
    assert len(articles) == 249 and rejections == []
    assert all(a.source == "Guardian" and a.date is not None for a in articles)
    assert min(a.date for a in articles).isoformat() == "2017-08-06"
    assert max(a.date for a in articles).isoformat() == "2019-04-10"
    assert len({a.id for a in articles}) == 249


def test_seeds_folder():
    articles, rejections = load(corpus("seeds"))
    assert len(articles) == 2 and rejections == []
    undated, dated = articles  # sorted by file name
    assert dated.date is not None and dated.date.isoformat() == "2023-03-03"
    assert not dated.text.lstrip().startswith("date")
    assert undated.date is None
    assert undated.title and undated.text.startswith(undated.title)


def test_sentence_label_tsv_is_not_an_article_table():
    articles, rejections = load(corpus("conflibert-cameo-train", "cameo_class_train.tsv"))
    assert articles == []
    assert len(rejections) == 1 and "no text column" in rejections[0].reason
