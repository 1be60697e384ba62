"""Select the articles of the real-news gold set and split them into numbered sentences.

Re-runnable: the same ../shared/data gives the same selection (a fixed seed), the same sentence
offsets and the same dev/test split. Writes

- `src/dyadwire/evaluate/data/news/articles.jsonl` (in the project): one line per article with its corpus, id, date,
  part (dev/test) and the `[start, end)` character offsets of its sentences in the raw text.
  Only Wikinews text (CC BY 2.5) is stored; other corpora are referenced by id and offsets.
- `--batches DIR` (outside the project): the articles with their numbered sentences, for the
  coders who label them by reading (they never see dyadwire's output).

    python tools/select_news_gold.py --shared ../shared --batches /tmp/gold_batches --coders 6
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dyadwire.evaluate.news_gold import sentence_spans  # noqa: E402

SEED = 20261202
# Articles per corpus. Wikinews dominates because its text may ship; the others bring wire and
# newspaper prose (PTB-tokenised for Timeline17) that the coder has never been tuned on.
PLAN = {"wikinews": 110, "guardian": 12, "t17-egypt-cnn": 10, "t17-libya-cnn": 10,
        "t17-libya-reuters": 10}
# Off-topic share: the politics feed holds few; these title words find economy, health, culture
# and sport stories so that "spurious events per off-topic article" can be measured at all.
OFF_TOPIC = re.compile(r"\b(festival|music|film|award|health|bankruptcy|market|economy|economic|"
                       r"company|bank|soccer|football|cricket|olympic|science|flu|weather|"
                       r"budget|tax|stock|museum|art)\b", re.I)
MAX_CHARS = 3000          # whole articles, but short enough that a coder reads each closely
MIN_CHARS = 200


def wikinews_url(title: str) -> str:
    """The article's page on English Wikinews (attribution for CC BY 2.5)."""
    from urllib.parse import quote

    return "https://en.wikinews.org/wiki/" + quote(html.unescape(title).replace(" ", "_"))


def part_of(article_id: str) -> str:
    """dev or test, by a hash of the article id (so the split never depends on the selection)."""
    digest = hashlib.sha1(article_id.encode()).digest()
    return "test" if digest[0] % 2 else "dev"


def load(shared: Path) -> dict[str, list[dict]]:
    data = shared / "data"
    corpora: dict[str, list[dict]] = {}
    rows = [json.loads(line) for line in
            (data / "wikinews-politics/wikinews_politics_2004_2009.jsonl").open()]
    corpora["wikinews"] = [{"id": f"wikinews:{r['id']}", "date": r["date"], "title": r["title"],
                            "text": r["text"] or ""} for r in rows if r.get("date")]
    with (data / "guardian-syria-sdf/Guardian_SDF_sample.csv").open(newline="") as fh:
        corpora["guardian"] = [{"id": f"guardian:{r['']}", "date": r["date"], "title": None,
                                "text": r["text"]} for r in csv.DictReader(fh)]
    for name, folder in (("t17-egypt-cnn", "EgyptianProtest_cnn"), ("t17-libya-cnn", "LibyaWar_cnn"),
                         ("t17-libya-reuters", "LibyaWar_reuters")):
        path = data / "timeline17" / folder / "articles.jsonl"
        corpora[name] = [{"id": f"{name}:{r['id']}", "date": r["time"], "title": None,
                          "text": r["text"]} for r in map(json.loads, path.open())]
    return corpora


def select(corpora: dict[str, list[dict]]) -> list[dict]:
    rng = random.Random(SEED)
    chosen = []
    for corpus, want in PLAN.items():
        pool = [a for a in corpora[corpus] if MIN_CHARS <= len(a["text"]) <= MAX_CHARS]
        pool.sort(key=lambda a: a["id"])
        if corpus == "wikinews":
            off = [a for a in pool if OFF_TOPIC.search(a["title"] or "")]
            picked = rng.sample(off, 20)
            rest = [a for a in pool if a not in picked]
            picked += rng.sample(rest, want - len(picked))
        else:
            picked = rng.sample(pool, want)
        for a in picked:
            chosen.append(dict(a, corpus=corpus))
    chosen.sort(key=lambda a: a["id"])
    return chosen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "src/dyadwire/evaluate/data/news/articles.jsonl")
    ap.add_argument("--batches", type=Path, help="write coder batches (with text) here")
    ap.add_argument("--coders", type=int, default=6)
    args = ap.parse_args()
    articles = select(load(args.shared))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w") as fh:
        for a in articles:
            spans = sentence_spans(a["text"])
            record = {"article_id": a["id"], "corpus": a["corpus"], "date": a["date"],
                      "part": part_of(a["id"]), "sentences": spans,
                      "sha1": hashlib.sha1(a["text"].encode()).hexdigest()}
            if a["corpus"] == "wikinews":
                record["title"] = a["title"]
                record["url"] = wikinews_url(a["title"])
                record["licence"] = "CC BY 2.5, Wikinews contributors"
                record["text"] = a["text"]
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            a["spans"] = spans
    n_sent = sum(len(a["spans"]) for a in articles)
    print(f"{len(articles)} articles, {n_sent} sentences -> {args.out}")
    if args.batches:
        args.batches.mkdir(parents=True, exist_ok=True)
        order = sorted(articles, key=lambda a: hashlib.sha1(a["id"].encode()).hexdigest())
        for k in range(args.coders):
            batch = order[k::args.coders]
            with (args.batches / f"batch_{k + 1}.txt").open("w") as fh:
                for a in batch:
                    fh.write(f"=== ARTICLE {a['id']}  date {a['date']}\n")
                    if a.get("title"):
                        fh.write(f"(headline) {a['title']}\n")
                    for i, (s, e) in enumerate(a["spans"]):
                        fh.write(f"[{i}] {a['text'][s:e]}\n")
                    fh.write("\n")
            print(f"batch {k + 1}: {len(batch)} articles, "
                  f"{sum(len(a['spans']) for a in batch)} sentences")


if __name__ == "__main__":
    main()
