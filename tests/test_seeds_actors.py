"""Corpus test: actors on the date, coreference and dates in the two seed reports
(../shared/data/seeds; skips without it). Expectations are our own facts, not the reports' text."""

from __future__ import annotations

import pytest

from conftest import shared_data

pytestmark = [pytest.mark.slow, pytest.mark.corpus]

# person -> (country, sector, role on the report's date), per report
PEOPLE_2023 = {
    "person:USA:mark-milley": ("USA", "MIL", "Chairman of the Joint Chiefs of Staff"),
    "person:ISR:herzi-halevi": ("ISR", "MIL", "Chief of the General Staff"),
    "person:ISR:yoav-gallant": ("ISR", "GOV", "Defence Minister"),
    "person:USA:lloyd-austin": ("USA", "GOV", "Secretary of Defense"),
    "person:ISR:bezalel-smotrich": ("ISR", "GOV", "Finance Minister"),
    "person:ISR:benjamin-netanyahu": ("ISR", "GOV", "Prime Minister"),
    "person:ISR:ron-dermer": ("ISR", "GOV", "Strategic Affairs Minister"),
    "person:USA:jake-sullivan": ("USA", "GOV", "National Security Advisor"),
    "person:USA:antony-blinken": ("USA", "GOV", "Secretary of State"),
}
PEOPLE_2020 = {
    "person:USA:mark-milley": ("USA", "MIL", "Chairman of the Joint Chiefs of Staff"),
    "person:ISR:benjamin-netanyahu": ("ISR", "GOV", "Prime Minister"),
    "person:ISR:benny-gantz": ("ISR", "GOV", "Defence Minister"),
    "person:ISR:aviv-kochavi": ("ISR", "MIL", "Chief of the General Staff"),
    "person:USA:joe-biden": ("USA", "ELI", "President-elect"),
}


@pytest.fixture(scope="module")
def seeds(nlp):
    from dyadwire.clean import clean
    from dyadwire.ingest import read

    folder = shared_data("seeds")
    out = {}
    for article in read([str(folder)], on_reject=lambda r: None):
        doc = nlp.make_doc(clean(article.text).text)
        doc._.dw_article_date = article.date.isoformat() if article.date else None
        for name, proc in nlp.pipeline:
            if name != "dyadwire_classify":  # re-ranks codes only; not what these tests check
                doc = proc(doc)
        out[article.id] = doc
    return out


def _doc(seeds, prefix):
    return next(d for k, d in seeds.items() if k.startswith(prefix) or prefix in k)


@pytest.mark.parametrize("prefix,people", [("002_", PEOPLE_2023), ("000_", PEOPLE_2020)])
def test_every_person_has_country_sector_and_role_on_the_date(seeds, prefix, people):
    doc = _doc(seeds, prefix)
    for eid, want in people.items():
        got = {(m["country"], m["sector"], m["role"]) for m in doc._.dw_actors if m.get("entity_id") == eid}
        assert want in got, (eid, got)


def test_milley_is_one_entity_across_both_reports(seeds):
    ids = {m["entity_id"] for d in seeds.values() for m in d._.dw_actors if "Milley" in (m.get("name") or "")}
    assert ids == {"person:USA:mark-milley"}


def test_undated_report_gets_an_inferred_range_containing_december_2020(seeds):
    rng = _doc(seeds, "000_")._.dw_date_range
    assert rng and rng["basis"] == "inferred"
    assert rng["start"] <= "2020-12-01" and "2020-12-31" <= rng["end"]
    dated = [e for e in _doc(seeds, "000_")._.dw_events if e.get("date_basis") == "inferred"]
    assert dated and all(e["date_end"] == rng["end"] for e in dated)


def test_coreference_in_the_2023_report(seeds):
    doc = _doc(seeds, "002_")
    by_text = {m["text"]: m for m in doc._.dw_actors}
    assert by_text["his Israeli counterpart"]["entity_id"] == "person:ISR:herzi-halevi"
    assert by_text["the premier"]["entity_id"] == "person:ISR:benjamin-netanyahu"
    pair = next(m for m in doc._.dw_actors if m["text"].lower() == "the two sides")
    assert {x["country"] for x in pair["members"]} == {"USA", "ISR"}
    ministry = [m for m in doc._.dw_actors if m["text"] == "the Defense Ministry"]
    assert ministry and all(m["code"] == "ISRGOV" for m in ministry)
    assert any(r["person"] == "David Butler" and r["country"] == "USA" for r in doc._.dw_role_evidence)


def test_dates_in_the_2023_report(seeds):
    doc = _doc(seeds, "002_")
    times = {t["text"].lower(): t for t in doc._.dw_times}
    assert times["friday"]["date"] == "2023-03-03"
    assert times["last week"]["date"] == "2023-02-20" and times["last week"]["precision"] == "week"
    assert times["next week"]["direction"] == "future"
    visits = [e for e in doc._.dw_events if (e.get("trigger") or "").startswith("visit")]
    assert visits and all(e["modality"] == "planned" for e in visits)
