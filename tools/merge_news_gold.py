"""Merge the coders' label files into the project's real-news gold set.

The coders (who never saw dyadwire's output) wrote one JSON Lines file per batch, as
`docs/codebook.md` section 8 says. This script checks every line against the selected articles
(`src/dyadwire/evaluate/data/news/articles.jsonl`, from `tools/select_news_gold.py`), turns actor text into character
offsets in the raw article text, and writes

- `coding.jsonl`: the primary coding (topic lines and event lines);
- `second_coding.jsonl`: the independent second coding of a sample (agreement).

Only Wikinews text (CC BY 2.5) is kept in the project: for other corpora actor words and coders'
notes are replaced by offsets, since their text may not ship.

    python tools/merge_news_gold.py --batches /tmp/gold_batches \\
        --primary /tmp/gold_out/batch_*.jsonl --second /tmp/gold_out/second.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dyadwire.evaluate.news_gold import load_articles  # noqa: E402

ACTOR_KEYS = ("country", "sector", "name", "role")


def _norm_code(value) -> str | None:
    value = (value or "").strip().upper() if isinstance(value, str) else None
    return value or None


def _actor(raw: dict | None, text: str, sentence: tuple[int, int], shareable: bool) -> dict | None:
    if not raw:
        return None
    out = {"country": _norm_code(raw.get("country")), "sector": _norm_code(raw.get("sector")),
           "name": raw.get("name") if shareable else None, "role": raw.get("role") if shareable else None}
    words = raw.get("text")
    if words:
        s, e = sentence
        at = text.find(words, s, e)
        if at < 0:
            at = text.lower().find(words.lower(), s, e)
        out["span"] = [at, at + len(words)] if at >= 0 else None
        if shareable:
            out["text"] = words
    return out


def _date(value) -> str | None:
    """Coders wrote "2008", "2008-10" or "2008-10-01": always YYYY-MM-DD (the first day)."""
    if not value:
        return None
    parts = str(value).split("-")
    parts += ["01"] * (3 - len(parts))
    return "-".join(p.zfill(2) for p in parts[:3])


def shown_sentences(batches: Path, articles: dict[str, dict]) -> dict[str, list[int]]:
    """For each article, the start offset of every sentence as numbered in the batch file its
    coder read. Coders cite sentence numbers; a batch written by an earlier version of the
    splitter numbers them differently, so numbers are mapped through the text they saw."""
    starts: dict[str, list[int]] = {}
    for path in sorted(batches.glob("batch_*.txt")):
        article, pos = None, 0
        for line in path.open():
            if line.startswith("=== ARTICLE "):
                article = articles.get(line.split()[2])
                pos = 0
                if article is not None:
                    starts[article["article_id"]] = []
            elif article is not None and line.startswith("[") and "] " in line:
                shown = line.split("] ", 1)[1].rstrip("\n")
                at = article["text"].find(shown, pos)
                starts[article["article_id"]].append(at)
                pos = max(pos, at + len(shown)) if at >= 0 else pos
    return starts


def _current_index(art: dict, start: int) -> int | None:
    for i, (s, e) in enumerate(art["sentences"]):
        if s <= start < e:
            return i
    return None


def merge(files: list[Path], articles: dict[str, dict],
          shown: dict[str, list[int]]) -> tuple[list[dict], list[str]]:
    out, problems = [], []
    for path in files:
        for n, line in enumerate(path.open(), 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            art = articles.get(rec.get("article_id"))
            if art is None:
                problems.append(f"{path}:{n}: unknown article {rec.get('article_id')}")
                continue
            if "topic" in rec:
                out.append({"article_id": rec["article_id"], "topic": rec["topic"],
                            "events": rec.get("events")})
                continue
            i = rec.get("sentence")
            seen = shown.get(rec["article_id"], [])
            if not isinstance(i, int) or not 0 <= i < len(seen) or seen[i] < 0:
                problems.append(f"{path}:{n}: no sentence {i} in {rec['article_id']}")
                continue
            i = _current_index(art, seen[i])
            shareable = art["corpus"] == "wikinews"
            sentence = tuple(art["sentences"][i])
            cameo = str(rec.get("cameo") or "").strip()
            out.append({
                "article_id": rec["article_id"], "sentence": i,
                "source": _actor(rec.get("source"), art["text"], sentence, shareable),
                "target": _actor(rec.get("target"), art["text"], sentence, shareable),
                "cameo": cameo, "root": cameo[:2],
                "date": _date(rec.get("date")), "date_precision": rec.get("date_precision"),
                "modality": rec.get("modality") or "asserted",
                **({"note": rec["note"]} if shareable and rec.get("note") else {}),
            })
    return out, problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--primary", type=Path, nargs="+", required=True)
    ap.add_argument("--second", type=Path, nargs="*", default=[])
    ap.add_argument("--batches", type=Path, required=True, help="the batch files the coders read")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    articles = {a["article_id"]: a for a in load_articles(args.shared / "data")}
    shown = shown_sentences(args.batches, articles)
    for files, name in ((args.primary, "coding.jsonl"), (args.second, "second_coding.jsonl")):
        if not files:
            continue
        rows, problems = merge(files, articles, shown)
        for p in problems:
            print(p, file=sys.stderr)
        target = ROOT / "src/dyadwire/evaluate/data/news" / name
        with target.open("w") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        events = sum("cameo" in r for r in rows)
        print(f"{target}: {len(rows) - events} articles, {events} events, {len(problems)} problems")


if __name__ == "__main__":
    main()
