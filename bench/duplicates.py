"""Near-duplicate articles: precision and recall of the `duplicate_of` link, and its cost.

    .venv/bin/python bench/duplicates.py [--originals 100] [--cost 1000,2000,4000]

1. Built pairs. From each of Wikinews, the Guardian Syria sample and Timeline17 Libya (CNN and
   Reuters) `--originals` articles are drawn (fixed seed; at least 150 words and 4 paragraphs,
   where a text without line breaks is cut into paragraphs of three sentences; no two of them
   near-duplicates of each other by their exact shingle sets). Each gets six variants: an exact
   copy (raw text with different spacing, so the store keeps both), a new headline, one
   paragraph dropped, the second half dropped, the paragraphs after the first reordered, and a
   rewritten lead (the first paragraph's sentences in reverse order and every third word
   dropped, so none of its shingles survives). Originals and variants (dated a day later) go
   into a fresh store in one run; a variant's link is right when it names its own original.
   Recall per kind of variant; precision over every link made (a link between two originals,
   or to another original, is wrong).
2. Real pairs, Timeline17 Libya, CNN and Reuters (all articles with text). No human list of
   copies exists, so the reference is the same rule applied to exact shingle sets (what MinHash
   estimates): this measures the sketch and the LSH, not the rule. Cross-outlet pairs are
   counted apart.
3. Cost: Wikinews articles are written to a fresh store and linked in steps (the first
   `--cost` figure, then up to each next one); each step's linking time per 1,000 new articles is
   printed, with the last step's over the first's (near-linear: close to 1).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from dyadwire.clean import clean
from dyadwire.model import Article, CodedArticle
from dyadwire.stories.duplicates import CONTAINMENT, JACCARD, MIN_JACCARD, MIN_SHINGLES, link_duplicates, shingles
from dyadwire.store import Store

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
KINDS = ("exact copy", "new headline", "one paragraph dropped", "second half dropped",
         "paragraphs reordered", "rewritten lead")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def corpus(name: str) -> list[dict]:
    if name == "wikinews":
        path = DATA / "wikinews-politics" / "wikinews_politics_2004_2009.jsonl"
        return [{"id": f"wikinews-{r['id']}", "date": r.get("date"), "text": r.get("text") or "",
                 "title": r.get("title")} for r in map(json.loads, open(path, encoding="utf-8"))]
    if name == "guardian":
        csv.field_size_limit(sys.maxsize)
        with open(DATA / "guardian-syria-sdf" / "Guardian_SDF_sample.csv", encoding="utf-8", newline="") as f:
            return [{"id": f"guardian-{r['']}", "date": r["date"], "text": r["text"]} for r in csv.DictReader(f)]
    out = []
    for outlet in ("cnn", "reuters"):
        path = DATA / "timeline17" / f"LibyaWar_{outlet}" / "articles.jsonl"
        for r in map(json.loads, open(path, encoding="utf-8")):
            out.append({"id": f"t17-libya-{outlet}-{r['id']}", "date": r.get("time"), "text": r.get("text") or "",
                        "outlet": outlet})
    return out


def paragraphs(text: str) -> list[str]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) >= 4:
        return lines
    sentences = [s for s in _SENTENCE.split(text.strip()) if s]
    return [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]


def variants(text: str, rng: random.Random) -> dict[str, str]:
    ps = paragraphs(text)
    rest = ps[1:]
    reordered = rest[:]
    while len(reordered) > 1 and reordered == rest:
        rng.shuffle(reordered)
    drop = rng.randrange(1, len(ps))
    lead_words = " ".join(reversed(_SENTENCE.split(ps[0]))).split()
    lead = " ".join(w for i, w in enumerate(lead_words) if i % 3 != 2)
    return {
        "exact copy": "  " + text.replace(" ", "  ", 3) + "\n",
        "new headline": "Latest: what we know so far\n" + text,
        "one paragraph dropped": "\n".join(ps[:drop] + ps[drop + 1:]),
        "second half dropped": "\n".join(ps[:max(2, len(ps) // 2)]),
        "paragraphs reordered": "\n".join([ps[0]] + reordered),
        "rewritten lead": "\n".join([lead] + rest),
    }


def exact_rule(a: set, b: set) -> tuple[bool, float, float]:
    if min(len(a), len(b)) < MIN_SHINGLES:
        return False, 0.0, 0.0
    inter = len(a & b)
    j = inter / len(a | b)
    c = inter / min(len(a), len(b))
    return j >= JACCARD or (c >= CONTAINMENT and j >= MIN_JACCARD), j, c


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _coded(aid: str, text: str, day: date | None, source: str | None = None) -> CodedArticle:
    return CodedArticle(article=Article(id=aid, text=text, date=day, source=source, origin=aid),
                        clean_text=clean(text).text, events=())


def built_pairs(n: int) -> None:
    rng = random.Random(11)
    originals = []
    for name in ("wikinews", "guardian", "timeline17"):
        pool = [r for r in corpus(name) if len(r["text"].split()) >= 150 and len(paragraphs(r["text"])) >= 4]
        rng.shuffle(pool)
        chosen, sets = [], []
        for r in pool:
            sh = shingles(clean(r["text"]).text)
            if any(exact_rule(sh, other)[1] >= 0.1 or exact_rule(sh, other)[2] >= 0.3 for other in sets):
                continue
            chosen.append(r)
            sets.append(sh)
            if len(chosen) == n:
                break
        originals += chosen
    batch, truth = [], {}
    for i, r in enumerate(originals):
        day = _day(r["date"]) or date(2000, 1, 1)
        oid = f"o{i:04d}"
        batch.append(_coded(oid, r["text"], day))
        for k, (kind, text) in enumerate(variants(r["text"], rng).items()):
            vid = f"v{i:04d}-{k}"
            batch.append(_coded(vid, text, day + timedelta(days=1)))
            truth[vid] = (oid, kind)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "pairs.duckdb") as store:
        for k in range(0, len(batch), 500):
            store.write(batch[k:k + 500])
        started = time.perf_counter()
        link_duplicates(store.con)
        seconds = time.perf_counter() - started
        links = dict(store.con.execute("SELECT article_id, duplicate_of FROM article_duplicates").fetchall())
    found = Counter()
    for vid, (oid, kind) in truth.items():
        found[kind] += links.get(vid) == oid
    right = sum(1 for a, o in links.items() if truth.get(a, (None,))[0] == o)
    print(f"1. Built pairs: {len(originals)} originals ({n} each from Wikinews, Guardian, Timeline17 Libya), "
          f"{len(truth)} variants, one store, linked in {seconds:.1f} s")
    for kind in KINDS:
        print(f"   recall, {kind:22s} {found[kind]:4d}/{len(originals)} = {found[kind] / len(originals):.3f}")
    total = sum(found.values())
    print(f"   recall, all variants          {total:4d}/{len(truth)} = {total / len(truth):.3f}")
    print(f"   precision of the links made   {right:4d}/{len(links)} = {right / max(1, len(links)):.3f}")


def real_pairs() -> None:
    arts = [r for r in corpus("timeline17") if r["text"].strip()]
    sets = {r["id"]: shingles(clean(r["text"]).text) for r in arts}
    outlet = {r["id"]: r["outlet"] for r in arts}
    reference = set()
    for a, b in itertools.combinations(sorted(sets), 2):
        if exact_rule(sets[a], sets[b])[0]:
            reference.add((a, b))
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "t17.duckdb") as store:
        store.write([_coded(r["id"], r["text"], _day(r["date"]), r["outlet"]) for r in arts])
        started = time.perf_counter()
        link_duplicates(store.con)
        seconds = time.perf_counter() - started
        rows = store.con.execute("SELECT article_id, via FROM article_duplicates").fetchall()
    linked = {tuple(sorted(p)) for p in rows}
    # the store links each copy once (to one article); a reference pair counts as found when its
    # two articles end up linked to one original, directly or through a chain
    root = {}
    for a, v in rows:
        root[a] = v
    def top(x):
        while x in root:
            x = root[x]
        return x
    found = sum(1 for a, b in reference if top(a) == top(b))
    right = sum(1 for p in linked if p in reference)
    cross_ref = sum(1 for a, b in reference if outlet[a] != outlet[b])
    cross_links = sum(1 for a, b in linked if outlet[a] != outlet[b])
    print(f"2. Real pairs, Timeline17 Libya ({len(arts)} articles, CNN and Reuters), linked in {seconds:.1f} s")
    print(f"   pairs copying each other by the exact rule: {len(reference)} ({cross_ref} across outlets)")
    print(f"   recall (both in one duplicate group)  {found}/{len(reference)} = {found / max(1, len(reference)):.3f}")
    print(f"   precision (links that are exact-rule pairs) {right}/{len(linked)} = {right / max(1, len(linked)):.3f}")
    print(f"   links across outlets: {cross_links}")


def cost(steps: list[int]) -> None:
    arts = [r for r in corpus("wikinews") if r["text"].strip()]
    random.Random(5).shuffle(arts)
    arts = arts[:steps[-1]]
    per_k = []
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "cost.duckdb") as store:
        done = 0
        for step in steps:
            new = arts[done:step]
            store.write([_coded(r["id"], r["text"], _day(r["date"])) for r in new])
            started = time.perf_counter()
            report = link_duplicates(store.con)
            seconds = time.perf_counter() - started
            per_k.append(1000 * seconds / max(1, len(new)))
            print(f"3. Cost: {len(new)} new Wikinews articles linked against {done} stored: {seconds:.2f} s, "
                  f"{per_k[-1]:.2f} s per 1,000 articles ({report.linked} linked)")
            done = step
    print(f"   last/first time per 1,000 articles: {per_k[-1] / per_k[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--originals", type=int, default=100, help="originals drawn from each corpus")
    parser.add_argument("--cost", default="1000,2000,4000", help="store sizes for the cost steps")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is absent: the benchmark needs ../shared/data beside the repo")
    built_pairs(args.originals)
    real_pairs()
    cost([int(x) for x in args.cost.split(",")])


if __name__ == "__main__":
    main()
