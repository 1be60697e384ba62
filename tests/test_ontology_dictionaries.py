"""What the event coder runs with: built-in dictionaries, extended or replaced by a user's folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dyadwire.ontology import (
    DictionaryError,
    DiscardList,
    VerbDictionary,
    builtin_discards,
    event_dictionaries,
    nominal_code,
)

FIXTURES = Path(__file__).parent / "fixtures" / "ontology"


def test_builtin_dictionaries():
    verbs, nominal, discards = event_dictionaries()
    assert verbs is VerbDictionary.builtin()
    assert nominal is nominal_code and nominal("summit") == "040"
    assert discards is builtin_discards() and len(discards) > 300


def test_builtin_discards_skip_sports_but_not_years():
    discards = builtin_discards()
    assert discards.matches("The team won the Asian Cup on Sunday.")
    assert not discards.matches("The ministers met to discuss the 1967 lines.")
    assert not discards.matches("The minister met with the ambassador in Tel Aviv.")


def test_discard_list_names_story_level_phrases_first():
    from dyadwire.ontology import Discard

    discards = DiscardList([Discard("grand prix"), Discard("world cup", story=True)])
    found = discards.find("After the grand prix, the World Cup draw was held.")
    assert found.phrase == "world cup" and found.story
    assert discards.find("") is None and DiscardList().find("anything") is None


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "dicts"
    folder.mkdir()
    shutil.copy(FIXTURES / "user.verbs.txt", folder / "harbour.verbs.txt")
    (folder / "my.discards.txt").write_text("# mine\n+REGATTA\n")
    (folder / "my.actors.txt").write_text("NOT_READ_HERE [XXX]\n")  # another stage's file
    return folder


def test_user_folder_extends_the_builtin(tmp_path):
    verbs, _, discards = event_dictionaries(_folder(tmp_path))
    assert "SEIZE_SHIP" in verbs.blocks and "MEET_PEOPLE" in verbs.blocks
    assert discards.find("The regatta was cancelled.").story
    assert discards.matches("The team won the Asian Cup.")
    assert "SEIZE_SHIP" not in VerbDictionary.builtin().blocks  # the cached built-in is untouched


def test_user_folder_replaces_the_builtin(tmp_path):
    verbs, _, discards = event_dictionaries(_folder(tmp_path), replace=True)
    assert set(verbs.blocks) == {"SEIZE_SHIP", "ESCORT", "COME_UNDER", "DOCK"}
    assert discards.matches("The regatta was cancelled.")
    assert not discards.matches("The team won the Asian Cup.")


def test_missing_folder_is_a_one_line_error(tmp_path):
    with pytest.raises(DictionaryError, match="not a folder"):
        event_dictionaries(tmp_path / "nowhere")
