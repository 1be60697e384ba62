"""The coding engine: worker processes code exactly as one process does, in input order, reading a
bounded window ahead, and one failing article never ends the run."""

import itertools
from datetime import date

import pytest
import spacy
from spacy.language import Language

from dyadwire.engine import code_articles
from dyadwire.engine.coding import CodingError, warm_up
from dyadwire.model import Article

CALLS = {"warm": 0}


@Language.component("test_engine_fail_on_boom")
def _fail_on_boom(doc):
    if "BOOM" in doc.text:
        raise ValueError("boom")
    return doc


@Language.component("test_engine_count_calls")
def _count_calls(doc):
    CALLS["warm"] += 1
    return doc


class _BatchStage:
    """A stage with its own `pipe` that, like spaCy's compiled parser, fails a whole batch when
    one of its Docs is bad and takes no error handler."""

    def __call__(self, doc):
        if "BOOM" in doc.text:
            raise ValueError("boom in the batch stage")
        return doc

    def pipe(self, docs, batch_size=128):
        for batch in spacy.util.minibatch(docs, size=batch_size):
            if any("BOOM" in d.text for d in batch):
                raise ValueError("boom in the batch stage")
            yield from batch


@Language.factory("test_engine_batch_stage")
def _make_batch_stage(nlp, name):
    return _BatchStage()


def _toy_pipeline(*components: str) -> Language:
    from dyadwire.nlp import extensions  # noqa: F401

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for name in components:
        nlp.add_pipe(name)
    return nlp


def _articles(n: int, boom: set[int] = frozenset()) -> list[Article]:
    return [
        Article(id=f"a{i}", text=("BOOM " if i in boom else "") + f"Norway condemned Sweden on day {i}.",
                date=date(2021, 3, 1))
        for i in range(n)
    ]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_batch_a_stage_fails_whole_is_coded_article_by_article(workers):
    nlp = _toy_pipeline("test_engine_batch_stage")
    errors: list[CodingError] = []
    coded = list(code_articles(_articles(6, boom={2}), nlp=nlp, workers=workers, batch_size=4,
                               on_error=errors.append))
    assert [c.article.id for c in coded] == ["a0", "a1", "a3", "a4", "a5"]
    assert [e.article_id for e in errors] == ["a2"]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_article_is_reported_and_the_others_are_coded(workers):
    nlp = _toy_pipeline("test_engine_fail_on_boom")
    errors: list[CodingError] = []
    coded = list(code_articles(_articles(11, boom={3, 8}), nlp=nlp, workers=workers, batch_size=4,
                               on_error=errors.append))
    assert [c.article.id for c in coded] == [f"a{i}" for i in range(11) if i not in (3, 8)]
    assert [e.article_id for e in errors] == ["a3", "a8"]
    assert all("ValueError: boom" in e.reason for e in errors)
    assert coded[0].clean_text == "Norway condemned Sweden on day 0."


def test_workers_read_a_bounded_window_ahead():
    nlp = _toy_pipeline()
    pulled = 0

    def endless():
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield Article(id=f"a{i}", text=f"Norway condemned Sweden on day {i}.", date=None)

    first = list(itertools.islice(code_articles(endless(), nlp=nlp, workers=2, batch_size=4), 20))
    assert [c.article.id for c in first] == [f"a{i}" for i in range(20)]
    # 2 * workers batches in flight, plus the batch being submitted
    assert pulled <= 20 + (2 * 2 + 1) * 4


def test_warm_up_runs_the_pipeline_once_before_workers_fork():
    nlp = _toy_pipeline("test_engine_count_calls")
    CALLS["warm"] = 0
    list(code_articles(_articles(5), nlp=nlp, workers=2, batch_size=2))
    # the 5 articles were parsed in the workers; the parent ran the warm-up text only
    assert CALLS["warm"] == 1
    warm_up(nlp)
    list(code_articles(_articles(3), nlp=nlp, workers=2, batch_size=2))
    assert CALLS["warm"] == 1


@pytest.mark.slow
def test_two_workers_code_exactly_as_one_process(nlp):
    texts = [
        "Israeli Defence Minister Yoav Gallant met the visiting US general in Tel Aviv on Friday.",
        "The Norwegian government condemned the Swedish decision. Oslo recalled its ambassador.",
        "Protesters clashed with police in Nairobi on Tuesday, officials said.",
        "France and Germany signed a trade agreement. They will meet again next week in Berlin.",
        "Nothing happened here at all.",
    ]
    articles = [Article(id=f"t{i}", text=t, date=date(2023, 3, 3)) for i, t in enumerate(texts * 3)]
    one = [(c.article.id, c.clean_text, [e.to_dict() for e in c.events])
           for c in code_articles(articles, nlp=nlp, workers=1, batch_size=2)]
    two = [(c.article.id, c.clean_text, [e.to_dict() for e in c.events])
           for c in code_articles(articles, nlp=nlp, workers=2, batch_size=2)]
    assert one == two
    assert sum(len(events) for _, _, events in one) > 0


@pytest.mark.slow
def test_resolved_actor_mentions_are_kept_with_offsets_in_the_clean_text(nlp):
    from datetime import date

    from dyadwire.engine import code_articles
    from dyadwire.model import Article

    text = "Chancellor Angela Merkel met President Emmanuel Macron in Berlin."
    (coded,) = list(code_articles([Article(id="m1", text=text, date=date(2019, 6, 14))], nlp=nlp))
    names = {coded.clean_text[m["start"]:m["end"]]: m for m in coded.mentions}
    assert any("Merkel" in name for name in names)
    merkel = next(m for name, m in names.items() if "Merkel" in name)
    assert merkel["country"] == "DEU" and merkel["entity_id"]
