"""The real-news gold set and its scorer: files well formed, other people's text never shipped,
and the scoring rules on small hand-made codings."""

from __future__ import annotations

import hashlib

import pytest

from dyadwire.evaluate import news, news_gold


def _shipped_articles() -> list[dict]:
    return news_gold._gold_lines("articles.jsonl")


def test_the_set_is_large_enough_and_split_by_article():
    articles = _shipped_articles()
    assert len(articles) >= 150 and sum(len(a["sentences"]) for a in articles) >= 1000
    assert {a["part"] for a in articles} == {"dev", "test"}
    assert len({a["article_id"] for a in articles}) == len(articles)


def test_only_wikinews_text_ships_and_it_is_attributed():
    for a in _shipped_articles():
        if a["corpus"] == "wikinews":
            assert hashlib.sha1(a["text"].encode()).hexdigest() == a["sha1"]
            assert a["url"].startswith("https://en.wikinews.org/wiki/") and "CC BY 2.5" in a["licence"]
        else:
            assert "text" not in a and "title" not in a
    for name in ("coding.jsonl", "second_coding.jsonl"):
        by_id = {a["article_id"]: a for a in _shipped_articles()}
        for row in news_gold._gold_lines(name):
            if by_id[row["article_id"]]["corpus"] != "wikinews":
                assert "note" not in row
                for side in ("source", "target"):
                    assert "text" not in (row.get(side) or {})


def test_every_event_points_at_a_sentence_of_its_article():
    articles = {a["article_id"]: a for a in _shipped_articles()}
    topics, events = news_gold.load_coding()
    assert set(topics) == set(articles)
    for e in events:
        assert 0 <= e["sentence"] < len(articles[e["article_id"]]["sentences"])
        assert e["root"] == e["cameo"][:2] and e["root"].isdigit()


def test_sentence_spans_cover_the_text_without_crossing_lines():
    text = "Gen. Ali met Mr. Brown in the U.S. capital. They agreed.\n\"We will talk!\" he said."
    spans = news_gold.sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Gen. Ali met Mr. Brown in the U.S. capital.", "They agreed.", "\"We will talk!\" he said."]


def _ev(sentence, src, tgt, root, **extra):
    return {"article_id": "a", "sentence": sentence, "root": root, "cameo": root + "0",
            "cameo_root": root, "source": {"country": src[0], "sector": src[1]},
            "target": {"country": tgt[0], "sector": tgt[1]} if tgt else None,
            "raw_span": [0, 10] if sentence == 0 else [20, 30], "modality": "asserted", **extra}


def test_score_matches_per_sentence_at_two_levels():
    article = {"article_id": "a", "sentences": [[0, 15], [15, 35]]}
    gold = [_ev(0, ("USA", "GOV"), ("ISR", None), "04"), _ev(1, ("EGY", "COP"), ("EGY", "OPP"), "17")]
    coded = [_ev(0, ("USA", "GOV"), ("ISR", None), "04"),        # right
             _ev(1, ("EGY", None), ("EGY", "OPP"), "17"),         # right by country only
             _ev(1, ("EGY", "COP"), ("EGY", "OPP"), "14")]        # wrong root: spurious
    s = news.score([article], {"a": "politics"}, gold, {"a": coded}).summary()
    assert (s["precision"], s["recall"]) == (pytest.approx(1 / 3), 0.5)
    assert (s["country_precision"], s["country_recall"]) == (pytest.approx(2 / 3), 1.0)
    assert s["spurious_per_article"] == 1.0


def test_kappa_and_agreement():
    assert news.kappa(["a", "b", "a", "none"], ["a", "b", "a", "none"]) == 1.0
    assert news.kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0.0
    first = [_ev(0, ("USA", "GOV"), ("ISR", None), "04")]
    second = [_ev(0, ("USA", None), ("ISR", None), "04")]
    agreed = news.agreement({}, first, second, {"a"})
    assert agreed["kappa_root"] == 1.0 and agreed["f1_strict"] == 0.0 and agreed["f1_country"] == 1.0


def test_dates_are_right_within_the_gold_precision():
    assert news.date_right({"date": "2011-02-01", "date_precision": "month"}, {"date": "2011-02-11"})
    assert not news.date_right({"date": "2011-02-01", "date_precision": "day"}, {"date": "2011-02-11"})
    assert news.date_right({"date": "2011-02-14", "date_precision": "day"},
                           {"date": "2011-02-14", "date_precision": "week"})


@pytest.mark.slow
@pytest.mark.corpus
def test_eval_news_codes_the_set_through_dyadwire_code(tmp_path):
    from conftest import SHARED_DATA, shared_data

    shared_data("guardian-syria-sdf")
    from dyadwire.evaluate import run_news

    result = run_news(SHARED_DATA, "dev", workers=1)
    summary = result["score"].summary()
    assert summary["articles"] > 60 and summary["gold_events"] > 400
    assert 0 <= summary["precision"] <= 1 and summary["coded_events"] > 0
    assert result["agreement"]["articles"] >= 15
