"""Split ConfliBERT's CAMEO training sentences once into a development and a held-back part.

Stratified by label with a fixed seed; writes the held-back line numbers (not the text, which is
other people's writing) and the file's hash, so the split is checked against the data it was
made from. Re-running gives the same split; tune only on the development part.
"""

import hashlib
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO.parent / "shared" / "data" / "conflibert-cameo-train" / "cameo_class_train.tsv"
OUT = REPO / "src" / "dyadwire" / "evaluate" / "data" / "conflibert_split.json"
SEED = 20261122
HELD_BACK = 0.3


def main() -> None:
    if not SOURCE.exists():
        sys.exit(f"{SOURCE} is absent")
    raw = SOURCE.read_bytes()
    lines = raw.decode("utf-8").splitlines()
    by_label = defaultdict(list)
    for i, line in enumerate(lines):
        if "\t" in line:
            by_label[line.rsplit("\t", 1)[1].strip()].append(i)
    rng = random.Random(SEED)
    held = []
    for label in sorted(by_label):
        idx = by_label[label][:]
        rng.shuffle(idx)
        held += idx[: round(len(idx) * HELD_BACK)]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({
        "source": "conflibert-cameo-train/cameo_class_train.tsv",
        "sha256": hashlib.sha256(raw).hexdigest(),
        "seed": SEED,
        "held_back_fraction": HELD_BACK,
        "held_back_lines": sorted(held),
    }, indent=0) + "\n")
    print(f"{len(held)} held back of {len(lines)} -> {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
