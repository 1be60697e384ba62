"""Cleaning on the shared corpora: the seed's link cards go, PTB tokens go, clean text stays.

Skipped when ../shared/data is absent.
"""

from __future__ import annotations

import re

import pytest

from dyadwire.clean import clean
from dyadwire.ingest import read

pytestmark = pytest.mark.corpus


def corpus(*parts: str) -> str:
    from conftest import shared_data

    return str(shared_data(*parts))


def articles(pattern: str):
    return list(read([pattern], on_reject=lambda r: None))


def glued_repeats(text: str) -> list[str]:
    """Words glued to a capital where the word recurs right after: the shape of a link card."""
    found = []
    for m in re.finditer(r"([A-Z][\w'’-]*[a-z])(?=[A-Z])", text):
        if m.group(1) in text[m.end() : m.end() + 60].split():
            found.append(text[m.start() : m.end() + 40])
    return found


def seed(prefix: str):
    [article] = [a for a in articles(corpus("seeds")) if a.id.startswith(prefix)]
    return article


def test_seed_2020_loses_link_cards_and_stubs():
    raw = seed("000").text
    assert " MORE" in raw and glued_repeats(raw)  # the contamination is really there
    c = clean(raw)
    assert not re.search(r"\bMORE\b", c.text)
    assert glued_repeats(c.text) == []
    assert not c.text.rstrip().endswith("Source")
    assert ". ." not in c.text
    for cs, rs, ln in c.segments:
        assert c.text[cs : cs + ln] == raw[rs : rs + ln]


def test_seed_2023_is_already_clean():
    c = clean(seed("002").text)
    assert c.is_identity


def test_timeline17_loses_ptb_tokens():
    arts = articles(corpus("timeline17", "LibyaWar_cnn", "articles.jsonl"))
    assert any("-LRB-" in a.text for a in arts)
    for a in arts:
        c = clean(a.text)
        assert not re.search(r"-[LR][RSC]B-|``| n't\b| 's\b| ,| \.(?=\s)", c.text), a.origin
        for cs, rs, ln in c.segments:
            assert c.text[cs : cs + ln] == a.text[rs : rs + ln]


def test_guardian_text_is_mostly_untouched():
    arts = articles(corpus("guardian-syria-sdf", "Guardian_SDF_sample.csv"))
    changed = [a for a in arts if not clean(a.text).is_identity]
    assert len(changed) < len(arts) * 0.1
    for a in changed:
        c = clean(a.text)
        # small spacing and entity fixes, and the signatures of letters on a letters page
        assert len(a.text) - len(c.text) < 50 + 40 * a.text.count("•")
