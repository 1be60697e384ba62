"""Role evidence: the resolver that uses it, and storing it (fast; no spaCy model)."""

from __future__ import annotations

from datetime import date

import pytest

from dyadwire.actors import KnowledgeBase
from dyadwire.actors.evidence import EvidenceResolver, learned_entity_id, role_key


def _row(person, role, country, sector, day, article="a1", sentence=0, entity_id=None, key=None):
    return {"article_id": article, "sentence_index": sentence, "person": person,
            "entity_id": entity_id or learned_entity_id(person, country), "role": role,
            "role_key": key, "country": country, "sector": sector, "date": day,
            "date_end": day, "title_text": role, "basis": "title"}


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.builtin()


def test_role_keys_from_titles(kb):
    assert role_key("US Defense Secretary", kb) == "defence_minister"
    assert role_key("President-elect", kb) == "president_elect"
    assert role_key("far-right Finance Minister", kb) == "finance_minister"
    assert role_key("chief military commander", kb) == "military_chief"
    assert role_key("spokesman", kb) is None


def test_knowledge_base_facts_come_first(kb):
    # evidence that disagrees with a fact the knowledge base holds on that date loses
    r = EvidenceResolver(kb, [_row("Yoav Gallant", "Finance Minister", "ISR", "GOV", "2023-03-01",
                                   entity_id="person:ISR:yoav-gallant")])
    got = r.resolve("Yoav Gallant", date(2023, 3, 3))
    assert got.role == "Defence Minister" and got.match != "evidence"


def test_evidence_for_a_person_the_knowledge_base_lacks(kb):
    r = EvidenceResolver(kb, [_row("Ariel Zorenfeld", "army spokesman", "ISR", "MIL", "2023-03-03")])
    got = r.resolve("Ariel Zorenfeld", date(2023, 6, 1))
    assert (got.country, got.sector, got.role, got.match) == ("ISR", "MIL", "army spokesman", "evidence")
    assert got.entity_id == "news:ISR:ariel-zorenfeld"
    # a bare surname, when one learned person carries it
    assert r.resolve("Zorenfeld", date(2023, 6, 1)).entity_id == "news:ISR:ariel-zorenfeld"
    # more than a year away, the evidence says nothing
    assert r.resolve("Ariel Zorenfeld", date(2026, 1, 1)) is None
    assert r.resolve("Ariel Zorenfeld", None) is None


def test_one_entity_across_articles_and_surnames_not_merged(kb):
    rows = [_row("Dana Kessler", "police chief", "ISR", "COP", "2021-02-01", article="x"),
            _row("Dana Kessler", "police chief", "ISR", "COP", "2022-02-01", article="y"),
            _row("Omer Kessler", "mayor", "ISR", "GOV", "2022-02-01", article="y", sentence=3)]
    r = EvidenceResolver(kb, rows)
    a = r.resolve("Dana Kessler", date(2021, 3, 1))
    b = r.resolve("Dana Kessler", date(2022, 3, 1))
    assert a.entity_id == b.entity_id == "news:ISR:dana-kessler"
    assert r.resolve("Omer Kessler", date(2022, 3, 1)).entity_id == "news:ISR:omer-kessler"
    assert r.resolve("Kessler", date(2022, 3, 1)) is None  # two people share the surname


def test_evidence_when_the_knowledge_base_office_has_ended(kb):
    # Kochavi's term as chief of staff ended in January 2023; the news can say what came next
    r = EvidenceResolver(kb, [_row("Aviv Kochavi", "lecturer", "ISR", "ELI", "2023-05-01",
                                   entity_id="person:ISR:aviv-kochavi")])
    got = r.resolve("Aviv Kochavi", date(2023, 6, 1))
    assert got.entity_id == "person:ISR:aviv-kochavi" and got.role == "lecturer"
    assert r.resolve("Aviv Kochavi", date(2021, 6, 1)).role == "Chief of the General Staff"


def test_add_is_idempotent_and_the_rest_delegates(kb):
    r = EvidenceResolver(kb)
    row = _row("Ariel Zorenfeld", "army spokesman", "ISR", "MIL", "2023-03-03")
    assert r.add([row]) == 1 and r.add([row]) == 0
    assert r.agent("minister") == kb.agent("minister")
    assert r.resolve("Israel").code == "ISR"


def test_knowledge_base_keeps_its_signature(kb):
    from dyadwire.actors import knowledge_base, run_resolver

    assert knowledge_base() is kb
    assert knowledge_base(None, False) is kb
    row = _row("Noa Tamir-Levin", "envoy", "ISR", "GOV", "2024-01-10", article="t")
    taught = run_resolver(evidence=[row])
    assert taught.kb is kb
    assert taught.resolve("Noa Tamir-Levin", date(2024, 2, 1)).role == "envoy"
    # each run has its own resolver: one run's evidence never leaks into another's
    assert run_resolver().resolve("Noa Tamir-Levin", date(2024, 2, 1)) is None


def test_store_writes_evidence_once_and_reads_it_back(tmp_path):
    from dyadwire.model import Article
    from dyadwire.store import Store
    from dyadwire.store.db import CodedArticle

    article = Article(id="e1", text="x", date=date(2023, 3, 3))
    rows = [_row("Ariel Zorenfeld", "army spokesman", "ISR", "MIL", "2023-03-03", article=None)]
    coded = CodedArticle(article=article, clean_text="x", events=(), evidence=rows + rows)
    with Store(tmp_path / "t.duckdb") as store:
        store.write([coded])
        store.write([coded])
        got = store.role_evidence()
        names = [r[0] for r in store.con.execute("SELECT name FROM dw_migrations ORDER BY name").fetchall()]
    assert "002_role_evidence" in names
    assert len(got) == 1 and got[0]["article_id"] == "e1" and got[0]["date"] == date(2023, 3, 3)
    r = EvidenceResolver(KnowledgeBase.builtin(), got)
    assert r.resolve("Ariel Zorenfeld", date(2023, 4, 1)).role == "army spokesman"


# Titles the role keys cover, in wordings not taken from the seed reports.
@pytest.mark.parametrize("title, key", [
    ("Pentagon chief", "defence_minister"), ("defense chief", "defence_minister"),
    ("top diplomat", "foreign_minister"), ("Treasury Secretary", "finance_minister"),
    ("chief of defence staff", "military_chief"), ("army chief of staff", "military_chief"),
    ("head of the National Security Council", "security_adviser"),
    ("Strategic Affairs Minister", "strategic_affairs_minister"),
    ("prime minister elect", "prime_minister_elect"),
])
def test_role_keys_of_titles(title, key):
    from dyadwire.actors.evidence import role_key

    assert role_key(title) == key
