"""Reading PETRARCH verb and discard dictionaries (no spaCy needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyadwire.ontology.petrarch import (
    Code,
    DictionaryError,
    find_discard,
    parse_pattern,
    parse_verb_line,
    read_discards,
    read_verb_dictionary,
)
from dyadwire.ontology.verbs import VerbDictionary

FIXTURES = Path(__file__).parent / "fixtures" / "ontology"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CAMEO_VERBS = SHARED / "phoenix-dictionaries" / "CAMEO.2.0.txt"
VALIDATE_VERBS = SHARED / "petrarch-unit-tests" / "PETR.Validate.verbs.txt"

needs_shared = pytest.mark.skipif(not CAMEO_VERBS.exists(), reason="../shared/data is absent")


def terms(pattern):
    return [t.to_json() for t in pattern.after]


# ---------------------------------------------------------------- patterns


def test_prepositional_phrase_with_slot():
    p = parse_pattern("- * (WITH +)  [040]  # met with", "MEET")
    assert terms(p) == [["prep", ["with"], [["target"]]]]
    assert p.code == Code("040", "040") and p.before == ()
    assert p.text == "- * (WITH +) [040] # met with"


def test_legacy_bare_prepositions_become_phrases():
    p = parse_pattern("- * CALL ON + TO RESIGN [0241]", "X")
    assert terms(p) == [
        ["seq", ["call"]],
        ["prep", ["on"], [["target"]]],
        ["prep", ["to"], [["seq", ["resign"]]]],
    ]
    # "* + WITH" and "* WITH +" both say: the target is what WITH governs
    assert terms(parse_pattern("- * + WITH [040]", "X")) == terms(parse_pattern("- * WITH + [040]", "X"))
    # an empty phrase followed by a slot governs it
    assert terms(parse_pattern("- * CLAIM (AGAINST) + [115]", "X"))[1] == ["prep", ["against"], [["target"]]]


def test_noun_phrases_synsets_and_alternatives():
    p = parse_pattern("- * {&MILITARY AID} (BY/WITH PROTESTS) [0232]", "X")
    assert terms(p) == [
        ["phrase", [], [["seq", ["&military"]], ["seq", ["aid"]]]],
        ["prep", ["by", "with"], [["seq", ["protests"]]]],
    ]


def test_words_before_the_verb_and_source_target():
    p = parse_pattern("- $ TROOP * TOWARD +  [154]", "MOVE")
    assert [t.to_json() for t in p.before] == [["source"], ["seq", ["troop"]]]
    assert terms(p) == [["prep", ["toward"], [["target"]]]]


def test_petrarch1_adjacency_marks():
    p = parse_pattern("- SO IN_AND_*_OUT_AGAIN NOW [074]", "X")
    assert p.before_adjacent
    assert [t.to_json() for t in p.before] == [["seq", ["so"]], ["seq", ["in", "and"]]]
    assert terms(p)[0] == ["seq", ["out", "again"], [], 1]
    glued = parse_pattern("- SUGGESTED_+ * DEMAND_&GENINT_CONVENTIONS [111]", "X")
    assert [t.to_json() for t in glued.before] == [["seq", ["suggested"]], ["target", [], [], 1]]
    assert terms(glued) == [["seq", ["demand", "&genint", "conventions"]]]


@pytest.mark.parametrize(
    ("text", "active", "passive", "null"),
    [("042:043", "042", "043", False), (":173", None, "173", False), ("050", "050", "050", False),
     ("---", None, None, True), ("", None, None, True)],
)
def test_codes(text, active, passive, null):
    code = Code.parse(text)
    assert (code.active, code.passive, code.null) == (active, passive, null)


def test_specificity_counts_words_and_slots():
    assert parse_pattern("- * (WITH +) [040]", "X").specificity == 3
    assert parse_pattern("- * ATTACK (ON +) [190]", "X").specificity == 5
    assert parse_pattern("- * [040]", "X").specificity == 0


@pytest.mark.parametrize("bad", ["- (TO + [042]", "- WITH [040]", "- * * [040]", "- * TO"])
def test_unreadable_patterns_raise(bad):
    with pytest.raises(ValueError):
        parse_pattern(bad, "X")


# ---------------------------------------------------------------- verbs


def test_regular_and_irregular_verb_forms():
    v = parse_verb_line("CARRY", "B", Code("190", "190"))
    assert v.word == "carry" and set(v.forms) == {"carries", "carried", "carrying"}
    assert v.code.active == "190"
    v = parse_verb_line("SPEAK {SPEAKS SPOKE SPOKEN SPEAKING} [010] # comment", "B", Code(None, None, True))
    assert set(v.forms) == {"speaks", "spoke", "spoken", "speaking"} and v.code.active == "010"


def test_multi_word_verbs():
    v = parse_verb_line("+CARRY_OUT {+CARRIES_OUT +CARRIED_OUT}", "B", Code("190", "190"))
    assert (v.before, v.word, v.after) == ((), "carry", ("out",))
    assert set(v.forms) == {"carries", "carried"} and v.phrase == "carry out"
    v = parse_verb_line("RE_+ARREST", "B", Code("173", "173"))
    assert (v.before, v.word, v.after) == (("re",), "arrest", ())
    v = parse_verb_line("LASH OUT", "B", Code("111", "111"))  # PETRARCH 1 writes blanks
    assert (v.word, v.after) == ("lash", ("out",))


# ---------------------------------------------------------------- whole files


def test_user_dictionary_file():
    d = read_verb_dictionary(FIXTURES / "user.verbs.txt")
    assert d.problems == []
    assert d.block_count == 4
    assert {v.phrase for v in d.verbs} == {"commandeer", "impound", "take over", "escort", "come under", "dock"}
    # plurals are generated, except for '_'-final members and '_'-final labels
    assert ("ferries",) in d.synsets["&vessel"] and ("patrol", "boats") in d.synsets["&vessel"]
    assert ("tanker",) in d.synsets["&vessel"] and ("tankers",) not in d.synsets["&vessel"]
    assert ("ports",) not in d.synsets["&harbour"]
    codes = {p.text.split("[")[1].split("]")[0] for p in d.patterns}
    assert {"1711", "1712", "---", ":190", "040", "042"} <= codes
    impound = next(v for v in d.verbs if v.word == "impound")
    assert impound.code.active == "171"  # its own code beats the block's null code


def test_undefined_synsets_are_reported_and_the_pattern_skipped(tmp_path):
    path = tmp_path / "mine.verbs.txt"
    path.write_text("--- HAIL [051] ---\nHAIL\n- * &NOWHERE [051]\n- * DECISION [051]\n")
    d = read_verb_dictionary(path)
    assert len(d.patterns) == 1
    assert d.problems == ["mine.verbs.txt:3: undefined synset &nowhere"]
    # a dictionary that extends another may use its synsets
    base = VerbDictionary.from_petrarch(FIXTURES / "user.verbs.txt")
    path.write_text("--- HAIL [051] ---\nHAIL\n- * &VESSEL [051]\n")
    assert VerbDictionary.from_petrarch(path, extends=base).problems == []


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(DictionaryError, match="cannot read"):
        read_verb_dictionary(tmp_path / "nope.txt")


@needs_shared
def test_cameo_2_dictionary_reads_almost_whole():
    d = read_verb_dictionary(CAMEO_VERBS)
    assert d.block_count == 397
    assert len(d.patterns) >= 4660  # of 4,668 pattern lines
    assert len(d.synsets) == 40 and len(d.transformations) == 8
    # the only lines left out name synsets the file never defines (PETRARCH skips them too)
    assert all("undefined synset" in p for p in d.problems) and len(d.problems) <= 3
    meet = [v for v in d.verbs if v.block == "MEET_PEOPLE"]
    assert any(v.phrase == "meet with" for v in meet)


@needs_shared
def test_petrarch1_validation_dictionary_reads_whole():
    d = read_verb_dictionary(VALIDATE_VERBS)
    assert d.problems == []
    assert d.block_count == 261 and len(d.patterns) == 474
    # a synset member that is another synset (PETRARCH 1)
    assert ("&tietypes",) in d.synsets["&accordsyn"]


# ---------------------------------------------------------------- discards


def test_discards(tmp_path):
    path = tmp_path / "discards.txt"
    path.write_text(
        "# sports and history\n+WORLD CUP   # story level\nGRAND PRIX\nCHESS_  # whole word\n"
    )
    discards = read_discards(path)
    assert [(d.phrase, d.story, d.whole_word) for d in discards] == [
        ("world cup", True, False), ("grand prix", False, False), ("chess", False, True),
    ]
    assert find_discard("Fans of the World  Cup gathered.", discards).story
    assert find_discard("The Grand Prixs were cancelled.", discards).phrase == "grand prix"  # a stem
    assert find_discard("A chessboard was sold.", discards) is None
    assert find_discard("He plays chess.", discards).phrase == "chess"
    assert find_discard("The minister met the ambassador.", discards) is None


@needs_shared
def test_phoenix_and_validation_discard_files():
    phoenix = read_discards(SHARED / "phoenix-dictionaries" / "Phoenix.discards.txt")
    assert len(phoenix) > 500 and any(d.story for d in phoenix)
    validate = read_discards(SHARED / "petrarch-unit-tests" / "PETR.Validate.discards.txt")
    assert ("manchester united", True) in {(d.phrase, d.story) for d in validate}
