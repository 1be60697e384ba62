"""The compiled CAMEO table: codes, classes, Goldstein choice, PLOVER."""

from __future__ import annotations

import pytest

from dyadwire.ontology import cameo
from dyadwire.ontology.cameo import CameoCode, UnknownCameoCode, codes, lookup


def test_every_root_is_present():
    roots = {c.code for c in codes() if len(c.code) == 2}
    assert roots == {f"{r:02d}" for r in range(1, 21)}


def test_codes_are_sorted_and_numerous():
    table = codes()
    assert [c.code for c in table] == sorted(c.code for c in table)
    assert len(table) >= 310
    assert all(isinstance(c, CameoCode) for c in table)


def test_every_code_has_a_name_and_consistent_root():
    for c in codes():
        assert c.name and c.code.startswith(c.root) and len(c.root) == 2


@pytest.mark.parametrize(
    ("code", "quad", "penta"),
    [
        ("010", 1, 0), ("02", 1, 0), ("036", 1, 1), ("057", 1, 1), ("061", 2, 2), ("0871", 2, 2),
        ("090", 3, 3), ("1056", 3, 3), ("138", 3, 3), ("141", 4, 4), ("150", 4, 4),
        ("163", 4, 3), ("173", 4, 4), ("195", 4, 4), ("204", 4, 4),
    ],
)
def test_quad_and_penta_classes(code, quad, penta):
    c = lookup(code)
    assert (c.quad_class, c.penta_class) == (quad, penta)


def test_class_functions_reject_non_roots():
    with pytest.raises(ValueError):
        cameo.quad_class_of(21)
    with pytest.raises(ValueError):
        cameo.penta_class_of(0)


@pytest.mark.parametrize(
    ("code", "ptype", "mode", "context"),
    [
        ("042", "CONSULT", "visit", None),
        ("0871", "RETREAT", "ceasefire", "military"),
        ("195", "ASSAULT", "heavy-weapons", "military"),
        ("163", "COERCE", "restrict", "diplomatic"),
        ("1056", "REQUEST", "yield", "military"),
        ("08", "CONCEDE", None, None),
    ],
)
def test_plover_equivalents(code, ptype, mode, context):
    c = lookup(code)
    assert (c.plover_type, c.plover_mode, c.plover_context) == (ptype, mode, context)


def test_statements_and_appeals_have_no_plover_type():
    # CAMEO2PLOVER starts at root 03: PLOVER has no statement or appeal categories
    assert lookup("010").plover_type is None
    assert lookup("020").plover_type is None


def test_goldstein_is_gdelt_with_icews_kept_where_different():
    deny = lookup("016")
    assert deny.goldstein == -2.0 and deny.goldstein_icews == -5.0
    assert lookup("164").goldstein == -7.0 and lookup("164").goldstein_icews == -6.5
    assert lookup("042").goldstein_icews is None  # the two tables agree
    assert lookup("195").goldstein == -10.0


def test_codes_gdelt_lacks_come_from_icews():
    assert lookup("1213", fallback=False).name
    assert lookup("106", fallback=False).goldstein == lookup("106").goldstein


def test_gdelt_name_glitches_are_repaired():
    assert lookup("1056").name == "Demand de-escalation of military engagement"
    assert "third" in lookup("044").name and "\u00d2" not in lookup("044").name


def test_four_digit_codes_and_fallback_to_parent():
    assert lookup("0431").code == "043"  # not a CAMEO code: its parent
    assert lookup("1056").code == "1056"
    assert lookup("1056").parent == "105" and lookup("105").parent == "10"
    assert lookup("10").parent is None
    with pytest.raises(UnknownCameoCode):
        lookup("0431", fallback=False)
    assert cameo.exists("1056") and not cameo.exists("0431")


@pytest.mark.parametrize("bad", ["", "9", "21", "2101", "---", "04a", "12345", None, 42])
def test_unknown_codes_raise_a_key_error_that_says_what_to_do(bad):
    with pytest.raises(KeyError) as info:
        lookup(bad)
    assert isinstance(info.value, UnknownCameoCode)
    assert "CAMEO" in str(info.value)


def test_lookup_strips_blanks():
    assert lookup(" 042 ").code == "042"


def test_describe_keeps_any_code_and_derives_what_it_can():
    from dyadwire.ontology.cameo import describe

    leaf = describe("0431")  # below a CAMEO leaf: the code as written, the parent's classes
    assert (leaf.code, leaf.root, leaf.quad_class, leaf.penta_class) == ("0431", "04", 1, 1)
    assert leaf.goldstein is not None
    users = describe("174K")  # a user's own code under a CAMEO root
    assert (users.root, users.quad_class, users.penta_class, users.goldstein) == ("17", 4, 4, None)
    foreign = describe("903")  # not a CAMEO root at all
    assert (foreign.root, foreign.quad_class, foreign.penta_class) == ("90", None, None)
