"""The judged pairs of event reports (docs/across-reports.md) and how a merger is scored on them.

`data/judged_pairs.jsonl`: one pair a line, `{pair, corpus, stratum, a, b, label}` where `a` and
`b` are `{article_id, sentence_index, span, event_id, cameo}` as `dyadwire code` printed them for
the files `tools/build_report_corpora.py --subset` writes, and `label` is `same`, `different` or
`unsure`. No text: the sentences are found again by coding those files.

The coder changes, and with it the event ids. A judged report is found in new coder output by its
event id; failing that, as the event of the same sentence with the same CAMEO code; failing
that, as the sentence's first event (the pair still asks whether the two sentences tell of one
happening; what the coder made of them is the merger's input). `Evaluation.rekeyed` counts the
reports found the second or third way, `missing` the pairs whose sentence has no event at all.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from dyadwire.stories.merge import (MIN_WORDS, Report, could_be_same, group, idf_weights, pair_features,
                                    phoenix_key, word_cosine)

LABELS = ("same", "different", "unsure")


def judged_pairs(path: str | Path | None = None) -> list[dict]:
    if path is None:
        text = resources.files("dyadwire.stories").joinpath("data/judged_pairs.jsonl").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, merged: bool, same: bool) -> None:
        if merged and same:
            self.tp += 1
        elif merged:
            self.fp += 1
        elif same:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")

    def line(self) -> str:
        return (f"precision {self.tp}/{self.tp + self.fp} = {self.precision:.3f}, "
                f"recall {self.tp}/{self.tp + self.fn} = {self.recall:.3f}")


@dataclass
class Evaluation:
    merger: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    phoenix: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    unsure: int = 0
    missing: list[str] = field(default_factory=list)
    rekeyed: int = 0


def merged_by(reports: Iterable[Report]) -> dict[str, str]:
    """event_id -> merged id, grouping all the reports at once as the store does."""
    assigned, _ = group(reports)
    return assigned


def evaluate(events: Iterable[dict], pairs: list[dict],
             corpus_of: Callable[[str], str] = lambda article_id: "all") -> Evaluation:
    """Score the merger and Phoenix's one-a-day key on the judged pairs. `events` is the
    `dyadwire code` output for the coded files; reports are grouped per corpus."""
    by_id: dict[str, Report] = {}
    by_sentence: dict[tuple, list[Report]] = defaultdict(list)
    per_corpus: dict[str, list[Report]] = defaultdict(list)
    for e in events:
        r = Report.from_event(e)
        by_id[r.event_id] = r
        by_sentence[(r.article_id, r.sentence_index)].append(r)
        per_corpus[corpus_of(r.article_id)].append(r)
    merged: dict[str, str] = {}
    for reports in per_corpus.values():
        merged.update(merged_by(reports))
    ev = Evaluation()

    def find(key: dict) -> Report | None:
        if key["event_id"] in by_id:
            return by_id[key["event_id"]]
        candidates = by_sentence.get((key["article_id"], key["sentence_index"]), [])
        if not candidates:
            return None
        ev.rekeyed += 1
        same_code = [r for r in candidates if r.cameo == key.get("cameo")]
        return (same_code or candidates)[0]

    for p in pairs:
        a, b = find(p["a"]), find(p["b"])
        if a is None or b is None:
            ev.missing.append(str(p["pair"]))
            continue
        if p["label"] == "unsure":
            ev.unsure += 1
            continue
        same = p["label"] == "same"
        ka, kb = phoenix_key(a), phoenix_key(b)
        for key in ("all", p["corpus"], p["stratum"]):
            ev.merger[key].add(merged[a.event_id] == merged[b.event_id], same)
            ev.phoenix[key].add(ka is not None and ka == kb, same)
    return ev


def _finder(events: Iterable[dict], corpus_of: Callable[[str], str]):
    by_id: dict[str, Report] = {}
    by_sentence: dict[tuple, list[Report]] = defaultdict(list)
    per_corpus: dict[str, list[Report]] = defaultdict(list)
    for e in events:
        r = Report.from_event(e)
        by_id[r.event_id] = r
        by_sentence[(r.article_id, r.sentence_index)].append(r)
        per_corpus[corpus_of(r.article_id)].append(r)

    def find(key: dict) -> Report | None:
        if key["event_id"] in by_id:
            return by_id[key["event_id"]]
        candidates = by_sentence.get((key["article_id"], key["sentence_index"]), [])
        same_code = [r for r in candidates if r.cameo == key.get("cameo")]
        return (same_code or candidates or [None])[0]
    return find, per_corpus


def pair_table(events: Iterable[dict], pairs: list[dict],
               corpus_of: Callable[[str], str] = lambda article_id: "all") -> list[tuple[dict, dict[str, float]]]:
    """The judged pairs (labelled same or different) that the pairwise model would weigh (they
    `could_be_same` and their sentences are at least MIN_WORDS alike), with their
    `pair_features`, the idf taken over each corpus's reports as the merger takes it."""
    find, per_corpus = _finder(list(events), corpus_of)
    idf = {c: idf_weights(rs) for c, rs in per_corpus.items()}
    out = []
    for p in pairs:
        a, b = find(p["a"]), find(p["b"])
        if a is None or b is None or p["label"] == "unsure":
            continue
        words = word_cosine(a, b, idf[corpus_of(a.article_id)])
        if words >= MIN_WORDS and could_be_same(a, b, words):
            out.append((p, pair_features(a, b, words)))
    return out


FIT_L2 = 0.1  # the penalty `tools/eval_report_pairs.py --fit` uses


def fit_pairwise(events: Iterable[dict], pairs: list[dict], corpus_of: Callable[[str], str],
                 l2: float = FIT_L2) -> tuple[float, dict[str, float], int, int]:
    """The pairwise model fitted on the development half (even pair numbers) of the judged pairs
    the model would weigh (`pair_table`): (intercept, coefficients, pairs, of them same)."""
    table = [(p, f) for p, f in pair_table(events, pairs, corpus_of) if p["pair"] % 2 == 0]
    names = list(table[0][1]) if table else []
    x = np.array([[1.0] + [f[k] for k in names] for _, f in table])
    y = np.array([p["label"] == "same" for p, _ in table], dtype=float)
    w = fit_logistic(x, y, l2)
    return float(w[0]), dict(zip(names, map(float, w[1:]))), len(table), int(y.sum())


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method, an L2 penalty on every weight but the intercept
    (the first column of x is ones). Returns the weights."""
    w = np.zeros(x.shape[1])
    penalty = np.diag(np.r_[0.0, np.full(x.shape[1] - 1, l2)])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        w -= np.linalg.solve(hessian, gradient)
    return w
