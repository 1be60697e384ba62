"""Write the corpora that the across-reports measures use as dyadwire JSON Lines input.

Timeline17 numbers its articles per topic, so CNN's article 243 and Reuters' article 243 share
an id; the Guardian sample's only id is its row number. This script gives every article an id
that names its corpus and its outlet (`t17-libya-cnn-243`, `t17-libya-reuters-243`,
`guardian-3`), and sets `source` to the outlet, so that `dyadwire code` and `dyadwire ingest`
on the written files give the article ids the judged sets (`src/dyadwire/stories/data/`) are
keyed by. The text is written unchanged, outside the project (news text never ships with it).

    python tools/build_report_corpora.py [--data ../shared/data] [--out /tmp/dw-corpora]

writes `libya_cnn.jsonl`, `libya_reuters.jsonl`, `guardian_syria.jsonl` and, with
`--egypt`, `egypt_cnn.jsonl`. `--subset` writes instead the parts the judged event pairs were
drawn from (coding the whole corpora takes an hour on two cores): Libya, CNN and Reuters,
published 2011-03-01..2011-03-31, and the Guardian, published 2018-01-01..2018-04-30.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

TIMELINE17 = {
    "libya_cnn": ("LibyaWar_cnn", "CNN", "t17-libya-cnn-"),
    "libya_reuters": ("LibyaWar_reuters", "Reuters", "t17-libya-reuters-"),
    "egypt_cnn": ("EgyptianProtest_cnn", "CNN", "t17-egypt-cnn-"),
}


def timeline17_records(data: Path, name: str):
    folder, outlet, prefix = TIMELINE17[name]
    with open(data / "timeline17" / folder / "articles.jsonl", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            yield {"id": prefix + str(rec["id"]), "date": rec.get("time"), "text": rec.get("text") or "",
                   "source": outlet}


def guardian_records(data: Path):
    csv.field_size_limit(sys.maxsize)
    with open(data / "guardian-syria-sdf" / "Guardian_SDF_sample.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            yield {"id": "guardian-" + row[""], "date": row["date"], "text": row["text"],
                   "source": row.get("source") or "Guardian"}


def corpus(data: Path, name: str):
    return guardian_records(data) if name == "guardian_syria" else timeline17_records(data, name)


SUBSET = {"libya_cnn": ("2011-03-01", "2011-03-31"), "libya_reuters": ("2011-03-01", "2011-03-31"),
          "guardian_syria": ("2018-01-01", "2018-04-30"), "egypt_cnn": ("0000", "9999")}


def in_subset(name: str, day: str | None) -> bool:
    first, last = SUBSET[name]
    return bool(day) and first <= day[:10] <= last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/dw-corpora"))
    parser.add_argument("--egypt", action="store_true", help="also write the Egypt (CNN) topic")
    parser.add_argument("--subset", action="store_true", help="only the months the judged pairs come from")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    names = ["libya_cnn", "libya_reuters", "guardian_syria"] + (["egypt_cnn"] if args.egypt else [])
    for name in names:
        path = args.out / f"{name}.jsonl"
        n = 0
        with open(path, "w", encoding="utf-8") as out:
            for rec in corpus(args.data, name):
                if args.subset and not in_subset(name, rec["date"]):
                    continue
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
        print(f"{path}: {n} articles")


if __name__ == "__main__":
    main()
