"""Name matching no reader would accept: a word that is no person's name in its sentence is never
resolved to a person by surname (a modifier, a company, a common word). Sentences written for
this test; the near-misses are real surnames in the knowledge base."""

import json

import pytest

pytestmark = pytest.mark.slow

NEAR_MISSES = [
    ("Western nations condemned the election result in Zimbabwe.", "Western nations"),
    ("Western diplomats urged Iran to halt enrichment.", "Western diplomats"),
    ("A Rasmussen Reports poll showed the senator ahead of the governor.", "Rasmussen"),
    ("Double car bombing attack kills 26 in Mosul.", "Double"),
]


@pytest.mark.parametrize("text, words", NEAR_MISSES)
def test_no_person_by_surname_for_a_word_that_names_none(nlp, text, words):
    doc = nlp.make_doc(text)
    doc._.dw_article_date = "2008-05-01"
    doc = nlp(doc)
    for mention in doc._.dw_actors:
        if words in mention["text"]:
            assert not str(mention.get("entity_id") or "").startswith("person:"), mention


def test_a_person_named_by_surname_is_still_resolved(nlp):
    doc = nlp.make_doc("President Nicolas Sarkozy arrived in Kabul. Sarkozy condemned the attack on the convoy.")
    doc._.dw_article_date = "2008-05-01"
    doc = nlp(doc)
    people = [m for m in doc._.dw_actors if m["text"] == "Sarkozy"]
    assert people and people[0]["country"] == "FRA"
    json.dumps(doc._.dw_actors)  # plain data
