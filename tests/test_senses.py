"""Sports results are set aside; election and parliament results that read like them are not."""

import pytest

from dyadwire.nlp.senses import sports_result


@pytest.mark.parametrize("text", [
    "Brazil defeated Argentina 3-1 in the World Cup final on Sunday.",
    "France beat England in the Six Nations match at Twickenham.",
    "Portugal edged Spain in a tense semi-final in Lisbon.",
    "Kenya's runners won three medals at the Olympics.",
    "The match ended 2-2 after a late penalty.",
])
def test_sports_results(base_nlp, text):
    assert any(sports_result(s) for s in base_nlp(text).sents)


@pytest.mark.parametrize("text", [
    "The ruling party won the vote 54-46 in the Senate.",
    "Parliament defeated the motion by 310 votes to 215.",
    "The final report blamed the defence ministry for the failures.",
    "Iran beat back the offensive near the border.",
    "The opposition lost the election in a landslide.",
])
def test_political_results_are_not_sports(base_nlp, text):
    assert not any(sports_result(s) for s in base_nlp(text).sents)


@pytest.mark.slow
def test_the_coder_sets_a_game_aside_and_says_why(nlp):
    doc = nlp("France beat England in the Six Nations match at Twickenham. "
              "France and Germany signed a trade agreement in Paris.")
    assert doc._.dw_set_aside == [{"sentence_index": 0, "reason": "sports result"}]
    assert {e["sentence_index"] for e in doc._.dw_events} == {1}
