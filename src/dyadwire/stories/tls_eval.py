"""Scoring a timeline against human reference timelines, as the timeline-summarisation
literature does (Martschat & Markert 2017; Gholipour Ghalandari & Ifrim 2020, news-tls).

- Date F1: the predicted dates against the reference's, exact day.
- Alignment ROUGE-N F1 ("align+ m:1", tilse's `align_date_content_costs_many_to_one`): each
  predicted date is aligned to the reference date of least cost, cost = (1 - 1/(|days apart|+1))
  * (1 - an approximate ROUGE-1 F1 of the two days' summaries); the ROUGE-N hits of each aligned
  pair count with weight 1/(|days apart|+1) against all predicted n-grams (precision); the same
  the other way round, each reference date aligned to a predicted one, against all reference
  n-grams (recall).

Written from the definitions, not from tilse's code. One difference: the ROUGE counts here are
our own (lower-cased words of letters and digits, spaCy's English stop words removed, no
stemming), not the ROUGE-1.5.5 script with Porter stemming that the published figures used, so
figures are close to, not exactly, comparable with those.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
import re

from spacy.lang.en.stop_words import STOP_WORDS

_TOKEN = re.compile(r"[a-z0-9]+")

Timeline = dict[date, list[str]]  # date -> its summary sentences


def tokens(sentences: list[str], stop: bool = True) -> list[str]:
    out = []
    for s in sentences:
        out += [t for t in _TOKEN.findall(s.lower()) if not (stop and t in STOP_WORDS)]
    return out


def ngrams(words: list[str], n: int) -> Counter:
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def rouge_counts(pred: list[str], ref: list[str], n: int) -> tuple[int, int, int]:
    """(hits, predicted n-grams, reference n-grams)."""
    p, r = ngrams(tokens(pred), n), ngrams(tokens(ref), n)
    return sum(min(c, r[g]) for g, c in p.items()), sum(p.values()), sum(r.values())


def _approx_rouge1(pred: list[str], ref: list[str]) -> float:
    p, r = Counter(w for s in pred for w in s.split()), Counter(w for s in ref for w in s.split())
    match = sum(min(c, r[w]) for w, c in p.items())
    if not match:
        return 0.0
    precision, recall = match / sum(p.values()), match / sum(r.values())
    return 2 * precision * recall / (precision + recall)


def _weight(a: date, b: date) -> float:
    return 1 / (abs(a.toordinal() - b.toordinal()) + 1)


def _align(source: Timeline, target: Timeline, predicted_first: bool) -> dict[date, date]:
    """Each source date to the target date of least cost (the first such, in date order)."""
    out = {}
    targets = sorted(target)
    for s in sorted(source):
        def cost(t):
            pred, ref = (source[s], target[t]) if predicted_first else (target[t], source[s])
            return (1 - _weight(s, t)) * (1 - _approx_rouge1(pred, ref))
        out[s] = min(targets, key=lambda t: (cost(t), targets.index(t)))
    return out


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def date_f1(predicted: Timeline, reference: Timeline) -> float:
    hits = len(set(predicted) & set(reference))
    return f1(hits / len(predicted) if predicted else 0.0, hits / len(reference) if reference else 0.0)


def alignment_rouge(predicted: Timeline, reference: Timeline, n: int) -> float:
    """Alignment ROUGE-n F1, many-to-one, date and content costs (the module doc)."""
    if not predicted or not reference:
        return 0.0
    hits = total = 0.0
    for p, r in _align(predicted, reference, True).items():
        h, pc, _ = rouge_counts(predicted[p], reference[r], n)
        hits += _weight(p, r) * h
        total += pc
    precision = hits / total if total else 0.0
    hits = total = 0.0
    for r, p in _align(reference, predicted, False).items():
        h, _, rc = rouge_counts(predicted[p], reference[r], n)
        hits += _weight(p, r) * h
        total += rc
    recall = hits / total if total else 0.0
    return f1(precision, recall)
