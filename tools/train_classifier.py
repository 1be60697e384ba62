"""Train the sentence model of `dyadwire_classify` and write src/dyadwire/nlp/data/classifier.json.

    .venv/bin/python tools/train_classifier.py               # train on codebook examples + ConfliBERT dev
    .venv/bin/python tools/train_classifier.py --without-dev # codebook examples only (licence-clean weights)
    .venv/bin/python tools/train_classifier.py --check       # exit 1 if the data file is stale

Training data:
- the example sentences of the CAMEO codebook (../shared/data/cameo-codebook/cameo-codes-icews.csv,
  andybega/icews, MIT), labelled with the penta class of their code;
- unless --without-dev, the development part of the ConfliBERT CAMEO sentences (the committed
  split of dyadwire.evaluate.conflibert; GPL-3.0 repository, news text of the outlets). The
  held-back part is never read.

Every sentence is parsed and coded by the pipeline without the classifier, exactly as at run time.
The temperature and the decision thresholds are chosen on held-out folds of the dev part (5 folds,
fixed seed; the codebook examples are in every training fold); the figures of those folds are
recorded in the data file. Training is full-batch gradient descent (Adam) on a numpy softmax
regression with L2: deterministic, a few seconds.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
CODEBOOK = Path("cameo-codebook") / "cameo-codes-icews.csv"
OUT = REPO / "src" / "dyadwire" / "nlp" / "data" / "classifier.json"
L2 = 0.1
ITERATIONS = 300
FOLDS = 5
SEED = 0
BINS = 10
# Every ConfliBERT sentence reports an event; a news stream has many sentences that report none,
# and the model has no "no event" class. So a sentence-level guess re-codes the dictionary or
# stands in for it only when it is fairly sure (the grid starts at 0.5), though lower thresholds
# score a little higher on dev.
THRESHOLD_GRID = {
    "candidate_ratio": (1.5, 2.0, 3.0, 100.0),
    "recode": (0.5, 0.6, 0.7, 0.8, 1.01),
    "fallback": (0.5, 0.6, 0.7, 0.8, 1.01),
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def codebook_examples(data: Path) -> list[tuple[str, int]]:
    """(example sentence, penta class) for every codebook row with an example."""
    from dyadwire.nlp.classify import penta_class

    raw = (data / CODEBOOK).read_bytes()
    try:  # SOURCE.md: the smart quotes are double mojibake
        text = raw.decode("cp1252").encode("mac_roman").decode("utf-8")
    except UnicodeError:
        text = raw.decode("utf-8", errors="replace")
    out = []
    for row in csv.DictReader(io.StringIO(text)):
        example = (row.get("example") or "").strip()
        cls = penta_class(row["code"].strip())
        if example and example != "NA" and cls is not None:
            out.append((example, cls))
    return out


# -- the model -----------------------------------------------------------------------------


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2, iterations: int = ITERATIONS) -> np.ndarray:
    from dyadwire.nlp.classify import CLASSES, softmax

    n, d = x.shape
    w = np.zeros((d, CLASSES))
    target = np.eye(CLASSES)[y]
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, iterations + 1):
        grad = x.T @ (softmax(x @ w) - target) / n + l2 * w / n
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return w


def macro_f1(gold, predicted) -> float:
    from dyadwire.evaluate.conflibert import macro_f1 as score

    return score(list(gold), list(predicted))[0]


def reliability(confidence: np.ndarray, correct: np.ndarray) -> tuple[float, list[list]]:
    """Expected calibration error and the table [bin low, bin high, n, mean confidence, accuracy]."""
    table, ece = [], 0.0
    for b in range(BINS):
        lo, hi = b / BINS, (b + 1) / BINS
        inside = (confidence >= lo) & ((confidence < hi) if b < BINS - 1 else (confidence <= hi))
        n = int(inside.sum())
        if n:
            conf, acc = float(confidence[inside].mean()), float(correct[inside].mean())
            ece += n / len(confidence) * abs(conf - acc)
            table.append([lo, hi, n, round(conf, 3), round(acc, 3)])
    return ece, table


# -- replaying the component on held-out folds ---------------------------------------------


class Item:
    """One parsed sentence: its features, its dictionary events and whether a fallback can fire."""

    def __init__(self, doc, label: int, verbs):
        from dyadwire.nlp.classify import fallback_parties, main_event, sentence_features

        sents = list(doc.sents)
        events = list(doc._.dw_events)
        main = main_event(events)
        index = main["sentence_index"] if main else max(range(len(sents)), key=lambda i: len(sents[i]))
        self.events = [e for e in events if e["sentence_index"] == index]
        self.features = sentence_features(sents[index], self.events, verbs)
        self.can_fall_back = fallback_parties(sents[index]) is not None
        self.label = label


def main_class(item: Item, probs: np.ndarray, thresholds: dict) -> int | None:
    """The penta class `dyadwire eval conflibert` would read for this sentence."""
    from dyadwire.evaluate.conflibert import main_event_class
    from dyadwire.nlp.classify import decide, penta_class

    decided = decide(probs, item.events, thresholds)
    best = int(np.argmax(probs))
    if not decided:
        if item.can_fall_back and probs[best] >= thresholds["fallback"]:
            return best
        return None
    for event in decided:
        recoded = event.pop("recode_class", None)
        event["penta_class"] = recoded if recoded is not None else penta_class(event["cameo"])
    return main_event_class(decided)


def dictionary_class(item: Item) -> int | None:
    """The class the dictionary events alone give, without the classifier."""
    from dyadwire.evaluate.conflibert import main_event_class
    from dyadwire.nlp.classify import penta_class

    return main_event_class([{**e, "penta_class": penta_class(e["cameo"])} for e in item.events])


def main_confidence(item: Item, probs: np.ndarray, thresholds: dict) -> float | None:
    from dyadwire.nlp.classify import decide, main_event

    decided = decide(probs, item.events, thresholds)
    if decided:
        return main_event(decided)["confidence"]
    best = int(np.argmax(probs))
    if item.can_fall_back and probs[best] >= thresholds["fallback"]:
        return float(probs[best])
    return None


def choose_thresholds(items: list[Item], probs: np.ndarray) -> tuple[dict, float]:
    import itertools

    gold = [it.label for it in items]
    best, best_f1 = None, -1.0
    keys = list(THRESHOLD_GRID)
    for values in itertools.product(*(THRESHOLD_GRID[k] for k in keys)):
        thresholds = dict(zip(keys, values))
        f1 = macro_f1(gold, [main_class(it, p, thresholds) for it, p in zip(items, probs)])
        if f1 > best_f1 + 1e-9:
            best, best_f1 = thresholds, f1
    return best, best_f1


def temperature(logits: np.ndarray, y: np.ndarray) -> float:
    from dyadwire.nlp.classify import softmax

    def nll(t: float) -> float:
        p = softmax(logits / t)
        return float(-np.log(p[np.arange(len(y)), y] + 1e-12).mean())

    return min(np.arange(0.5, 5.01, 0.05), key=nll)


def root_prototypes(nlp) -> dict[str, list[float]]:
    """Per CAMEO root, the mean unit vector of the dictionary's verbs and event nouns coded in it."""
    from dyadwire.ontology import VerbDictionary
    from dyadwire.ontology.nominals import nominal_codes

    words: dict[str, set[str]] = {}
    for verb in VerbDictionary.builtin().verbs:
        if verb.code.active and not verb.before and not verb.after:
            words.setdefault(verb.code.active[:2], set()).add(verb.word)
    for lemma, code in nominal_codes().items():
        if " " not in lemma:
            words.setdefault(code[:2], set()).add(lemma)
    out = {}
    for root, ws in sorted(words.items()):
        vecs = [nlp.vocab[w].vector for w in sorted(ws) if nlp.vocab[w].has_vector]
        if vecs:
            mean = np.mean([v / np.linalg.norm(v) for v in vecs], axis=0)
            out[root] = [round(float(x), 5) for x in mean / np.linalg.norm(mean)]
    return out


# -- main ----------------------------------------------------------------------------------


def sources(data: Path, with_dev: bool) -> dict:
    out = {"codebook": {"path": str(CODEBOOK), "sha256": sha256(data / CODEBOOK), "licence": "MIT (andybega/icews)"}}
    if with_dev:
        from dyadwire.evaluate.conflibert import SOURCE

        out["conflibert_dev"] = {
            "path": str(SOURCE), "sha256": sha256(data / SOURCE), "part": "dev",
            "licence": "GPL-3.0 repository (eventdata/ConfliBERT); news text of the outlets",
        }
    return out


def check(data: Path) -> int:
    from dyadwire.nlp.classify import FEATURE_BLOCKS, FORMAT_VERSION, load_model

    problems = []
    try:
        model = load_model()
    except Exception as exc:  # a missing or malformed file is what --check reports
        print(f"{OUT}: {exc}", file=sys.stderr)
        return 1
    meta = model.meta
    if meta.get("format") != FORMAT_VERSION or [tuple(b) for b in meta["feature_blocks"]] != list(FEATURE_BLOCKS):
        problems.append("feature layout differs from dyadwire.nlp.classify")
    if meta.get("training", {}).get("l2") != L2 or meta.get("training", {}).get("iterations") != ITERATIONS:
        problems.append("training settings differ from this script")
    for name, src in meta.get("sources", {}).items():
        if (data / src["path"]).exists() and sha256(data / src["path"]) != src["sha256"]:
            problems.append(f"{src['path']} changed since training")
    for p in problems:
        print(f"{OUT}: stale: {p}; rerun tools/train_classifier.py", file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--without-dev", action="store_true", help="train on the codebook examples only")
    parser.add_argument("--check", action="store_true", help="exit 1 if the data file is stale")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if args.check:
        return check(args.data)

    from dyadwire.clean import clean
    from dyadwire.evaluate import conflibert
    from dyadwire.nlp.classify import CLASSES, FEATURE_BLOCKS, FORMAT_VERSION, softmax
    from dyadwire.nlp.pipeline import load
    from dyadwire.ontology import VerbDictionary

    nlp = load()
    if "dyadwire_classify" in nlp.pipe_names:
        nlp.remove_pipe("dyadwire_classify")
    verbs = VerbDictionary.builtin()

    def parse(texts: list[str]):
        docs = [nlp.make_doc(clean(t).text) for t in texts]
        return list(nlp.pipe(docs, batch_size=32))

    book = codebook_examples(args.data)
    book_items = [Item(d, c, verbs) for d, (_, c) in zip(parse([t for t, _ in book]), book)]
    dev = conflibert.load(args.data, "dev")
    dev_items = [Item(d, s.label, verbs) for d, s in zip(parse([s.text for s in dev]), dev)]
    print(f"parsed {len(book_items)} codebook examples, {len(dev_items)} dev sentences", file=sys.stderr)

    xb = np.array([it.features for it in book_items])
    yb = np.array([it.label for it in book_items])
    xd = np.array([it.features for it in dev_items])
    yd = np.array([it.label for it in dev_items])

    # held-out folds of dev: the codebook examples are in every training fold
    order = np.random.RandomState(SEED).permutation(len(yd))
    logits = np.zeros((len(yd), CLASSES))
    for f in range(FOLDS):
        test = order[f::FOLDS]
        train = np.setdiff1d(order, test)
        if args.without_dev:
            w = fit(xb, yb)
        else:
            w = fit(np.vstack([xd[train], xb]), np.concatenate([yd[train], yb]))
        logits[test] = xd[test] @ w
    temp = float(temperature(logits, yd))
    probs = softmax(logits / temp)
    thresholds, f1 = choose_thresholds(dev_items, probs)
    dictionary_only = macro_f1(yd, [dictionary_class(it) for it in dev_items])
    confidences, correct = [], []
    for it, p in zip(dev_items, probs):
        c = main_confidence(it, p, thresholds)
        if c is not None:
            confidences.append(c)
            correct.append(main_class(it, p, thresholds) == it.label)
    ece, table = reliability(np.array(confidences), np.array(correct, dtype=float))
    print(f"dev, held-out folds: dictionary only {dictionary_only:.3f}, with classifier {f1:.3f}; "
          f"temperature {temp:.2f}; thresholds {thresholds}; ECE of the main event's confidence {ece:.3f}",
          file=sys.stderr)

    if args.without_dev:
        w = fit(xb, yb)
    else:
        w = fit(np.vstack([xd, xb]), np.concatenate([yd, yb]))
    out = {
        "format": FORMAT_VERSION,
        "feature_blocks": [list(b) for b in FEATURE_BLOCKS],
        "classes": ["statement", "verbal cooperation", "material cooperation", "verbal conflict", "material conflict"],
        "sources": sources(args.data, not args.without_dev),
        "training": {"l2": L2, "iterations": ITERATIONS, "folds": FOLDS, "seed": SEED,
                     "examples": {"codebook": len(book_items), "conflibert_dev": 0 if args.without_dev else len(dev_items)}},
        "dev_folds": {"macro_f1_dictionary": round(dictionary_only, 4), "macro_f1": round(f1, 4),
                      "ece": round(ece, 4), "reliability": table},
        "temperature": round(temp, 4),
        "thresholds": thresholds,
        "weights": [[float(f"{x:.5g}") for x in row] for row in w],
        "root_prototypes": root_prototypes(nlp),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
