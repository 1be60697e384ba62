"""Cost of the across-reports stage (near-duplicate links, merged events, stories) as a store grows.

    head -4900 ../shared/data/wikinews-politics/wikinews_politics_2004_2009.jsonl > /tmp/dw-corpora/wikinews_4900.jsonl
    .venv/bin/dyadwire code /tmp/dw-corpora/wikinews_4900.jsonl --workers 2 --min-confidence 0 \\
        > /tmp/dw-coded/wikinews_4900.jsonl   # every event, as ingest stores them
    .venv/bin/python bench/across_reports.py --articles /tmp/dw-corpora/wikinews_4900.jsonl \\
        --events /tmp/dw-coded/wikinews_4900.jsonl [--steps 1000,2000,4000] [--order shuffled]

(4,900 lines hold 4,110 articles with text; the first 3,700 hold 3,134. The README's figures
also add Timeline17 (`tools/build_report_corpora.py --egypt --out /tmp/dw-corpora`: the Libya
and Egypt files) and the Guardian's January-April 2018 (`--subset --out /tmp/dw-subset`:
its guardian_syria.jsonl) with their coded events (`--min-confidence 0`), `--articles
wikinews_3700.jsonl` and those four files; in date order these long 2011 and 2018 pages
(14 events an article, Wikinews' 6) all fall in the last step, whose cost per article then
tells of their length, not of the store's size: per 1,000 events is the measure there.)

The articles (in publication order, as news arrives, or shuffled with a fixed seed with `--order
shuffled`: every batch then spans every year, and the stories near each article grow with the
store) are written to a fresh DuckDB file with the events `dyadwire code` found in them, in
steps: the first
`--steps` figure, then up to each next one. After each write `stories.link` runs on what is new,
as `dyadwire ingest` runs it (its three parts in turn, each timed); the time per 1,000 new
articles is printed for each step and part, with the last step's over the first's (near-linear:
close to 1). CPU seconds of the process (all
its threads), which a busy shared machine disturbs less than wall time; both are printed. Coding is not timed: it is the same
per article whatever the store holds.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from dyadwire.clean import clean
from dyadwire.model import Article, CodedArticle, Event
from dyadwire.stories import LinkReport, link
from dyadwire.stories.duplicates import link_duplicates
from dyadwire.stories.merge import merge_reports
from dyadwire.stories.threads import thread_stories
from dyadwire.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", nargs="+", required=True, help="the JSON Lines files coded")
    parser.add_argument("--events", nargs="+", required=True, help="dyadwire code output for them")
    parser.add_argument("--steps", default="1000,2000,4000")
    parser.add_argument("--order", choices=("date", "shuffled"), default="date",
                        help="the order articles arrive in: by publication date (as news arrives), or "
                             "shuffled (every batch spans every year: the worst case)")
    args = parser.parse_args()
    events = defaultdict(list)
    for path in args.events:
        for line in open(path, encoding="utf-8"):
            e = json.loads(line)
            events[e["article_id"]].append(Event.from_dict(e))
    articles = []
    for path in args.articles:
        for line in open(path, encoding="utf-8"):
            r = json.loads(line)
            text = r.get("text") or ""
            if not text.strip() or not any(c.isalpha() for c in text):
                continue
            day = date.fromisoformat(r["date"][:10]) if r.get("date") else None
            art = Article(id=str(r["id"]), text=text, date=day, title=r.get("title"), source=r.get("source"),
                          origin=f"{path}:{r['id']}")
            articles.append(CodedArticle(art, clean(text).text, events.get(art.id, [])))
    if args.order == "shuffled":
        random.Random(3).shuffle(articles)
    else:
        articles.sort(key=lambda c: (c.article.date or date.max, c.article.id))
    steps = [int(x) for x in args.steps.split(",")]
    if steps[-1] > len(articles):
        raise SystemExit(f"only {len(articles)} articles with text; lower --steps")
    per_k, parts_k = [], []
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        done = 0
        for step in steps:
            new = articles[done:step]
            for k in range(0, len(new), 500):
                store.write(new[k:k + 500])
            started, cpu = time.perf_counter(), time.process_time()
            parts = []
            for part in (link_duplicates, merge_reports, thread_stories):  # what link() runs, in turn
                before = time.process_time()
                parts.append((part(store.con), time.process_time() - before))
            report = LinkReport(*(r for r, _ in parts))
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            per_k.append(1000 * cpu / len(new))
            parts_k.append([1000 * c / len(new) for _, c in parts])
            n_events = sum(len(c.events) for c in new)
            print(f"{len(new)} new articles ({n_events} events) linked against {done} stored: {seconds:.1f} s "
                  f"wall, {cpu:.1f} s CPU, {per_k[-1]:.2f} CPU s per 1,000 articles "
                  f"({1000 * cpu / max(1, n_events):.2f} per 1,000 events); "
                  f"{report.duplicates.linked} copies linked, "
                  f"{report.merge.joined} reports joined another; per 1,000 articles: duplicates "
                  f"{parts_k[-1][0]:.2f}, merge {parts_k[-1][1]:.2f}, stories {parts_k[-1][2]:.2f} CPU s")
            done = step
        again = time.perf_counter()
        rerun = link(store.con)
        print(f"re-run: {rerun.duplicates.articles} articles signed, {rerun.merge.reports} reports grouped "
              f"({time.perf_counter() - again:.2f} s)")
        merged = store.con.execute("SELECT count(*), sum(reports) FROM merged_events").fetchone()
        print(f"store: {done} articles, {merged[1]} reports in {merged[0]} events")
    print(f"last/first CPU time per 1,000 articles: {per_k[-1] / per_k[0]:.2f} (duplicates "
          f"{parts_k[-1][0] / parts_k[0][0]:.2f}, merge {parts_k[-1][1] / max(parts_k[0][1], 1e-9):.2f}, "
          f"stories {parts_k[-1][2] / parts_k[0][2]:.2f})")


if __name__ == "__main__":
    main()
