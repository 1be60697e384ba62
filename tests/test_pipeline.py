"""The spaCy pipeline: our components declare what they read and write, and load by name."""

import subprocess
import sys

import pytest


@pytest.mark.slow
def test_analyze_pipes_reports_no_problems(nlp):
    analysis = nlp.analyze_pipes()
    assert analysis["problems"] == {name: [] for name in nlp.pipe_names}
    for name in ("dyadwire_actors", "dyadwire_article_dates", "dyadwire_names", "dyadwire_roles",
                 "dyadwire_coref", "dyadwire_events", "dyadwire_when", "dyadwire_where"):
        assert name in nlp.pipe_names


def test_components_load_by_name_through_entry_points():
    # A spaCy user adds our component by name without importing dyadwire: the factory is found
    # through the spacy_factories entry point the package installs.
    code = (
        "import spacy; nlp = spacy.blank('en'); nlp.add_pipe('sentencizer');"
        "nlp.add_pipe('dyadwire_when'); doc = nlp('They met on Friday.'); print(type(doc._.dw_times).__name__)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "list"


@pytest.mark.slow
def test_tokenizer_keeps_hyphenated_words_and_titles(nlp):
    doc = nlp.make_doc("Lt. Gen. Ada Vance urged them to de-escalate far-right rhetoric.")
    words = [t.text for t in doc]
    assert "de-escalate" in words and "far-right" in words
    assert words[:2] == ["Lt.", "Gen."]
    parsed = nlp("Lt. Gen. Ada Vance met Col. Tom Reyes. Then they left.")
    assert len(list(parsed.sents)) == 2
