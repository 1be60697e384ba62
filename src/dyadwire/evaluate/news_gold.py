"""The real-news gold set (`evaluate/data/news/`): its articles, sentences and hand-coded events.

152 whole articles (Wikinews politics, CC BY 2.5, shipped with their text; Guardian and
Timeline17 Egypt/Libya, referenced by id and offsets and read from ../shared/data), coded by
reading from `docs/codebook.md` by coders who never saw dyadwire's output. Split by article into
`dev` (tune on it) and `test` (never looked at while tuning).

Sentences are cut by a small rule splitter that does not depend on the spaCy model, so gold
offsets stay valid whatever model or version codes the text later.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from importlib import resources
from pathlib import Path

GOLD = "data/news"


def _gold_lines(name: str) -> list[dict]:
    ref = resources.files("dyadwire.evaluate") / GOLD / name
    if not ref.is_file():
        return []
    with ref.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


class GoldDataMissing(FileNotFoundError):
    """An article's text is not where the gold set says (../shared/data absent or changed)."""


def load_articles(data: Path) -> list[dict]:
    """The gold articles, each with its raw `text` (Wikinews from the project, the others from
    `data`, checked against the stored hash)."""
    articles = _gold_lines("articles.jsonl")
    texts = _other_texts(data, {a["corpus"] for a in articles if "text" not in a})
    for a in articles:
        if "text" not in a:
            text = texts.get(a["article_id"])
            if text is None or hashlib.sha1(text.encode()).hexdigest() != a["sha1"]:
                raise GoldDataMissing(f"{a['article_id']}: text not found or changed under {data}")
            a["text"] = text
    return articles


_T17 = {"t17-egypt-cnn": "EgyptianProtest_cnn", "t17-libya-cnn": "LibyaWar_cnn",
        "t17-libya-reuters": "LibyaWar_reuters"}


def _other_texts(data: Path, corpora: set[str]) -> dict[str, str]:
    texts = {}
    if "guardian" in corpora:
        path = data / "guardian-syria-sdf" / "Guardian_SDF_sample.csv"
        if path.is_file():
            with path.open(newline="") as fh:
                texts.update({f"guardian:{r['']}": r["text"] for r in csv.DictReader(fh)})
    for corpus, folder in _T17.items():
        path = data / "timeline17" / folder / "articles.jsonl"
        if corpus in corpora and path.is_file():
            for line in path.open():
                r = json.loads(line)
                texts[f"{corpus}:{r['id']}"] = r["text"]
    return texts


def load_coding(name: str = "coding.jsonl") -> tuple[dict[str, str], list[dict]]:
    """(topic by article id, events) of a coding: the primary one or `second_coding.jsonl`."""
    rows = _gold_lines(name)
    topics = {r["article_id"]: r["topic"] for r in rows if "topic" in r}
    return topics, [r for r in rows if "cameo" in r]

# Abbreviations after which a full stop does not end a sentence (titles, months, "U.S.").
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "adm",
    "gov", "sen", "rep", "rev", "st", "sr", "jr", "mt", "ft", "no", "vs", "etc", "inc", "corp",
    "ltd", "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "u.s", "u.n", "u.k", "e.u", "a.m", "p.m", "pres", "brig", "cmdr", "lieut", "hon",
}
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")


def sentence_spans(text: str) -> list[list[int]]:
    """`[start, end)` offsets of the sentences of `text`: a line break always ends one; a full
    stop, ! or ? ends one when the next word starts with a capital, a digit or a quote and the
    word before is no abbreviation or single initial."""
    spans: list[list[int]] = []
    for line in re.finditer(r"[^\n]+", text):
        base, chunk = line.start(), line.group()
        start = 0
        for m in _END.finditer(chunk):
            end = m.end()
            rest = chunk[end:].lstrip()
            if not rest or not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"“'‘("):
                continue
            word = re.search(r"(\S+?)[.!?]*[\"'”’)\]]*$", chunk[start:end])
            token = (word.group(1) if word else "").lower().lstrip("(\"“")
            if chunk[m.start()] == "." and (token in _ABBREV or re.fullmatch(r"[a-z]", token)
                                            or re.fullmatch(r"([a-z]\.)+[a-z]", token)):
                continue
            _add(spans, chunk, base, start, end)
            start = end
        _add(spans, chunk, base, start, len(chunk))
    return spans


def _add(spans: list[list[int]], chunk: str, base: int, start: int, end: int) -> None:
    piece = chunk[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    if not piece.strip():
        return
    if spans and not any(ch.isalnum() for ch in piece):
        spans[-1][1] = base + end - trail      # a closing quote left alone ('' after "!")
        return
    spans.append([base + start + lead, base + end - trail])
