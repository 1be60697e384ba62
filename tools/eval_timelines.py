"""Timeline17: date F1 and alignment ROUGE of `dyadwire timeline` against the human timelines.

    python tools/build_report_corpora.py --egypt --out /tmp/dw-corpora
    .venv/bin/dyadwire code /tmp/dw-corpora/libya_cnn.jsonl /tmp/dw-corpora/libya_reuters.jsonl \\
        /tmp/dw-corpora/egypt_cnn.jsonl --workers 2 --min-confidence 0 > /tmp/dw-coded/t17.jsonl
    .venv/bin/python tools/eval_timelines.py --coded /tmp/dw-coded/t17.jsonl [--published-weight 2] [...]

For each topic (Libya from CNN, Libya from Reuters, Egypt from CNN) the topic's articles and the
events `dyadwire code` found in them are written to a fresh store and linked (copies, merged
events) as an ingest does; then, for each reference timeline, `dyadwire timeline` of the whole
store (the corpus is about one topic) is asked for the reference's number of dates and its mean
number of sentences per date (rounded, at least one), over the reference's first to last date,
as news-tls gives the systems it compares (`--whole-span`: over every date of the collection; a
reference that covers every day of its span, as Egypt's does, scores date F1 1.0 for any dates
chosen inside it). Scores: `dyadwire.stories.tls_eval` (date F1 exact
day; alignment ROUGE-1 and -2 F1, many-to-one with date and content costs). Tune on one topic
(`--topics`), report all.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path

from dyadwire.clean import clean
from dyadwire.model import Article, CodedArticle, Event
from dyadwire.stories import link
from dyadwire.stories.timelines import (ARTICLE_DATE_WEIGHT, LEAD_SENTENCES, MAX_WORDS, MENTION_WEIGHT,
                                        PUBLISHED_WEIGHT, timeline)
from dyadwire.stories.tls_eval import alignment_rouge, date_f1
from dyadwire.store import Store

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "timeline17"
TOPICS = {"LibyaWar_cnn": "libya_cnn", "LibyaWar_reuters": "libya_reuters", "EgyptianProtest_cnn": "egypt_cnn"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--coded", nargs="+", required=True, help="dyadwire code output for the topics' files")
    parser.add_argument("--corpora", type=Path, default=Path("/tmp/dw-corpora"),
                        help="where tools/build_report_corpora.py wrote the topics' files")
    parser.add_argument("--topics", nargs="*", default=list(TOPICS))
    parser.add_argument("--article-date-weight", type=float, default=ARTICLE_DATE_WEIGHT)
    parser.add_argument("--mention-weight", type=float, default=MENTION_WEIGHT)
    parser.add_argument("--published-weight", type=float, default=PUBLISHED_WEIGHT)
    parser.add_argument("--lead-sentences", type=int, default=LEAD_SENTENCES)
    parser.add_argument("--max-words", type=int, default=MAX_WORDS)
    parser.add_argument("--whole-span", action="store_true",
                        help="choose dates over the whole collection, not only the reference's first to last date")
    args = parser.parse_args()
    events = defaultdict(list)
    for path in args.coded:
        for line in open(path, encoding="utf-8"):
            e = json.loads(line)
            events[e["article_id"]].append(Event.from_dict(e))
    totals = defaultdict(list)
    for topic in args.topics:
        coded = []
        missing = 0
        for line in open(args.corpora / f"{TOPICS[topic]}.jsonl", encoding="utf-8"):
            r = json.loads(line)
            if not r["text"].strip():
                continue
            if r["id"] not in events:
                missing += 1
            art = Article(id=r["id"], text=r["text"], date=date.fromisoformat(r["date"][:10]), source=r.get("source"),
                          origin=r["id"])
            coded.append(CodedArticle(art, clean(r["text"]).text, events.get(r["id"], [])))
        references = [json.loads(line) for line in open(DATA / topic / "timelines.jsonl", encoding="utf-8")]
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "t.duckdb") as store:
            store.write(coded)
            link(store.con)
            for k, ref in enumerate(references):
                reference = {date.fromisoformat(d[:10]): sents for d, sents in ref}
                n_sentences = max(1, round(sum(len(s) for s in reference.values()) / len(reference)))
                rows = timeline(store.con, dates=len(reference), sentences=n_sentences,
                                date_from=None if args.whole_span else min(reference),
                                date_to=None if args.whole_span else max(reference),
                                article_date_weight=args.article_date_weight,
                                mention_weight=args.mention_weight, published_weight=args.published_weight,
                                lead_sentences=args.lead_sentences, max_words=args.max_words)
                predicted = {date.fromisoformat(r["date"]): r["sentences"] for r in rows}
                scores = (date_f1(predicted, reference), alignment_rouge(predicted, reference, 1),
                          alignment_rouge(predicted, reference, 2))
                for name, value in zip(("date F1", "AR-1", "AR-2"), scores):
                    totals[name].append(value)
                print(f"{topic} timeline {k}: {len(reference)} dates, {n_sentences} sentences a date, "
                      f"{len(coded)} articles ({missing} without events in the coded files): "
                      f"date F1 {scores[0]:.3f}, AR-1 {scores[1]:.3f}, AR-2 {scores[2]:.3f}")
    print("mean over the timelines: " + ", ".join(f"{k} {sum(v) / len(v):.3f}" for k, v in totals.items()))


if __name__ == "__main__":
    main()
