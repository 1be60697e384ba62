"""The event coder on sentences of our own: who did what to whom, read off the parse.

Each test names the English rule it checks. Sentences are invented for the tests; the actors are
real countries and offices so the built-in knowledge base resolves them.
"""

from __future__ import annotations

import pytest

from dyadwire.nlp.actors import ActorResolver
from dyadwire.nlp.events import EventExtractor

pytestmark = pytest.mark.slow


def code(nlp, text: str, date: str = "2022-06-01") -> list[dict]:
    from conftest import run_until

    return run_until(nlp, text, date, "dyadwire_events")._.dw_events


def triples(events: list[dict]) -> set[tuple]:
    def country(party):
        if not party:
            return None
        return party.get("country") or (party.get("code") or "")[:3] or None

    return {(country(e["source"]), country(e["target"]), e["cameo"][:2]) for e in events}


def test_target_from_a_prepositional_phrase_inside_the_object(nlp):
    # "restored ties with X": the actor sits in the object's prepositional phrase
    events = code(nlp, "Egypt restored full diplomatic ties with Qatar on Monday.")
    assert ("EGY", "QAT", "06") in triples(events) or ("EGY", "QAT", "05") in triples(events)


def test_target_after_a_preposition_of_the_verb(nlp):
    events = code(nlp, "North Korea fired two missiles at Japan on Sunday.")
    assert any(e["source"].get("country") == "PRK" and (e["target"] or {}).get("country") == "JPN" for e in events)


def test_subject_of_a_raising_adjective(nlp):
    # "X is about to do Y": X does Y
    events = code(nlp, "Turkey is about to restore full diplomatic ties with Armenia.")
    assert any(e["source"].get("country") == "TUR" and (e["target"] or {}).get("country") == "ARM" for e in events)


def test_passive_agent_is_the_source(nlp):
    events = code(nlp, "Chile was condemned by Peru on Tuesday.")
    assert ("PER", "CHL", "11") in triples(events)


def test_coordinated_subjects_each_act(nlp):
    events = code(nlp, "Norway, Sweden, Denmark and Finland condemned Russia on Friday.")
    sources = {e["source"].get("country") for e in events if (e["target"] or {}).get("country") == "RUS"}
    assert sources == {"NOR", "SWE", "DNK", "FIN"}


def test_coordinated_objects_give_one_event_each(nlp):
    events = code(nlp, "The French president met Kenya, Ghana and Senegal.")
    targets = {(e["target"] or {}).get("country") for e in events if e["source"].get("country") == "FRA"}
    assert {"KEN", "GHA", "SEN"} <= targets


def test_reciprocal_when_the_coordinated_actors_name_no_one_else(nlp):
    events = code(nlp, "Japan and South Korea restored diplomatic ties on Monday.")
    pairs = {(e["source"].get("country"), (e["target"] or {}).get("country")) for e in events}
    assert {("JPN", "KOR"), ("KOR", "JPN")} <= pairs


def test_protest_is_not_made_reciprocal(nlp):
    # "A and B protested": each protests, not against the other
    events = code(nlp, "Greece and Cyprus protested on Monday.")
    assert not any((e["target"] or {}).get("country") in ("GRC", "CYP") for e in events)


def test_place_is_a_target_only_when_no_one_else_is(nlp):
    events = code(nlp, "The Indian prime minister met the Nepalese foreign minister in Bhutan.")
    assert any((e["target"] or {}).get("country") == "NPL" for e in events)
    assert not any((e["target"] or {}).get("country") == "BTN" for e in events)


def test_attribution_after_the_report_is_not_an_event(nlp):
    events = code(nlp, "Iran restored diplomatic ties with Bahrain, a senior official said on Saturday.")
    assert not any(e["trigger"].startswith("said") for e in events)
    assert any(e["source"].get("country") == "IRN" for e in events)


def test_nominal_event_with_from(nlp):
    # "X drew condemnation from Y": Y condemns X
    events = code(nlp, "The Serbian decision drew sharp condemnation from Croatia.")
    assert ("HRV", "SRB", "11") in triples(events)


def test_refusal_is_an_event_not_a_negation(nlp):
    events = code(nlp, "Venezuela refused to meet Colombia.")
    assert any(e["cameo"].startswith("12") and e["modality"] != "negated" for e in events)


def test_a_threat_is_one_event_and_a_threat_of_force_is_138(nlp):
    events = code(nlp, "Russia threatened to attack Ukrainian ports.")
    assert [(e["source"]["code"], e["cameo"]) for e in events] == [("RUS", "138")]
    assert events[0]["target"]["code"].startswith("UKR") and events[0]["modality"] == "asserted"
    (threat,) = code(nlp, "Iran threatened to close the Strait of Hormuz.")
    assert threat["cameo"].startswith("13") and threat["cameo"] != "138"


def test_planned_and_negated_modality(nlp):
    planned = code(nlp, "The Italian prime minister will visit Albania next week.")
    assert any(e["cameo"].startswith("04") and e["modality"] == "planned" for e in planned)
    negated = code(nlp, "Poland did not condemn Hungary.")
    assert all(e["modality"] == "negated" for e in negated if e["cameo"].startswith("11"))


# -- group actors and agents, through hand-built mentions ----------------------------------------


def _resolver_with(kb) -> ActorResolver:
    component = ActorResolver()
    component.initialize(resolver=kb)
    return component


class _KB:
    """A tiny knowledge base for the actor component: two countries and two agent nouns."""

    table = {"arnor": ("ARN", "ARN", None), "gondor": ("GON", "GON", None)}
    agents = {"lawmakers": "LEG", "officials": "GOV", "lawmaker": "LEG", "official": "GOV"}

    def resolve(self, text, on=None, *, fuzzy=True):
        from dyadwire.actors.kb import Resolution

        words = text.lower().replace("'s", "").split()
        if not words:
            return None
        if " ".join(words) in self.table:
            code, country, sector = self.table[" ".join(words)]
            return Resolution(text, code, country, sector, f"e:{code}", text, kind="country", full_code=code)
        if words[-1] in self.agents:
            sector = self.agents[words[-1]]
            country = self.table.get(words[0], (None, None, None))[1]
            if country:
                return Resolution(text, country + sector, country, sector, None, None, kind="agent",
                                  full_code=country + sector, match="compose")
            if len(words) == 1:
                return Resolution(text, None, None, sector, None, None, kind="agent", full_code=sector, match="agent")
        return None

    def agent(self, noun):
        return self.agents.get(noun)


def test_agents_in_coordinated_countries_are_one_group_per_country(nlp):
    doc = nlp.make_doc("Lawmakers in Arnor and Gondor welcomed the decision.")
    for name, proc in nlp.pipeline:
        if name == "dyadwire_actors":
            doc = _resolver_with(_KB())(doc)
        elif name in ("dyadwire_coref", "dyadwire_events", "dyadwire_classify", "dyadwire_when", "dyadwire_where"):
            break
        else:
            doc = proc(doc)
    lawmakers = next(m for m in doc._.dw_actors if m["text"].lower().startswith("lawmakers"))
    assert {m["code"] for m in lawmakers.get("members", [])} == {"ARNLEG", "GONLEG"} or lawmakers["code"] == "ARNLEG"


def test_agent_of_no_country_is_written_with_dashes(nlp):
    doc = nlp.make_doc("Officials welcomed the decision.")
    for name, proc in nlp.pipeline:
        if name == "dyadwire_actors":
            doc = _resolver_with(_KB())(doc)
            break
        doc = proc(doc)
    assert doc._.dw_actors[0]["code"] == "---GOV"


def test_group_mention_members_each_give_an_event(nlp):
    # a coref-style mention with members ("the two sides") is expanded into one party each
    from dyadwire.ontology import event_dictionaries

    doc = nlp.make_doc("The two sides condemned Iran.")
    for name, proc in nlp.pipeline:
        if name == "dyadwire_actors":
            break
        doc = proc(doc)
    sides = next(t for t in doc if t.lower_ == "sides")
    iran = next(t for t in doc if t.text == "Iran")
    doc._.dw_actors = [
        {"start": sides.i - 2, "end": sides.i + 1, "head": sides.i, "text": "The two sides", "code": None,
         "members": [{"code": "USA", "country": "USA", "text": "the US"}, {"code": "ISR", "country": "ISR", "text": "Israel"}]},
        {"start": iran.i, "end": iran.i + 1, "head": iran.i, "text": "Iran", "code": "IRN", "country": "IRN"},
    ]
    doc = EventExtractor.with_dictionaries(*event_dictionaries())(doc)
    pairs = {(e["source"]["code"], e["target"]["code"]) for e in doc._.dw_events if e["target"]}
    assert pairs == {("USA", "IRN"), ("ISR", "IRN")}


def test_coordinated_subjects_that_spoke_consulted_each_other(nlp):
    events = code(nlp, "Egypt and Jordan spoke last week.")
    assert {("EGY", "JOR", "04"), ("JOR", "EGY", "04")} <= triples(events)


def test_source_must_be_resolved(nlp):
    # a name the knowledge base does not know is not coded as a source
    events = code(nlp, "Zorblax Quentaris condemned Brazil on Monday.")
    assert not any(e["source"].get("code") is None and (e["target"] or {}).get("country") == "BRA" for e in events)


@pytest.mark.parametrize(
    "text, root",
    [
        ("New US sanctions target Iranian banks.", "16"),
        ("The US targeted Iranian oil exports with new sanctions.", "16"),
        ("Israeli airstrikes hit Iranian targets in Syria.", "19"),
    ],
)
def test_light_verb_takes_its_code_from_the_instrument(nlp, text, root):
    assert any(e["cameo"].startswith(root) for e in code(nlp, text))


def test_refused_talks_is_a_rejection(nlp):
    events = code(nlp, "Venezuela refused to meet Colombia.")
    assert ("VEN", "COL", "12") in triples(events)


def _full(nlp, text: str, date: str = "2021-02-01") -> list[dict]:
    doc = nlp.make_doc(text)
    doc._.dw_article_date = date
    return nlp(doc)._.dw_events


@pytest.mark.slow
def test_a_conditional_offer_is_an_intent_addressed_to_whoever_must_meet_the_condition(nlp):
    events = _full(nlp, "President Joe Biden said he would rejoin the agreement provided Iran returns to compliance with it.")
    offer = [e for e in events if e["trigger"] == "rejoin"]
    assert len(offer) == 1
    assert offer[0]["cameo"].startswith("03") and offer[0]["modality"] == "conditional"
    assert offer[0]["target"]["country"] == "IRN"
    lift = [e for e in _full(nlp, "Washington would lift sanctions if Tehran returned to the talks.") if e["trigger"] == "lift"]
    assert lift and lift[0]["modality"] == "conditional" and lift[0]["target"]["country"] == "IRN"


@pytest.mark.slow
def test_provided_as_a_conjunction_is_not_an_event_but_as_a_verb_it_is(nlp):
    gifts = [e for e in _full(nlp, "France provided weapons to Ukraine.") if e["trigger"] == "provided"]
    assert gifts and gifts[0]["cameo"].startswith("07")
    offers = _full(nlp, "Germany said it would send engineers to Libya, provided the fighting stops.")
    assert not [e for e in offers if e["trigger"] == "provided"]
    assert any(e["modality"] == "conditional" for e in offers)


@pytest.mark.slow
def test_an_event_noun_is_placed_by_its_own_relative_clause(nlp):
    strikes = [e for e in _full(nlp, "Airstrikes attributed to Turkey that hit Kurdish positions in Iraq killed four fighters.")
               if e["trigger"].lower() == "airstrikes"]
    assert strikes and strikes[0]["source"]["country"] == "TUR"
    assert (strikes[0]["location"] or {}).get("country") == "IRQ"


@pytest.mark.parametrize("text, target", [
    ("Germany supplied tanks to Ukraine last spring.", "UKR"),
    ("Turkey deployed troops into Syria on Sunday.", "SYR"),
    ("Russia sent an envoy to Libya on Monday.", "LBY"),
    ("The United States gave Israel new bunker-busting bombs.", "ISR"),
])
def test_a_transfer_is_aimed_at_its_recipient_not_at_what_moves(nlp, text, target):
    # "sent an envoy to X": the envoy, the troops, the tanks are what is sent; X receives them
    events = [e for e in code(nlp, text) if e["target"]]
    assert events and all(e["target"].get("country") == target for e in events), events


@pytest.mark.parametrize("text, asker, asked", [
    ("France called for Russia to withdraw its troops from Georgia.", "FRA", "RUS"),
    ("Britain demanded that Iran release the sailors.", "GBR", "IRN"),
    ("Egypt's president called on Tuesday for Hamas to free the hostages.", "EGY", None),
    ("The Arab League urged Israel to halt its strikes on Gaza.", None, "ISR"),
])
def test_what_someone_is_asked_to_do_has_not_happened(nlp, text, asker, asked):
    # the request is the event, made of the one asked to act; the act asked for is not coded
    found = triples(code(nlp, text))
    assert not any(s == asked for s, _, _ in found if asked), found
    if asker and asked:
        assert any(s == asker and t == asked for s, t, _ in found), found
    assert not any(t == "DATE" for _, t, _ in found)


def test_a_call_on_others_to_act_is_an_appeal(nlp):
    # with the whole pipeline, which may recode the verb dictionary's guess to the sentence's
    # class: a statement-class verb of asking is an appeal (02), not a comment (01)
    from dyadwire.engine import code_articles
    from dyadwire.model import Article

    text = "Norway called for Sweden to reopen the border crossing."
    (coded,) = code_articles([Article(id="x", text=text)], nlp=nlp)
    assert [(e.source.country, e.target.country, e.cameo_root) for e in coded.events] == [("NOR", "SWE", "02")]


@pytest.mark.parametrize("text", [
    "Two Nigerian soldiers died in a roadside explosion near Maiduguri on Friday.",
    "A Belgian aid worker perished in an ambush in eastern Chad.",
])
def test_who_died_is_the_victim_not_the_doer(nlp, text):
    from conftest import run_until

    events = run_until(nlp, text, "2022-06-01", "dyadwire_sentence_model")._.dw_events
    died = [e for e in events if e["trigger"] in ("died", "perished")]
    assert died, events
    for e in died:
        assert not e["source"] and e["target"] and e["target"].get("country") in ("NGA", "BEL")
        assert e["cameo"][:2] == "18"


@pytest.mark.parametrize("text,codes", [
    ("Kenyan President William Ruto met Tanzanian President Samia Suluhu Hassan in Arusha.",
     {("KEN", "TZA", "04"), ("TZA", "KEN", "04")}),
    ("Chancellor Olaf Scholz visited Poland on Tuesday.", {("DEU", "POL", "042"), ("POL", "DEU", "043")}),
])
def test_a_meeting_is_coded_from_both_sides_a_visit_as_made_and_hosted(nlp, text, codes):
    from conftest import run_until

    events = run_until(nlp, text, "2023-03-01", "dyadwire_reciprocal")._.dw_events

    def country(party):
        return (party or {}).get("country") or ((party or {}).get("code") or "")[:3] or None

    got = {(country(e["source"]), country(e["target"]), e["cameo"] if len(next(iter(codes))[2]) == 3 else e["cameo"][:2])
           for e in events}
    assert codes <= got, got


def test_mediation_is_not_coded_both_ways():
    from dyadwire.nlp.reciprocal import converse

    event = {"cameo": "045", "source": {"code": "NOR"}, "target": {"code": "LKA"}, "sentence_index": 0}
    assert converse(event) is None
    assert converse({**event, "cameo": "042"})["cameo"] == "043"
    assert converse({**event, "target": None}) is None


@pytest.mark.parametrize("text,code", [
    ("Canadian treasurer Ann Ostrowski criticised the budget office.", "CANGOV"),
    ("Kenyan commissioner Joseph Mbeki accused the police of torture.", "KENGOV"),
    ("Chicago councilwoman Rita Olsen condemned the mayor.", "USAGOV"),
])
def test_an_office_named_before_a_name_gives_the_sector(nlp, text, code):
    # titles the Phoenix agent list lacks; without them the person is only a country
    assert code in {e["source"].get("code") for e in globals()["code"](nlp, text)}


@pytest.mark.parametrize("text,code", [
    ("A spokeswoman for the Chilean government denied the report on Monday.", "CHLGOV"),
    ("The rebels' spokesman accused the army of shelling the port.", "---REB"),
    ("A Pentagon spokesman said the strikes hit radar sites.", "USAMIL"),
    ("Peru's representative at the United Nations rejected the resolution.", "PERGOV"),
])
def test_a_spokesperson_is_coded_as_whom_they_speak_for(nlp, text, code):
    # not as media (Phoenix files every spokesman so) nor as a legislator ("representative")
    from conftest import run_until

    doc = run_until(nlp, text, "2011-04-01", "dyadwire_actors")
    (speaker,) = [m for m in doc._.dw_actors if doc[m["head"]].lower_ in ("spokeswoman", "spokesman", "representative")]
    assert speaker["code"] == code


def test_two_parties_that_sign_in_a_capital_act_on_each_other_not_on_the_place(nlp):
    events = code(nlp, "Chile and Peru signed a fisheries agreement in Santiago on Monday.")
    assert {("CHL", "PER", "05"), ("PER", "CHL", "05")} <= triples(events)
    assert not any(e["source"].get("country") == (e["target"] or {}).get("country") for e in events)


def test_ordinary_people_attacked_are_civilians_and_clergy_religious(nlp):
    # the codebook's sectors for "men", "a man" (Phoenix ~PPL) and an imam (~MUS)
    events = code(nlp, "Ugandan troops shot two Congolese men near the border on Sunday.")
    assert any((e["target"] or {}).get("code") == "CODCVL" for e in events)
    events = code(nlp, "A Pakistani imam condemned the Indian government on Friday.")
    assert any(e["source"].get("code") == "PAKREL" for e in events)


def test_a_country_named_bare_is_one_side_with_its_own_actors(nlp):
    # "The Peruvian president praised Peru": one side, so the praise has no second party
    events = code(nlp, "The Peruvian president praised Peru on Monday.")
    assert events and all(not e["target"] for e in events)
    # "Chile's foreign minister and Argentine officials met": Chile and its minister never meet
    events = code(nlp, "Chile's foreign minister and Argentine officials met in Santiago on Monday.")
    pairs = {((e["source"] or {}).get("country"), (e["target"] or {}).get("country")) for e in events}
    assert ("CHL", "ARG") in pairs and not any(s == t for s, t in pairs)


def test_country_holds_only_a_bare_country_and_its_own_actors():
    from dyadwire.nlp.mentions import country_holds

    peru = {"code": "PER", "country": "PER", "sector": None}
    assert country_holds({"code": "PERGOV", "country": "PER", "sector": "GOV"}, peru)
    assert country_holds(peru, {"code": "PERMIL", "country": "PER", "sector": "MIL"})
    # two sectors of one country are two parties (police and protesters), as the codebook has them
    assert not country_holds({"code": "PERCOP", "country": "PER", "sector": "COP"},
                             {"code": "PEROPP", "country": "PER", "sector": "OPP"})
    assert not country_holds({"code": "CHLGOV", "country": "CHL", "sector": "GOV"}, peru)
