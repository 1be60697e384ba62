"""The Wikinews corpus the benchmarks read, from ../shared/data."""

import itertools
import sys
from pathlib import Path

WIKINEWS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wikinews-politics"


def wikinews_articles(limit: int | None = None):
    from dyadwire.ingest import read

    if not WIKINEWS.exists():
        sys.exit(f"{WIKINEWS} is absent: the benchmarks need ../shared/data beside the repo")
    articles = read([str(WIKINEWS)], on_reject=lambda r: None)
    return list(itertools.islice(articles, limit)) if limit else list(articles)
