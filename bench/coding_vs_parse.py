"""dyadwire coding throughput as a ratio of a bare spaCy md parse of the same articles.

Both sides run in this one process tree, on the same articles, with the same number of worker
processes and no-BLIS ops. The machine is shared and its speed drifts within a minute, so the two
sides are timed in alternating order over several rounds (parse then code, code then parse, ...)
and each round gives its own ratio; the median of the rounds is the figure (issue 3's target was
>= 0.8; issue 9 set the floor at 0.5 once a sentence model runs). The bare parse is the stock md
pipeline (`load_base`); dyadwire's pipeline replaces its attribute ruler and lemmatizer by memoised ones with identical output (`nlp/rule_stages.py`).
"""

import argparse
import statistics
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
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    articles = [a for a in wikinews_articles(args.articles)]
    from dyadwire.clean import clean

    texts = [clean(a.text).text for a in articles]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(articles)} Wikinews articles, {words} words, {args.workers} processes, {args.rounds} rounds")

    ratios, parse_times, code_times = [], [], []
    n_events = 0
    for round_ in range(args.rounds):
        if round_ % 2 == 0:
            parse_s = bare_parse(texts, args.workers)
            code_s, n_events = dyadwire_coding(articles, args.workers)
        else:
            code_s, n_events = dyadwire_coding(articles, args.workers)
            parse_s = bare_parse(texts, args.workers)
        parse_times.append(parse_s)
        code_times.append(code_s)
        ratios.append(parse_s / code_s)
        print(f"round {round_ + 1}: parse {parse_s:5.1f} s, coding {code_s:5.1f} s, ratio {parse_s / code_s:.2f}")
    parse_s, code_s = statistics.median(parse_times), statistics.median(code_times)
    print(f"bare spaCy md parse : {words / parse_s:8.0f} words/s  (median of {args.rounds})")
    print(f"dyadwire coding     : {words / code_s:8.0f} words/s  (median of {args.rounds}), {n_events} events")
    print(f"ratio coding/parse  : {statistics.median(ratios):.2f}  median of rounds "
          f"{', '.join(f'{r:.2f}' for r in ratios)}  (floor >= 0.5, issue 9: being right is worth more than speed)")


if __name__ == "__main__":
    main()
