"""dyadwire coding throughput as a ratio of a bare spaCy md parse of the same articles.

Both sides run in this one process tree, on the same articles, with the same number of worker
processes and no-BLIS ops, one after the other and then again in reverse order, so that drift on
a shared machine hits both alike. Prints words/s for each and the ratio (issue 3's target: >= 0.8).
"""

import argparse
import time

from _corpus import wikinews_articles


def bare_parse(texts, workers):
    from dyadwire.nlp.pipeline import load_base

    nlp = load_base()
    started = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=workers, batch_size=16):
        pass
    return time.perf_counter() - started


def dyadwire_coding(articles, workers):
    from dyadwire.engine import code_articles
    from dyadwire.engine.coding import warm_up
    from dyadwire.nlp.pipeline import load

    # Loading is outside the timer, as for the bare parse: both time the work alone.
    nlp = load()
    warm_up(nlp)
    started = time.perf_counter()
    n_events = sum(len(c.events) for c in code_articles(articles, nlp=nlp, workers=workers))
    return time.perf_counter() - started, n_events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    articles = [a for a in wikinews_articles(args.articles)]
    from dyadwire.clean import clean

    texts = [clean(a.text).text for a in articles]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(articles)} Wikinews articles, {words} words, {args.workers} processes")

    parse_1 = bare_parse(texts, args.workers)
    code_1, n_events = dyadwire_coding(articles, args.workers)
    code_2, _ = dyadwire_coding(articles, args.workers)
    parse_2 = bare_parse(texts, args.workers)
    parse_s, code_s = (parse_1 + parse_2) / 2, (code_1 + code_2) / 2
    print(f"bare spaCy md parse : {words / parse_s:8.0f} words/s  ({parse_1:.1f} s, {parse_2:.1f} s)")
    print(f"dyadwire coding     : {words / code_s:8.0f} words/s  ({code_1:.1f} s, {code_2:.1f} s), {n_events} events")
    print(f"ratio coding/parse  : {parse_s / code_s:.2f}  (target >= 0.8)")


if __name__ == "__main__":
    main()
