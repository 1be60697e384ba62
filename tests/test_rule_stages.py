"""The memoised attribute ruler and lemmatizer give spaCy's own annotations, token for token."""

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from conftest import SAMPLES
from dyadwire.nlp.rule_stages import FastAttributeRuler, FastLemmatizer

ANNOTATIONS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]

# Forms the md model's own ruler patterns single out: contractions, colloquial spellings,
# pronoun case, expletive "there", auxiliaries, whitespace tokens.
TRICKY = [
    "Y'all ain't gonna believe it, let's go.  C'mon, we gotta leave!",
    "I told you it was there. It said I was wrong, and you knew it.\n\nThey've done nothin' since.",
    "Is there a way out? There's none, but there were two; that is what those who did it did.",
    "Did he have to? He had. Do as you do, and have what you have.",
]


def _texts() -> list[str]:
    from dyadwire.ingest import read

    return TRICKY + [article.text for article in read([str(SAMPLES)], on_reject=print)]


def test_the_pipeline_uses_the_memoised_stages(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)


def test_every_token_is_annotated_as_by_spacys_own_stages(nlp, base_nlp):
    texts = _texts()
    assert len(texts) > len(TRICKY)
    for text in texts:
        ours, stock = nlp(text), base_nlp(text)
        assert [t.text for t in ours] == [t.text for t in stock]
        assert np.array_equal(ours.to_array(ANNOTATIONS), stock.to_array(ANNOTATIONS)), text[:60]


# Patterns of every kind the ruler accepts, each one checked against spaCy's own AttributeRuler.
PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"TAG": {"IN": ["VBD", "VBZ"]}}]], "attrs": {"POS": "VERB", "MORPH": "Tense=Past"}},
    {"patterns": [[{"LOWER": "the", "TAG": "DT"}]], "attrs": {"LEMMA": "THE"}},
    {"patterns": [[{"LOWER": {"IN": ["ran", "runs"]}}], [{"LOWER": "walked"}]], "attrs": {"LEMMA": "move"}},
    {"patterns": [[{"DEP": {"NOT_IN": ["det", ""]}, "TAG": "DT"}]], "attrs": {"POS": "PRON"}},
    {"patterns": [[{"LOWER": {"REGEX": "^wal"}}]], "attrs": {"MORPH": "Aspect=Perf"}},
    {"patterns": [[{"LOWER": "big"}, {"LOWER": {"REGEX": "^d"}}]], "attrs": {"LEMMA": "pup"}, "index": -1},
    {"patterns": [[{"TAG": "DT"}, {"LOWER": "big"}]], "attrs": {"POS": "ADJ"}, "index": 1},
    {"patterns": [[{"LOWER": "a"}, {"IS_ALPHA": True, "OP": "?"}, {"LOWER": "dog"}]], "attrs": {"TAG": "XX"}, "index": 0},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE"}},
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "PROPN"}},  # a later entry takes precedence
]


def _doc(vocab) -> Doc:
    # the last pattern-matching tokens end the Doc: a match may end at its last token
    words = ["The", "big", "dog", "ran", "to", "a", "big", "dog", " ", "that", "walked", "a", "big", "dog"]
    tags = ["DT", "JJ", "NN", "VBD", "IN", "DT", "JJ", "NN", "_SP", "DT", "VBD", "DT", "JJ", "NN"]
    heads = [2, 2, 3, 3, 3, 7, 7, 4, 7, 10, 7, 13, 13, 10]
    deps = ["det", "amod", "nsubj", "ROOT", "prep", "det", "amod", "pobj", "dep", "nsubj", "relcl", "det", "amod", "dobj"]
    return Doc(vocab, words=words, tags=tags, heads=heads, deps=deps)


@pytest.mark.parametrize("index", range(len(PATTERNS)))
def test_each_kind_of_pattern_matches_as_spacys_ruler(index):
    nlp = spacy.blank("en")
    stock, fast = AttributeRuler(nlp.vocab), FastAttributeRuler(nlp.vocab)
    for ruler in (stock, fast):
        ruler.add_patterns(PATTERNS[: index + 1])
    assert fast.match(_doc(nlp.vocab)) == stock.match(_doc(nlp.vocab))
    ours, theirs = fast(_doc(nlp.vocab)), stock(_doc(nlp.vocab))
    assert np.array_equal(ours.to_array([TAG, POS, MORPH, LEMMA]), theirs.to_array([TAG, POS, MORPH, LEMMA]))


def test_patterns_added_later_are_used():
    nlp = spacy.blank("en")
    fast = FastAttributeRuler(nlp.vocab)
    fast.add_patterns(PATTERNS[:1])
    assert fast(_doc(nlp.vocab))[2].pos_ == "NOUN"
    fast.add_patterns(PATTERNS[-1:])
    assert fast(_doc(nlp.vocab))[2].pos_ == "PROPN"
