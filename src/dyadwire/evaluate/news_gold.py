"""The real-news gold set (`gold/news/`): its articles, sentences and hand-coded events.

Sentences are cut by a small rule splitter that does not depend on the spaCy model, so gold
offsets stay valid whatever model or version codes the text later.
"""

from __future__ import annotations

import re

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
