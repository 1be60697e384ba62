"""Merge precision and recall on the judged pairs, and Phoenix's one-a-day key on the same pairs.

    python tools/build_report_corpora.py --subset --out /tmp/dw-subset
    .venv/bin/dyadwire code /tmp/dw-subset/libya_cnn.jsonl /tmp/dw-subset/libya_reuters.jsonl \\
        /tmp/dw-subset/guardian_syria.jsonl --workers 2 --min-confidence 0 > /tmp/dw-coded/subset.jsonl
    .venv/bin/python tools/eval_report_pairs.py /tmp/dw-coded/subset.jsonl

`--min-confidence 0`: the store merges every event it holds, whatever its confidence, and at the
default threshold most judged reports are not printed (294 of 482 pairs left out).

Prints precision and recall for all pairs, each corpus, each stratum, the development half (even
pair numbers: the merger's settings were chosen on it) and the held-out half (odd). `--fit`
refits the merger's pairwise model on the development half and prints the weights
`stories/merge.py` ships (INTERCEPT, COEFFICIENTS).

The pairs and their labels: `src/dyadwire/stories/data/judged_pairs.jsonl`
(docs/across-reports.md). A coder that codes differently gives other event ids: judged reports
are then found by sentence (and CAMEO code), and the tool says how many were (`stories.judged`).
"""

from __future__ import annotations

import argparse
import json
import sys

from dyadwire.stories.judged import FIT_L2, evaluate, fit_pairwise, judged_pairs


def corpus_of(article_id: str) -> str:
    return "guardian" if article_id.startswith("guardian-") else "libya"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("coded", help="dyadwire code output for the subset files")
    parser.add_argument("--pairs", help="another judged-pairs file (default: the packaged one)")
    parser.add_argument("--fit", action="store_true",
                        help="also fit the pairwise model on the development half and print it")
    args = parser.parse_args()
    pairs = judged_pairs(args.pairs)
    events = [json.loads(line) for line in open(args.coded, encoding="utf-8")]
    if args.fit:
        intercept, coefficients, n, same = fit_pairwise(events, pairs, corpus_of)
        print(f"pairwise model fitted on {n} development pairs ({same} same), L2 {FIT_L2}: "
              f"INTERCEPT = {intercept:.3f}, COEFFICIENTS = "
              + "{" + ", ".join(f'"{k}": {v:.3f}' for k, v in coefficients.items()) + "}")
    ev = evaluate(events, pairs, corpus_of)
    if ev.missing:
        print(f"{len(ev.missing)} judged pairs left out: a sentence of theirs has no event in this coder's "
              f"output (pairs {', '.join(ev.missing[:10])})", file=sys.stderr)
    if ev.rekeyed:
        print(f"{ev.rekeyed} judged reports found by sentence, not by event id: the coder has changed "
              "since the pairs were judged", file=sys.stderr)
    n = sum(1 for p in pairs if p["label"] != "unsure" and str(p["pair"]) not in ev.missing)
    print(f"{len(pairs)} judged pairs, {ev.unsure} unsure left out, {n} scored "
          f"({sum(p['label'] == 'same' for p in pairs)} same)")
    keys = ["all", "libya", "guardian"] + sorted({p["stratum"] for p in pairs})
    for half, rest in (("dev", 0), ("held-out", 1)):  # the thresholds are set on the even pairs
        part = evaluate(events, [p for p in pairs if p["pair"] % 2 == rest], corpus_of)
        keys.append(half)
        ev.merger[half], ev.phoenix[half] = part.merger["all"], part.phoenix["all"]
    for key in keys:
        print(f"{key:22s} dyadwire merge: {ev.merger[key].line()}")
        print(f"{'':22s} Phoenix one-a-day: {ev.phoenix[key].line()}")


if __name__ == "__main__":
    main()
