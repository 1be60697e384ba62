"""What each pipeline component costs: CPU seconds per component on one process, same articles.

Every component runs over all the articles before the next one starts (batched with `pipe` where
the component has one), timed with the process's CPU clock, which other load on a shared machine
disturbs less than the wall clock. Prints seconds and shares; the spaCy part (tokenizer to ner)
is what a parse costs (with dyadwire's memoised attribute ruler and lemmatizer, see
`nlp/rule_stages.py`; a bare parse runs spaCy's own, ~3 s more per 400 articles), the rest is
dyadwire's. Component by component, the verb matches the event coder keeps per Doc are gone when
the classifier asks for them, so the classifier's share here is larger than in a real run.

    .venv/bin/python bench/component_costs.py --articles 400
"""

import argparse
import time

from _corpus import wikinews_articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    from dyadwire.clean import clean
    from dyadwire.nlp.finish import events_from_doc
    from dyadwire.nlp import extensions  # noqa: F401
    from dyadwire.nlp.pipeline import load

    articles = wikinews_articles(args.articles)
    started = time.process_time()
    nlp = load()
    load_s = time.process_time() - started

    costs: dict[str, float] = {}
    started = time.process_time()
    cleaned = [clean(a.text) for a in articles]
    costs["clean"] = time.process_time() - started
    started = time.process_time()
    docs = []
    for article, text in zip(articles, cleaned):
        doc = nlp.make_doc(text.text)
        doc._.dw_article_date = article.date.isoformat() if article.date else None
        docs.append(doc)
    costs["tokenizer"] = time.process_time() - started
    for name, proc in nlp.pipeline:
        started = time.process_time()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=args.batch_size))
        else:
            docs = [proc(doc) for doc in docs]
        costs[name] = time.process_time() - started
    started = time.process_time()
    n_events = sum(len(events_from_doc(d, a, c)) for d, a, c in zip(docs, articles, cleaned))
    costs["events_from_doc"] = time.process_time() - started

    words = sum(len(c.text.split()) for c in cleaned)
    total = sum(costs.values())
    spacy_names = {"tokenizer", *nlp.pipe_names} - {n for n in nlp.pipe_names if n.startswith("dyadwire_")}
    spacy_s = sum(v for k, v in costs.items() if k in spacy_names)
    print(f"{len(articles)} Wikinews articles, {words} words, {n_events} events; pipeline load {load_s:.1f} s CPU")
    for name, seconds in costs.items():
        print(f"  {name:20s} {seconds:7.2f} s  {100 * seconds / total:5.1f}%")
    print(f"  {'spaCy part':20s} {spacy_s:7.2f} s   (tokenizer, tok2vec ... ner)")
    print(f"  {'all':20s} {total:7.2f} s   one-process CPU ratio spaCy/all: {spacy_s / total:.2f}")


if __name__ == "__main__":
    main()
