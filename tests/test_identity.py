"""Which articles are the same (ingest/identity.py): content decides, the id is a label."""

from dyadwire.ingest.identity import DistinctArticles, Stored
from dyadwire.model import Article
from dyadwire.store.db import text_hash


def _run(articles, stored=None, **options):
    notes = []
    kept = list(DistinctArticles(text_hash, lambda o, m: notes.append((o, m)), **options)
                .filter(articles, stored))
    return [a.id for a in kept], notes


def test_the_same_text_under_two_ids_is_one_article_in_the_store():
    ids, notes = _run([Article("a", "Chad closed its border.", origin="x/a.txt"),
                       Article("b", "Chad closed its border.", origin="y/b.txt")])
    assert ids == ["a"] and "same text as article 'a'" in notes[0][1]


def test_code_keeps_each_record_but_a_record_repeated_whole():
    ids, notes = _run([Article("a", "Chad closed its border.", origin="1"),
                       Article("b", "Chad closed its border.", origin="2"),
                       Article("a", "Chad closed its border.", origin="3")], merge_same_text=False)
    assert ids == ["a", "b"] and len(notes) == 1


def test_two_texts_with_one_id_are_both_kept():
    ids, notes = _run([Article("report", "Mali expelled the envoy.", origin="a/report.txt"),
                       Article("report", "Niger recalled its envoy.", origin="b/report.txt")])
    assert ids[0] == "report" and ids[1].startswith("report~") and len(ids[1]) == len("report~") + 8
    assert "also used by a/report.txt" in notes[0][1]


def test_against_the_store_an_edited_file_replaces_and_a_stranger_is_relabelled():
    stored = Stored(by_id={"r": ("oldhash", "news/r.txt")}, by_hash={})
    ids, _ = _run([Article("r", "Peru recalled its ambassador.", origin="news/r.txt")], stored)
    assert ids == ["r"]  # same origin, new text: the edited article replaces the stored one
    ids, notes = _run([Article("r", "Peru recalled its ambassador.", origin="other/r.txt")], stored)
    assert ids[0].startswith("r~") and notes


def test_an_article_already_stored_is_unchanged_and_a_copy_of_one_is_noted():
    text = "Fiji hosted the summit."
    stored = Stored(by_id={"f": (text_hash(text), "f.txt")}, by_hash={text_hash(text): "f"})
    unchanged = []
    kept = list(DistinctArticles(text_hash, lambda o, m: None, unchanged.append)
                .filter([Article("f", text, origin="f.txt")], stored))
    assert kept == [] and len(unchanged) == 1
    ids, notes = _run([Article("g", text, origin="g.txt")], stored)
    assert ids == [] and "same text as stored article 'f'" in notes[0][1]
