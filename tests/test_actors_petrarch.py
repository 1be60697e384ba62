"""The PETRARCH actor/agent dictionary readers, on a tiny dictionary of our own and (when
../shared/data is present) on the PETRARCH validation dictionaries."""

from datetime import date
from pathlib import Path

import pytest

from dyadwire.actors import KnowledgeBase
from dyadwire.actors.petrarch import CodeSpan, parse_dict_date, read_actors, read_agents

FIXTURES = Path(__file__).parent / "fixtures" / "actors"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "petrarch-unit-tests"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data absent")


def test_dates_follow_tabari_century_rule():
    assert parse_dict_date("300101") == date(2030, 1, 1)
    assert parse_dict_date("310101") == date(1931, 1, 1)
    assert parse_dict_date("20121109") == date(2012, 11, 9)
    with pytest.raises(ValueError):
        parse_dict_date("2004017")


def test_reads_fixture_actor_dictionary():
    recs = {r.name: r for r in read_actors(FIXTURES / "user.actors.txt")}
    assert set(recs) == {"FREEDONIA", "RUFUS T. FIREFLY", "SYLVANIA"}
    assert recs["FREEDONIA"].synonyms == ["FREEDONIAN", "FREEDONIANS"]
    f = recs["RUFUS T. FIREFLY"]
    assert f.codes[0] == CodeSpan("FRDELI", end=date(1932, 12, 31))
    assert f.code_on(date(1933, 6, 1)) == "FRDGOV"
    assert f.code_on(date(1950, 1, 1)) is None  # no default code
    assert f.code_on(date(2100, 1, 1)) == "FRDGOV"


def test_tiny_user_dictionary_in_tmp_path(tmp_path):
    p = tmp_path / "mine.actors.txt"
    p.write_text("ACME_CORP [USABUS] ; legacy comment\n+ACME\nJANE_ROE\n+ROE\n\t[USAGOV 20200101-20201231]\n\t[USAELI]\n")
    recs = read_actors(p)
    assert [r.name for r in recs] == ["ACME CORP", "JANE ROE"]
    assert recs[1].code_on(date(2020, 5, 1)) == "USAGOV"
    assert recs[1].code_on(date(2022, 5, 1)) == "USAELI"
    kb = KnowledgeBase.empty().with_dictionaries(actors=p)
    assert kb.resolve("Acme").code == "USABUS"
    assert kb.resolve("Jane Roe", date(2020, 5, 1)).code == "USAGOV"
    assert kb.resolve("Jane Roe", date(2023, 5, 1)).code == "USAELI"


def test_reads_fixture_agent_dictionary():
    agents = read_agents(FIXTURES / "user.agents.txt")
    phrases = {a.phrase: a for a in agents}
    assert phrases["DUCK MINISTER"].code == "GOVDCK"
    assert "DUCK MINISTERS" in phrases  # regular plural generated
    assert "GRAND VIZIERS" in phrases and phrases["GRAND VIZIERS"].plural
    assert {"MARXMAN", "MARXMEN", "MARXWOMAN", "MARXWOMEN"} <= set(phrases)


def test_user_dictionaries_extend_the_builtin_kb():
    kb = KnowledgeBase.builtin().with_dictionaries(actors=FIXTURES / "user.actors.txt",
                                                   agents=FIXTURES / "user.agents.txt")
    assert kb.resolve("Freedonian").code == "FRD"
    assert kb.resolve("Firefly", date(1933, 3, 1)).code == "FRDGOV"
    assert kb.agent("duck minister") == "GOV"
    assert kb.agent_code("duck ministers") == "GOVDCK"
    # built-ins are still there
    assert kb.resolve("U.S.").code == "USA"
    only = KnowledgeBase.builtin().with_dictionaries(actors=FIXTURES / "user.actors.txt", replace=True)
    assert only.resolve("Israel") is None
    assert only.resolve("Sylvania").code == "SYL"


@needs_shared
def test_reads_petrarch_validation_actors():
    errors: list[str] = []
    recs = {r.name: r for r in read_actors(SHARED / "PETR.Validate.actors.txt", errors=errors)}
    assert errors == []
    assert recs["ARNOR"].default_code == "ARN"
    assert "MINAS TIRITH" in recs["GONDOR"].synonyms
    gollum = recs["GOLLUM"]
    assert gollum.synonyms == ["SMEAGOL", "SLINKER", "STINKER"]
    assert gollum.code_on(date(1990, 1, 1)) == "HOB"
    assert gollum.code_on(date(1997, 1, 1)) == "HOBGOV"
    assert gollum.code_on(date(2001, 1, 1)) == "HOBREB"
    sam = recs["SAM GAMGEE"]
    # the first restriction that covers the date wins, as in PETRARCH
    assert sam.code_on(date(2010, 1, 10)) == "ORCHOB"
    assert sam.code_on(date(2011, 1, 1)) == "HOBMIL"
    assert sam.code_on(date(2014, 1, 1)) == "HOBELI"
    assert recs["UNITED STATES"].synonyms == ["USA", "U.S."]
    assert recs["INTERNATIONAL CRIMINAL POLICE ORGANIZATION"].default_code == "IGOCOPITP"


@needs_shared
def test_reads_petrarch_validation_agents_and_codes_them():
    errors: list[str] = []
    agents = read_agents(SHARED / "PETR.Validate.agents.txt", errors=errors)
    assert errors == []
    by = {a.phrase: a for a in agents}
    assert by["TROOPS"].code == "MIL" and not by["TROOPS"].prefix
    assert by["HUMAN RIGHTS BODY"].prefix and by["HUMAN RIGHTS BODY"].code == "NGO"
    assert "MINISTRY OF SILLY WALKS" in by and "CONGRESSWOMEN" in by
    assert "POLICES" not in by  # {} means no plural
    kb = KnowledgeBase.empty().with_dictionaries(actors=SHARED / "PETR.Validate.actors.txt",
                                                 agents=SHARED / "PETR.Validate.agents.txt")
    assert kb.resolve("Gondor").code == "GON"
    assert kb.resolve("Smeagol", date(1997, 1, 1)).full_code == "HOBGOV"
    assert kb.agent("police") == "COP"


def test_knowledge_base_from_a_dictionary_folder(tmp_path):
    from dyadwire.actors import DictionaryError, knowledge_base

    (tmp_path / "mine.actors.txt").write_text((FIXTURES / "user.actors.txt").read_text())
    (tmp_path / "mine.agents.txt").write_text((FIXTURES / "user.agents.txt").read_text())
    (tmp_path / "mine.verbs.txt").write_text("# not ours\n")
    kb = knowledge_base(tmp_path)
    assert kb is knowledge_base(tmp_path)  # cached per folder
    assert kb.resolve("Freedonia").code == "FRD" and kb.resolve("Israel").code == "ISR"
    assert kb.agent("grand vizier") == "GOV"
    only = knowledge_base(tmp_path, replace=True)
    assert only.resolve("Israel") is None and only.resolve("Sylvania").code == "SYL"
    assert knowledge_base(None) is KnowledgeBase.builtin()
    with pytest.raises(DictionaryError):
        knowledge_base(tmp_path / "missing")


DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.skipif(not (DATA / "phoenix-dictionaries").is_dir(), reason="../shared/data absent")
def test_build_script_is_reproducible(tmp_path):
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    pkg = root / "src" / "dyadwire" / "actors" / "data"
    shutil.copy(pkg / "roles_extra.tsv", tmp_path / "roles_extra.tsv")
    done = subprocess.run([sys.executable, str(root / "tools" / "build_actors.py"), "--data", str(DATA),
                           "--out", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "kb.json.gz").read_bytes() == (pkg / "kb.json.gz").read_bytes(), \
        "package data is stale: run tools/build_actors.py"


@needs_shared
def test_user_dictionary_actor_conventions():
    """PETRARCH's own conventions on the unit-test dictionaries: a `THE_` phrase is met without
    its article, a leading word of a name is kept ("New ..."), a `CODE~` agent goes in front."""
    from dyadwire.actors import knowledge_base

    kb = knowledge_base(SHARED, replace=True)
    on = date(1995, 1, 1)
    assert kb.resolve("AU", on).code == "IGOAFR"
    assert kb.resolve("New Zealand", on).code == "NZE"
    assert kb.resolve("MSF Arnor", on).code == "NGOARN"
    assert kb.resolve("an MSF Arnor diplomat", on).code == "NGOARNGOV"
