"""`dyadwire code` streams: input is pulled lazily and events come out as articles complete."""

import itertools
from datetime import date

import pytest

from dyadwire.model import Article


@pytest.mark.slow
def test_coding_reads_only_a_bounded_window_ahead_of_its_output(nlp):
    from dyadwire.engine import code_articles

    pulled = 0

    def endless():  # 100,000 articles that could never all fit in the window
        nonlocal pulled
        for i in range(100_000):
            pulled += 1
            yield Article(id=f"a{i}", text=f"Norway condemned Sweden on day {i}.", date=date(2021, 3, 1))

    coded = code_articles(endless(), nlp=nlp, batch_size=8)
    first = list(itertools.islice(coded, 40))
    assert [c.article.id for c in first] == [f"a{i}" for i in range(40)]
    # spaCy works a few batches ahead; what matters is that it never reads the whole stream.
    assert pulled < 200, f"read {pulled} articles to produce 40"
