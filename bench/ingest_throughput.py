"""`dyadwire ingest` of Wikinews into a fresh DuckDB file, then the same again.

Prints articles/s of the first run and the time of the second, which must add nothing
(idempotency) and is fast because stored articles are skipped before parsing.
"""

import argparse
import tempfile
import time
from pathlib import Path

from _corpus import wikinews_articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=0, help="0 = the whole corpus")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    from dyadwire.engine import ingest
    from dyadwire.store import Store

    articles = wikinews_articles(args.articles or None)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        with Store(db) as store:
            first = ingest(articles, store, workers=args.workers)
            second_started = time.perf_counter()
            second = ingest(articles, store, workers=args.workers)
            second_s = time.perf_counter() - second_started
            counts = store.counts()
    print(f"first run : {first.added} articles, {first.events} events in {first.seconds:.1f} s = {first.rate():.1f} articles/s ({args.workers} processes)")
    print(f"second run: {second.added} added, {second.unchanged} unchanged in {second_s:.1f} s")
    print(f"database  : {counts}")


if __name__ == "__main__":
    main()
