"""The compiled actor knowledge base: resolution by alias, surname, agent composition, date.

These use only the package data (no ../shared/data); the mentions are our own."""

import time
from datetime import date

import pytest

from dyadwire.actors import KnowledgeBase, agent, resolve, split_code
from dyadwire.model import Actor

DEC_2020 = date(2020, 12, 1)
MAR_2023 = date(2023, 3, 3)


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.builtin()


def test_builtin_loads_fast_and_once():
    KnowledgeBase._builtin = None
    t = time.perf_counter()
    kb = KnowledgeBase.builtin()
    took = time.perf_counter() - t
    assert took < 3.0, f"knowledge base took {took:.2f}s to load"
    assert KnowledgeBase.builtin() is kb
    st = kb.stats()
    assert st["kind_country"] >= 240 and st["kind_person"] > 10000 and st["agents"] > 3000


@pytest.mark.parametrize("text", ["US", "U.S.", "USA", "United States", "American", "the US"])
def test_us_spellings_are_the_united_states(kb, text):
    r = kb.resolve(text, MAR_2023)
    assert (r.code, r.country, r.sector) == ("USA", "USA", None)


def test_lowercase_us_is_a_pronoun_not_a_country(kb):
    assert kb.resolve("us") is None


@pytest.mark.parametrize("text,code", [("Washington", "USA"), ("Jerusalem", "ISR"),
                                       ("Tehran", "IRN"), ("Moscow", "RUS"),
                                       ("Beijing", "CHN"), ("the Kremlin", "RUSGOV"),
                                       ("White House", "USAGOV"), ("Pentagon", "USAMIL")])
def test_capitals_are_their_country_seats_of_government_its_government(kb, text, code):
    assert kb.resolve(text).code == code


@pytest.mark.parametrize("text,code", [("Israeli", "ISR"), ("Iranian", "IRN"), ("British", "GBR"),
                                       ("UK", "GBR"), ("Georgia", "GEO"), ("Jordan", "JOR")])
def test_countries_and_demonyms(kb, text, code):
    assert kb.resolve(text).code == code


def test_defence_minister_by_date(kb):
    gantz = kb.resolve("Gantz", DEC_2020)
    gallant = kb.resolve("Gallant", MAR_2023)
    assert (gantz.code, gantz.role, gantz.name) == ("ISRGOV", "Defence Minister", "Benny Gantz")
    assert (gallant.code, gallant.role, gallant.name) == ("ISRGOV", "Defence Minister", "Yoav Gallant")
    assert gantz.full_code == "ISRGOVMIL"  # Phoenix convention kept in full_code
    assert kb.resolve("Israeli defense minister", DEC_2020).entity_id == gantz.entity_id
    assert kb.resolve("Israeli defence minister", MAR_2023).entity_id == gallant.entity_id
    generic = kb.resolve("Israeli defense minister")
    assert (generic.code, generic.entity_id) == ("ISRGOV", None)


def test_same_person_same_id_across_dates_and_spellings(kb):
    a = kb.resolve("Netanyahu", DEC_2020)
    b = kb.resolve("Benjamin Netanyahu", MAR_2023)
    c = kb.resolve("Prime Minister Benjamin Netanyahu", date(1997, 1, 1))
    assert a.entity_id == b.entity_id == c.entity_id
    assert a.role == b.role == "Prime Minister"
    out_of_office = kb.resolve("Netanyahu", date(2022, 1, 1))
    assert out_of_office.entity_id == a.entity_id and out_of_office.sector != "GOV"


def test_military_chiefs(kb):
    milley = kb.resolve("Gen. Mark Milley", MAR_2023)
    assert (milley.code, milley.country, milley.role) == ("USAMIL", "USA", "Chairman of the Joint Chiefs of Staff")
    assert kb.resolve("Kochavi", DEC_2020).code == "ISRMIL"
    assert kb.resolve("Lt. Gen. Herzi Halevi", MAR_2023).code == "ISRMIL"


def test_surname_that_is_also_a_city(kb):
    # Phoenix lists Austin (Texas) under the US; on a date he is in office, the person wins
    r = kb.resolve("Austin", MAR_2023)
    assert (r.code, r.name, r.role) == ("USAGOV", "Lloyd Austin", "Secretary of Defense")


def test_president_elect_and_president(kb):
    assert kb.resolve("Biden", DEC_2020).role == "President-elect"
    assert kb.resolve("Biden", MAR_2023).code == "USAGOV"
    assert kb.resolve("Joe Biden", date(2018, 6, 1)).sector != "GOV"
    assert kb.resolve("Biden administration", MAR_2023).code == "USAGOV"


def test_shared_surname_is_two_people(kb):
    w = kb.resolve("George W. Bush", date(2003, 1, 1))
    hw = kb.resolve("Bush", date(1990, 1, 1))
    assert w.entity_id != hw.entity_id
    assert kb.resolve("Bush", date(2003, 1, 1)).entity_id == w.entity_id
    assert kb.resolve("Bush") is None  # no date: ambiguous, not guessed


def test_igo_and_armed_group(kb):
    un = kb.resolve("U.N.")
    assert (un.code, un.country, un.sector) == ("IGOUNO", "UNO", "IGO")
    assert kb.resolve("United Nations").entity_id == un.entity_id
    assert kb.resolve("NATO").code == "IGOWSTNAT"
    hamas = kb.resolve("Hamas")
    assert (hamas.country, hamas.sector) == ("PSE", "REB")


@pytest.mark.parametrize("text,code", [("US military", "USAMIL"), ("Iranian targets", "IRN"),
                                       ("the Israeli official", "ISRGOV"),
                                       ("Israeli officials", "ISRGOV"),
                                       ("Russian troops", "RUSMIL"), ("Syrian rebels", "SYRREB"),
                                       ("French police", "FRACOP")])
def test_agent_compounds(kb, text, code):
    assert kb.resolve(text, MAR_2023).code == code


def test_the_eu_and_the_au_have_the_codebooks_country_codes(kb):
    assert (kb.resolve("the European Union", MAR_2023).country, kb.resolve("EU", MAR_2023).sector) == ("EUR", "IGO")
    assert kb.resolve("African Union", MAR_2023).country == "AFR"
    assert kb.resolve("NATO", MAR_2023).country == "NAT"


def test_ngos_and_militants_of_no_one_country_have_none(kb):
    amnesty, qaeda = kb.resolve("Amnesty International", MAR_2023), kb.resolve("al Qaeda", MAR_2023)
    assert (amnesty.country, amnesty.sector) == (None, "NGO") and amnesty.code.startswith("NGO")
    assert (qaeda.country, qaeda.sector) == (None, "REB") and qaeda.code.startswith("IMG")


def test_generic_armed_men_and_separatists_have_the_codebooks_sectors(kb):
    # Phoenix: gunmen ~UAF, separatists ~REB; the codebook: gunmen, militants REB, separatists SEP
    assert kb.agent("gunmen") == "REB" and kb.agent("militants") == "REB"
    assert kb.agent("separatists") == "SEP"
    assert kb.resolve("the Syrian armed forces", MAR_2023).code == "SYRMIL"


def test_people_clergy_and_bloggers_have_the_codebooks_sectors(kb):
    # Phoenix: "men", "people" ~PPL, an imam ~MUS, a bishop ~CHRCTH; PLOVER: a blogger ~JRN.
    # The codebook has CVL, REL and MED for them, and no sector per faith.
    assert kb.agent("men") == "CVL" and kb.agent("pedestrians") == "CVL" and kb.agent("teenagers") == "CVL"
    assert kb.agent("imam") == "REL" and kb.agent("rabbi") == "REL" and kb.agent("bishop") == "REL"
    assert kb.agent("blogger") == "MED"
    assert kb.resolve("Sudanese villagers", MAR_2023).code == "SDNCVL"
    assert kb.resolve("an Indonesian imam", MAR_2023).code == "IDNREL"


def test_an_armed_branch_of_a_faith_is_armed_men_first(kb):
    # Phoenix ~MUSUAF / ~BUDUAF: the codebook codes what they are armed for as REB
    armed = [phrase for phrase, code in kb._agents.items() if code in ("~MUSUAF", "~BUDUAF", "~MUSREB")]
    assert not armed
    assert kb.agent("buddhist warrior") == "REB"


def test_a_name_without_its_middle_initial_is_whoever_held_office_that_day(kb):
    # "George Bush" is the father's name and the son's without "W."
    assert kb.resolve("George Bush", date(1990, 5, 1)).entity_id != kb.resolve("George Bush", date(2006, 5, 1)).entity_id
    assert kb.resolve("George Bush", date(2006, 5, 1)).entity_id == kb.resolve("George W. Bush").entity_id
    assert kb.resolve("George Bush", date(2006, 5, 1)).code == "USAGOV"


def test_a_group_backed_by_a_country_is_not_that_countrys(kb):
    assert kb.resolve("Iranian-backed militias", MAR_2023).country is None
    assert kb.resolve("Iranian-backed militias", MAR_2023).sector == "REB"
    assert kb.resolve("Iranian-backed Hezbollah", MAR_2023).country == "LBN"
    assert kb.resolve("the Saudi-led coalition", MAR_2023).country == "SAU"  # led is not backed


def test_news_agencies_and_institution_words_are_no_country_and_no_person(kb):
    reuters = kb.resolve("Reuters", MAR_2023)
    assert (reuters.country, reuters.sector) == (None, "MED")
    government = kb.resolve("the Government", MAR_2023)
    assert government.kind != "person" and government.sector == "GOV"


def test_legislatures_are_their_own_sector(kb):
    # Phoenix codes the US Senate USAGOVLEG; the codebook's sector for a legislature is LEG
    assert kb.resolve("the U.S. Senate", MAR_2023).code == "USALEG"
    assert kb.resolve("the Knesset", MAR_2023).sector == "LEG"
    assert kb.resolve("the Egyptian opposition", MAR_2023).code == "EGYOPP"


def test_agent_nouns(kb):
    assert kb.agent("minister") == "GOV"
    assert kb.agent("troops") == "MIL"
    assert kb.agent("rebels") == "REB"
    assert kb.agent("police") == "COP"
    assert kb.agent("defence ministry") == "GOV"
    assert kb.agent("targets") is None
    assert agent("soldier") == "MIL"


def test_fuzzy_spelling_variants_on_long_names_only(kb):
    r = kb.resolve("Benjamin Netanyahou", DEC_2020)
    assert r.name == "Benjamin Netanyahu" and r.match == "fuzzy"
    assert kb.resolve("Mark Miley", MAR_2023).name == "Mark Milley"
    assert kb.resolve("Irak") is None or kb.resolve("Irak").code in ("IRQ",)  # never Iran
    assert kb.resolve("Oman").code == "OMN"


def test_uk_ministers_from_ifg(kb):
    r = kb.resolve("Ben Wallace", date(2021, 1, 1))
    assert (r.code, r.role) == ("GBRGOV", "Secretary of State for Defence")
    assert kb.resolve("British defence secretary", date(2021, 1, 1)).name == "Ben Wallace"


def test_to_actor_builds_the_model_record(kb):
    a = kb.resolve("Gallant", MAR_2023).to_actor()
    assert isinstance(a, Actor)
    assert (a.text, a.code, a.country, a.sector, a.role) == ("Gallant", "ISRGOV", "ISR", "GOV", "Defence Minister")
    assert kb.to_actor("zzqx unknown") == Actor(text="zzqx unknown")
    assert resolve("Israel").code == "ISR"


def test_split_code():
    cc = {"ISR", "USA", "PSE"}
    assert split_code("ISRGOVMIL", cc) == ("ISRGOV", "ISR", "GOV")
    assert split_code("IGOUNO", cc) == ("IGOUNO", "UNO", "IGO")
    assert split_code("USA", cc) == ("USA", "USA", None)


def test_people_filed_under_a_group_code_stay_people(kb):
    qaeda = kb.resolve("Al-Qaeda")
    assert qaeda.code == "IMGMUSALQ" and qaeda.sector == "REB"
    assert kb.resolve("El Qaida").entity_id == qaeda.entity_id  # spelling variant, one body
    assert kb.resolve("Osama bin Laden").entity_id != qaeda.entity_id
    assert kb.resolve("EU").entity_id == kb.resolve("European Union").entity_id


def test_no_date_uses_the_default_or_latest_office(kb):
    assert kb.resolve("Netanyahu").code == "ISRELI"  # Phoenix's own default line
    assert kb.resolve("Gallant").role == "Defence Minister"  # known only through his office
    assert kb.resolve("Gallant", date(2019, 1, 1)).code == "ISRELI"  # out of office


def test_non_agent_markers_are_not_agents(kb):
    assert kb.agent("monday") is None
    assert kb.resolve("Monday") is None


def test_fuzzy_matches_spelling_variants_but_not_other_people():
    from dyadwire.actors.kb import _words_agree

    assert _words_agree("yassir arafat", "yasir arafat")
    assert _words_agree("rames nath pandey", "ramesh nath pandey")
    assert not _words_agree("josh howard", "john howard")  # another first name: another person
    assert not _words_agree("north america", "ort america")


def test_fuzzy_can_be_turned_off_for_phrases_that_are_not_names(kb=None):
    from dyadwire.actors import KnowledgeBase

    kb = KnowledgeBase.builtin()
    assert kb.resolve("Yassir Arafat", date(2003, 5, 1)) is not None
    assert kb.resolve("Yassir Arafat", date(2003, 5, 1), fuzzy=False) is None
