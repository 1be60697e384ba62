"""The `dyadwire_coref` component: registration, the shape of what it adds, and ingest learning
role evidence (the scored cases are in test_coref_cases.py)."""

from __future__ import annotations

from datetime import date

import pytest


def _until_coref(nlp, text, day):
    from conftest import run_until

    return run_until(nlp, text, day, "dyadwire_coref")


@pytest.mark.slow
def test_component_sits_between_actors_and_events(nlp):
    names = nlp.pipe_names
    assert names.index("dyadwire_actors") < names.index("dyadwire_coref") < names.index("dyadwire_events")
    assert not nlp.analyze_pipes()["problems"].get("dyadwire_coref")


@pytest.mark.slow
def test_added_mentions_have_the_actor_shape_and_an_antecedent(nlp):
    doc = _until_coref(nlp, "Gen. Mark Milley landed in Tel Aviv. He met the premier.", "2023-03-03")
    he = next(m for m in doc._.dw_actors if m["text"] == "He")
    assert set(he) >= {"start", "end", "head", "text", "code", "country", "sector", "entity_id",
                       "name", "role", "antecedent"}
    assert he["antecedent"] == "Gen. Mark Milley" and he["code"] == "USAMIL"
    assert not any(k.startswith("_") for m in doc._.dw_actors for k in m)


@pytest.mark.slow
def test_pronouns_in_quotes_and_expletive_it_are_left_alone(nlp):
    doc = _until_coref(nlp, "Israel hosted the talks. “They will fail,” he said. It is unclear why.",
                       "2023-03-03")
    texts = {m["text"] for m in doc._.dw_actors}
    assert "They" not in texts and "It" not in texts


@pytest.mark.slow
def test_evidence_rows_are_plain_and_dated(nlp):
    doc = _until_coref(nlp, "Finance Minister Bezalel Smotrich froze the funds.", "2023-05-02")
    (row,) = doc._.dw_role_evidence
    assert row["role_key"] == "finance_minister" and row["date"] == "2023-05-02"
    assert all(isinstance(v, (str, int, list, type(None))) for v in row.values())


@pytest.mark.slow
def test_undated_article_events_get_the_inferred_range(nlp):
    doc = nlp.make_doc("President-elect Joe Biden met Defense Minister Benny Gantz in Washington.")
    doc._.dw_article_date = None
    for name, proc in nlp.pipeline:
        if name != "dyadwire_classify":  # re-ranks codes only; not what these tests check
            doc = proc(doc)
    assert doc._.dw_date_range["start"] == "2020-11-07" and doc._.dw_date_range["end"] == "2021-01-20"
    for event in doc._.dw_events:
        assert (event["date"], event["date_end"], event["date_basis"]) == ("2020-11-07", "2021-01-20", "inferred")
        assert event["date_precision"] == "range"


def test_range_precision():
    from dyadwire.nlp.when import range_precision

    assert range_precision(date(2020, 12, 1), date(2020, 12, 1)) == "day"
    assert range_precision(date(2020, 12, 1), date(2020, 12, 20)) == "month"
    assert range_precision(date(2020, 5, 17), date(2020, 12, 29)) == "year"
    assert range_precision(date(2020, 11, 7), date(2021, 1, 20)) == "range"




@pytest.mark.slow
def test_a_title_in_apposition_gives_the_sector_the_knowledge_base_lacks_for_the_date(nlp):
    # The base knows Julie Bishop without an office on this date; the report's own title says
    # what she is: an opposition leader here, a minister in the other report.
    from conftest import run_until

    for text, sector in (("The opposition leader, Julie Bishop, criticised Turkey.", "OPP"),
                         ("The Australian foreign affairs minister, Julie Bishop, criticised Turkey.", "GOV")):
        doc = run_until(nlp, text, "2017-06-01", "dyadwire_coref")
        found = {m["text"]: m for m in doc._.dw_actors}
        assert found["Julie Bishop"]["sector"] == sector and found["Julie Bishop"]["country"] == "AUS"


@pytest.mark.slow
def test_a_group_named_by_its_sector_belongs_to_the_country_the_article_is_set_in(nlp):
    from conftest import run_until

    text = ("Egyptian officials said on Tuesday that Egypt would reopen the Rafah crossing. "
            "Police arrested dozens of protesters near the crossing, Egypt's interior ministry said.")
    doc = run_until(nlp, text, "2013-07-02", "dyadwire_coref")
    found = {m["text"]: m for m in doc._.dw_actors}
    assert found["Police"]["code"] == "EGYCOP"
