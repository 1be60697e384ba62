"""Draw the pairs of event reports to be judged same/different (docs/across-reports.md).

    .venv/bin/dyadwire code /tmp/dw-subset/*.jsonl --workers 2 > /tmp/dw-coded/subset.jsonl
    python tools/select_report_pairs.py /tmp/dw-coded/subset.jsonl --keys OUT.jsonl --show SHOW.txt \
        --articles /tmp/dw-subset/*.jsonl

Reads `dyadwire code` output for the subsets `tools/build_report_corpora.py --subset` writes,
draws the pairs with a fixed seed from the strata the doc describes, and writes their keys
(article id, sentence index, span, event id, CAMEO code; no text) to `--keys` and, for the person who labels
them, the two sentences with the trigger marked and the articles' dates to `--show` (kept out
of the project: it holds the news text). Uses no output of the merger.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from datetime import date

SEED = 17
QUOTA = {  # per corpus group: stratum -> pairs
    "libya": {"dyad-day-same-root": 70, "dyad-day-other-root": 40, "dyad-week": 55, "source-day": 55},
    "guardian": {"dyad-day-same-root": 30, "dyad-day-other-root": 20, "dyad-week": 30, "source-day": 30},
}


# A second draw, appended after the first (its pairs numbered after them, its own random
# stream, so the first draw is unchanged): pairs whose sentences share many words, the stratum
# where most reports of one happening are. Word overlap is no input of the merger.
SIMILAR_QUOTA = {"libya": 55, "guardian": 25}
SIMILAR_MIN = 0.2   # Jaccard of the sentences' sets of words of four letters or more
SIMILAR_DAYS = 3    # between the two articles' event dates


def words(sentence: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", sentence.lower())}


def group_of(article_id: str) -> str:
    return "guardian" if article_id.startswith("guardian-") else "libya"


def stratum(a: dict, b: dict) -> str | None:
    if a["article_id"] == b["article_id"]:
        return None
    sa, sb = a["source"]["country"], b["source"]["country"]
    ta, tb = a["target"]["country"], b["target"]["country"]
    if not sa or not sb or not a["date"] or not b["date"]:
        return None
    days = abs((date.fromisoformat(a["date"]) - date.fromisoformat(b["date"])).days)
    same_dyad = sorted([sa, ta or ""]) == sorted([sb, tb or ""])
    if same_dyad and days == 0:
        return "dyad-day-same-root" if a["cameo_root"] == b["cameo_root"] else "dyad-day-other-root"
    if same_dyad and days <= 7:
        return "dyad-week"
    if days == 0 and sa == sb and a["cameo_root"] == b["cameo_root"] and ta != tb:
        return "source-day"
    return None


def key(e: dict) -> dict:
    return {"article_id": e["article_id"], "sentence_index": e["sentence_index"], "span": e["span"],
            "event_id": e["event_id"], "cameo": e["cameo"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("coded", help="dyadwire code output (JSON Lines)")
    parser.add_argument("--keys", required=True)
    parser.add_argument("--show", required=True)
    parser.add_argument("--articles", nargs="*", default=[],
                        help="the article files coded (to show each article's date)")
    args = parser.parse_args()
    published = {}
    for path in args.articles:
        for line in open(path, encoding="utf-8"):
            rec = json.loads(line)
            published[rec["id"]] = rec.get("date")
    events = [json.loads(line) for line in open(args.coded, encoding="utf-8")]
    rng = random.Random(SEED)
    chosen = []
    for group, quota in QUOTA.items():
        evs = sorted((e for e in events if group_of(e["article_id"]) == group and e["source"]["country"] and e["date"]),
                     key=lambda e: e["event_id"])
        by_day = defaultdict(list)
        for e in evs:
            by_day[e["date"]].append(e)
        days = sorted(by_day)
        candidates = defaultdict(list)
        for i, d in enumerate(days):
            near = [x for x in days[i:] if (date.fromisoformat(x) - date.fromisoformat(d)).days <= 7]
            for d2 in near:
                for a in by_day[d]:
                    for b in by_day[d2]:
                        if d == d2 and a["event_id"] >= b["event_id"]:
                            continue
                        s = stratum(a, b)
                        if s:
                            candidates[s].append((a, b))
        seen_sentences, per_articles = set(), defaultdict(int)
        for s, n in quota.items():
            pool = candidates[s]
            rng.shuffle(pool)
            taken = 0
            for a, b in pool:
                sentences = tuple(sorted([(a["article_id"], a["sentence_index"]), (b["article_id"], b["sentence_index"])]))
                articles = tuple(sorted([a["article_id"], b["article_id"]]))
                if sentences in seen_sentences or per_articles[articles] >= 2:
                    continue
                seen_sentences.add(sentences)
                per_articles[articles] += 1
                chosen.append((group, s, a, b))
                taken += 1
                if taken == n:
                    break
            print(f"{group} {s}: {taken} of {len(pool)} candidate pairs")
    order = list(range(len(chosen)))
    rng.shuffle(order)  # the labeller reads the strata mixed
    first = len(chosen)
    rng2 = random.Random(SEED + 1)
    taken_sentences = {tuple(sorted([(a["article_id"], a["sentence_index"]), (b["article_id"], b["sentence_index"])]))
                       for _, _, a, b in chosen}
    for group, n in SIMILAR_QUOTA.items():
        evs = sorted((e for e in events if group_of(e["article_id"]) == group and e["date"]),
                     key=lambda e: e["event_id"])
        ws = {e["event_id"]: words(e["sentence"]) for e in evs}
        pool = []
        for i, a in enumerate(evs):
            for b in evs[i + 1:]:
                if a["article_id"] == b["article_id"] or a["sentence"].strip() == b["sentence"].strip():
                    continue
                if abs((date.fromisoformat(a["date"]) - date.fromisoformat(b["date"])).days) > SIMILAR_DAYS:
                    continue
                wa, wb = ws[a["event_id"]], ws[b["event_id"]]
                if wa and wb and len(wa & wb) / len(wa | wb) >= SIMILAR_MIN:
                    pool.append((a, b))
        rng2.shuffle(pool)
        taken = 0
        for a, b in pool:
            sentences = tuple(sorted([(a["article_id"], a["sentence_index"]), (b["article_id"], b["sentence_index"])]))
            if sentences in taken_sentences:
                continue
            taken_sentences.add(sentences)
            chosen.append((group, "similar-words", a, b))
            taken += 1
            if taken == n:
                break
        print(f"{group} similar-words: {taken} of {len(pool)} candidate pairs")
    second = list(range(first, len(chosen)))
    rng2.shuffle(second)
    order += second
    with open(args.keys, "w", encoding="utf-8") as keys, open(args.show, "w", encoding="utf-8") as show:
        for n, i in enumerate(order):
            group, s, a, b = chosen[i]
            keys.write(json.dumps({"pair": n, "corpus": group, "stratum": s, "a": key(a), "b": key(b)}) + "\n")
            show.write(f"#{n}\n")
            for tag, e in (("A", a), ("B", b)):
                text = e["sentence"].replace("\n", " ").strip()
                trig = e.get("trigger") or ""
                if trig and trig in text:
                    text = text.replace(trig, f"[[{trig}]]", 1)
                show.write(f" {tag} {e['article_id']} published {published.get(e['article_id'])}: {text[:420]}\n")
    print(f"{len(chosen)} pairs -> {args.keys}, {args.show}")


if __name__ == "__main__":
    main()
