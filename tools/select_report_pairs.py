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

# A third draw (`--extend`), made because 58 `same` pairs were too few to set a merger's
# thresholds on: more pairs of the similar-words stratum, and pairs sharing fewer words
# (`some-words`, SOME_MIN <= Jaccard < SIMILAR_MIN), from the coder's output at the time, its own
# random stream, skipping every sentence pair already judged; numbered after the judged pairs.
THIRD_QUOTA = {"libya": {"similar-words": 30, "some-words": 20},
               "guardian": {"similar-words": 15, "some-words": 15}}
SOME_MIN = 0.1


def words(sentence: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", sentence.lower())}


def group_of(article_id: str) -> str:
    return "guardian" if article_id.startswith("guardian-") else "libya"


def similar_pairs(events: list[dict], group: str, n: int, low: float, high: float, rng: random.Random,
                  taken_sentences: set, stratum_name: str) -> list[tuple]:
    """Up to n pairs of reports of two articles of one corpus group, at most SIMILAR_DAYS apart,
    whose sentences (not identical) share low <= Jaccard < high of their words of four letters or
    more, drawn with rng; sentence pairs in taken_sentences are skipped (and added)."""
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
            if wa and wb and low <= len(wa & wb) / len(wa | wb) < high:
                pool.append((a, b))
    rng.shuffle(pool)
    out = []
    for a, b in pool:
        sentences = tuple(sorted([(a["article_id"], a["sentence_index"]), (b["article_id"], b["sentence_index"])]))
        if sentences in taken_sentences:
            continue
        taken_sentences.add(sentences)
        out.append((group, stratum_name, a, b))
        if len(out) == n:
            break
    print(f"{group} {stratum_name}: {len(out)} of {len(pool)} candidate pairs")
    return out


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


def write(pairs: list[tuple], first: int, keys_path: str, show_path: str, published: dict) -> None:
    """The pairs' keys (numbered from `first`) and, for the labeller, their sentences."""
    with open(keys_path, "w", encoding="utf-8") as keys, open(show_path, "w", encoding="utf-8") as show:
        for n, (group, s, a, b) in enumerate(pairs, start=first):
            keys.write(json.dumps({"pair": n, "corpus": group, "stratum": s, "a": key(a), "b": key(b)}) + "\n")
            show.write(f"#{n}\n")
            for tag, e in (("A", a), ("B", b)):
                text = e["sentence"].replace("\n", " ").strip()
                trig = e.get("trigger") or ""
                if trig and trig in text:
                    text = text.replace(trig, f"[[{trig}]]", 1)
                show.write(f" {tag} {e['article_id']} published {published.get(e['article_id'])}: {text[:420]}\n")
    print(f"{len(pairs)} pairs -> {keys_path}, {show_path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("coded", help="dyadwire code output (JSON Lines)")
    parser.add_argument("--keys", required=True)
    parser.add_argument("--show", required=True)
    parser.add_argument("--articles", nargs="*", default=[],
                        help="the article files coded (to show each article's date)")
    parser.add_argument("--extend", metavar="JUDGED",
                        help="draw only the third draw, skipping the pairs of this judged-pairs file")
    args = parser.parse_args()
    published = {}
    for path in args.articles:
        for line in open(path, encoding="utf-8"):
            rec = json.loads(line)
            published[rec["id"]] = rec.get("date")
    events = [json.loads(line) for line in open(args.coded, encoding="utf-8")]
    if args.extend:
        judged = [json.loads(line) for line in open(args.extend, encoding="utf-8") if line.strip()]
        taken = {tuple(sorted([(p["a"]["article_id"], p["a"]["sentence_index"]),
                               (p["b"]["article_id"], p["b"]["sentence_index"])])) for p in judged}
        rng3 = random.Random(SEED + 2)
        third = []
        for group, quota in THIRD_QUOTA.items():
            third += similar_pairs(events, group, quota["similar-words"], SIMILAR_MIN, 1.01, rng3, taken,
                                   "similar-words")
            third += similar_pairs(events, group, quota["some-words"], SOME_MIN, SIMILAR_MIN, rng3, taken,
                                   "some-words")
        rng3.shuffle(third)
        write(third, len(judged), args.keys, args.show, published)
        return
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
        chosen += similar_pairs(events, group, n, SIMILAR_MIN, 1.01, rng2, taken_sentences, "similar-words")
    second = list(range(first, len(chosen)))
    rng2.shuffle(second)
    order += second
    write([chosen[i] for i in order], 0, args.keys, args.show, published)
    print(f"{len(chosen)} pairs -> {args.keys}, {args.show}")


if __name__ == "__main__":
    main()
