"""Across reports on a real DuckDB file: near-duplicate links and merged events, incremental and
idempotent. The articles are written for these tests (fictional places and people)."""

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from dyadwire.cli import app
from dyadwire.model import Actor, Article, CodedArticle, Event, Place
from dyadwire.stories import link
from dyadwire.stories.duplicates import is_copy, shingles
from dyadwire.stories.merge import (Cluster, Report, could_be_same, date_window, group, pair_features,
                                    phoenix_key, same_event, word_cosine)
from dyadwire.store import EventFilter, Store, duplicates, events, stories, timeline

PARAGRAPHS = [
    "The harbour authority of Port Vellan closed the northern quay on Tuesday after inspectors "
    "found cracks in two of the oldest mooring posts, according to a statement from the port.",
    "Ferries bound for the islands were moved to the southern terminal, where passengers waited "
    "for up to three hours while crews loaded cars and freight by hand under heavy rain.",
    "The mayor, Ilse Varga, said the repairs would take at least a fortnight and promised that "
    "the city would pay for the extra buses that now carry travellers between the terminals.",
    "Fishermen who use the quay at night complained that nobody had warned them, and several "
    "boats were left tied to posts that the inspectors had marked as unsafe earlier that week.",
    "A spokesman for the ferry company said timetables would stay the same for now, although "
    "the late crossing on Fridays might be cancelled if the queues at the southern gate grew.",
    "The council will meet on Thursday to decide whether the money for the repairs should come "
    "from the harbour fund or from the road budget, which was cut sharply in the spring.",
]
OTHER = [
    "Farmers in the valley of Oster began the grape harvest two weeks early this year after a "
    "dry and unusually warm summer that left many vineyards short of water in August.",
    "Growers said the fruit was small but sweet, and the cooperative expects fewer bottles and "
    "higher prices, while the regional office has promised help with irrigation next season.",
    "Pickers arriving from the coast found fewer jobs than in earlier years because several of "
    "the larger estates now use machines on the flat fields near the river.",
]


def text(paragraphs, title="Port Vellan closes northern quay after cracks found"):
    return title + "\n\n" + "\n\n".join(paragraphs)


def test_shingles_ignore_case_punctuation_and_spacing():
    assert shingles("The  quay , closed -- on Tuesday!") == shingles("the quay closed on tuesday")


def test_copy_rules_on_built_pairs():
    original = text(PARAGRAPHS)
    assert is_copy(original, original)
    assert is_copy(original, text(PARAGRAPHS, "Quay shut in Port Vellan"))        # new headline
    assert is_copy(original, text(PARAGRAPHS[:2] + PARAGRAPHS[3:]))                # dropped paragraph
    assert is_copy(original, text(PARAGRAPHS[:3]))                                 # half dropped
    assert is_copy(original, text(PARAGRAPHS[3:] + PARAGRAPHS[:3]))                # reordered
    lead = ("Port Vellan shut its northern quay on Tuesday when inspectors discovered cracked "
            "mooring posts, the port said in a statement.")
    assert is_copy(original, text([lead] + PARAGRAPHS[1:]))                        # rewritten lead
    assert not is_copy(original, text(OTHER, "Early harvest in Oster"))
    # two reports of one happening in the writers' own words are no copy
    own = ("Inspectors found cracked mooring posts at Port Vellan, and the port shut its "
           "northern quay on Tuesday. Island ferries now leave from the southern terminal, and "
           "the mayor says repairs will last two weeks at least.")
    assert not is_copy(original, own)
    assert not is_copy("Short note.", "Short note.")  # too short to tell


def _article(aid, body, day="2021-05-04", source="Outlet A", events=()):
    return CodedArticle(article=Article(id=aid, text=body, date=date.fromisoformat(day), source=source,
                                        origin=f"{aid}.txt"),
                        clean_text=body, events=list(events))


def test_duplicates_are_linked_incrementally_and_never_relinked(tmp_path):
    path = tmp_path / "d.duckdb"
    original = text(PARAGRAPHS)
    with Store(path) as store:
        store.write([_article("orig", original, "2021-05-04"),
                     _article("copy1", text(PARAGRAPHS, "Quay shut"), "2021-05-05", "Outlet B"),
                     _article("other", text(OTHER, "Harvest"), "2021-05-04")])
        first = link(store.con)
        assert (first.duplicates.articles, first.duplicates.linked) == (3, 1)
        links = {d["article_id"]: d["duplicate_of"] for d in duplicates(store.con)}
        assert links == {"copy1": "orig"}
        # a second batch: a copy of the copy links to the first original; nothing else moves
        store.write([_article("copy2", text(PARAGRAPHS[:4], "Quay"), "2021-05-06", "Outlet C")])
        second = link(store.con)
        assert (second.duplicates.articles, second.duplicates.linked) == (1, 1)
        rows = store.con.execute("SELECT article_id, duplicate_of FROM article_duplicates ORDER BY 1").fetchall()
        assert rows == [("copy1", "orig"), ("copy2", "orig")]
        assert store.counts()["articles"] == 4  # nothing deleted
        again = link(store.con)
        assert (again.duplicates.articles, again.merge.reports) == (0, 0)
        assert store.con.execute("SELECT count(*) FROM article_duplicates").fetchone()[0] == 2


def test_within_a_run_the_earlier_article_is_the_original(tmp_path):
    with Store(tmp_path / "d.duckdb") as store:
        # written in the other order: the earlier published is still the original
        store.write([_article("late", text(PARAGRAPHS, "Quay"), "2021-05-09"),
                     _article("early", text(PARAGRAPHS), "2021-05-04")])
        link(store.con)
        assert [(d["article_id"], d["duplicate_of"]) for d in duplicates(store.con)] == [("late", "early")]


def test_changed_article_is_signed_again(tmp_path):
    with Store(tmp_path / "d.duckdb") as store:
        store.write([_article("a", text(PARAGRAPHS)), _article("b", text(PARAGRAPHS, "Quay"))])
        link(store.con)
        assert len(duplicates(store.con)) == 1
        store.write([_article("b", text(OTHER, "Harvest"))])  # b's source file changed
        assert link(store.con).duplicates.articles == 1
        assert duplicates(store.con) == []


FIGHT = "Army units attacked rebel positions near Dorvan on Tuesday, witnesses said."
FIGHT2 = "Troops shelled the rebel stronghold of Dorvan, a local official told reporters."  # words 0.125
FIGHT3 = "Dorvan rebels said army units attacked their positions."
AID = "The army delivered food to rebel families in Kesh."  # shares two words with FIGHT (0.15)
MEETING = "Ministers of Aaland and Ceeland met in Vorn to discuss trade."


def _event(aid, idx, cameo, src, tgt, day, *, sentence=FIGHT, basis="explicit", place=None,
           modality="asserted", src_entity=None, confidence=0.8):
    def actor(code):
        if code is None:
            return None
        country, sector = code[:3], code[3:] or None
        return Actor(text=code, code=code, country=country, sector=sector,
                     entity_id=src_entity if code == src and src_entity else f"country:{country}")
    return Event(article_id=aid, sentence=sentence, sentence_index=idx, span=(0, 10),
                 raw_span=(0, 10), source=actor(src), target=actor(tgt), cameo=cameo, cameo_root=cameo[:2],
                 quad_class=4, penta_class=4, goldstein=-10.0, plover={"type": "ASSAULT", "mode": None},
                 date=day, date_precision="day", date_basis=basis, modality=modality, location=place,
                 confidence=confidence, trigger="attacked")


def _report(**kw):
    e = _event(kw.pop("aid", "a"), kw.pop("idx", 0), kw.pop("cameo", "190"), kw.pop("src", "AAAMIL"),
               kw.pop("tgt", "BBBREB"), kw.pop("day", "2021-05-04"), **kw)
    return Report.from_event(e.to_dict())


def test_same_event_rule():
    a = _report(aid="a")
    b = dict(aid="b", sentence=FIGHT2)  # another outlet's words for the same fight
    assert same_event(a, _report(**b))                                      # codings agree, words some
    assert same_event(a, _report(**b, cameo="183"))                         # both acts of force
    assert same_event(a, _report(**b, src="AAA"))                           # country level vs sector
    assert same_event(a, _report(**b, src="BBBREB", tgt="AAAMIL"))          # fighting is symmetric
    assert same_event(a, _report(**b, day="2021-05-05"))                    # explicit day +-1
    assert not same_event(a, _report(**b, day="2021-05-07"))
    assert not same_event(a, _report(aid="a"))                              # one sentence, two events
    assert not same_event(a, _report(**b, src="AAAGOV"))                    # another sector, few words
    assert not same_event(a, _report(**b, tgt=None))                        # no target vs a target
    assert not same_event(a, _report(**b, modality="planned"))
    assert not same_event(_report(aid="a", src="AAAGOV", src_entity="person:1", cameo="042"),
                          _report(**b, src="AAAGOV", src_entity="person:2", cameo="042"))
    # the same dyad on the same day, a different happening with a few words in common
    assert not same_event(a, _report(aid="b", sentence=AID, cameo="073"))
    # the same words, coded wrong: the sentence carries it
    assert same_event(a, _report(aid="b", sentence=FIGHT3, cameo="042", src="CCC"))
    assert not same_event(a, _report(aid="b", sentence=FIGHT3, cameo="042", src="CCC", day="2021-05-09"))
    far = Place(name="Far", country="AAA", lat=10.0, lon=10.0, precision="city")
    near = Place(name="Near", country="AAA", lat=10.2, lon=10.1, precision="city")
    elsewhere = Place(name="Else", country="AAA", lat=13.0, lon=10.0, precision="city")
    assert same_event(_report(aid="a", place=far), _report(**b, place=near))
    assert not same_event(_report(aid="a", place=far), _report(**b, place=elsewhere))
    # a date that is only the article's date means that day or the two before
    assert date_window(_report(basis="article")) == (date(2021, 5, 2), date(2021, 5, 4))


def test_word_likeness_weighs_rare_words_more():
    a = _report(aid="a", sentence="Army units shelled Dorvan and Kesh on Tuesday.")
    b = _report(aid="b", sentence="Army units shelled Vorn on Tuesday.")
    c = _report(aid="c", sentence="Rebels in Dorvan and Kesh fled.")
    assert word_cosine(a, b) > word_cosine(a, c)  # more words shared, unweighted
    rare = {"dorvan": 3.0, "kesh": 3.0}  # the place names are rare, the rest common
    assert word_cosine(a, c, rare) > word_cosine(a, b, rare)
    assert word_cosine(a, a, rare) == pytest.approx(1.0)
    assert word_cosine(a, _report(aid="d", sentence="")) == 0.0


def test_triggers_found_in_the_other_sentence():
    a = _report(aid="a")  # "attacked"
    assert pair_features(a, _report(aid="b", sentence=FIGHT3), 0.5)["triggers"] == 2
    assert pair_features(a, _report(aid="b", sentence=FIGHT2), 0.5)["triggers"] == 1
    assert pair_features(a, _report(aid="b", sentence=AID), 0.5)["triggers"] == 1
    other = Report.from_event({**_event("b", 0, "073", "AAAMIL", "BBBREB", "2021-05-04", sentence=AID).to_dict(),
                               "trigger": "delivered"})
    assert pair_features(a, other, 0.5)["triggers"] == 0


def test_a_sentence_repeated_in_a_later_article():
    early = _report(aid="a", basis="article")
    later = _report(aid="b", basis="article", day="2021-05-09")  # the article's date only
    assert not could_be_same(early, later)
    assert could_be_same(early, later, words=0.9)                 # nearly word for word
    assert not could_be_same(early, later, words=0.5)
    assert not could_be_same(early, _report(aid="b", basis="article", day="2021-05-20"), words=0.9)
    # both dated by their text to days apart: two happenings, however alike the words
    assert not could_be_same(_report(aid="a"), _report(aid="b", day="2021-05-09"), words=0.9)


def _partition(assigned):
    groups = {}
    for event_id, merged_id in assigned.items():
        groups.setdefault(merged_id, set()).add(event_id)
    return sorted(sorted(g) for g in groups.values())


def test_grouping_is_average_link_and_independent_of_order():
    fight = [_report(aid="a"), _report(aid="b", sentence=FIGHT2, cameo="193"),
             _report(aid="c", sentence=FIGHT3, src="AAA")]
    meeting = [_report(aid="d", sentence=MEETING, cameo="042", src="AAAGOV", tgt="CCCGOV"),
               _report(aid="e", sentence=MEETING.replace("met", "held talks"), cameo="042",
                       src="AAAGOV", tgt="CCCGOV")]
    aid = [_report(aid="f", sentence=AID, cameo="073")]
    everyone = fight + meeting + aid
    assigned, clusters = group(everyone)
    parts = _partition(assigned)
    assert sorted(r.event_id for r in fight) in parts and sorted(r.event_id for r in meeting) in parts
    assert [aid[0].event_id] in parts
    assert _partition(group(list(reversed(everyone)))[0]) == parts
    assert group(list(reversed(everyone)))[0] == assigned  # the same merged ids too
    # stored groups never become one; a new report joins the one it is linked to
    stored = [Cluster("m-fight", fight[:2]), Cluster("m-meeting", meeting)]
    again, touched = group([fight[2]], stored)
    assert again == {fight[2].event_id: "m-fight"} and [c.merged_id for c in touched] == ["m-fight"]


def test_logistic_fit_recovers_known_weights():
    import numpy as np

    from dyadwire.stories.judged import fit_logistic

    rng = np.random.default_rng(0)
    x = np.c_[np.ones(4000), rng.normal(size=(4000, 2))]
    truth = np.array([-1.0, 2.0, -0.5])
    y = (rng.random(4000) < 1 / (1 + np.exp(-x @ truth))).astype(float)
    w = fit_logistic(x, y, l2=0.0)
    assert np.allclose(w, truth, atol=0.2)
    assert abs(fit_logistic(x, y, l2=1000.0)[1]) < abs(w[1])  # the penalty shrinks


def test_phoenix_key_is_date_dyad_and_code():
    assert phoenix_key(_report(aid="a")) == phoenix_key(_report(aid="b"))
    assert phoenix_key(_report(aid="a")) != phoenix_key(_report(aid="b", cameo="183"))
    assert phoenix_key(_report(tgt=None)) is None


def _merge_db(path):
    with Store(path) as store:
        store.write([
            _article("cnn-1", "Report one.", "2021-05-04", "CNN", [
                _event("cnn-1", 0, "190", "AAAMIL", "BBBREB", "2021-05-04"),
                _event("cnn-1", 1, "042", "AAAGOV", "CCCGOV", "2021-05-04", sentence=MEETING)]),
            _article("rtr-1", "Report two.", "2021-05-04", "Reuters", [
                _event("rtr-1", 3, "193", "AAAMIL", "BBBREB", "2021-05-04", sentence=FIGHT2),
                # the same dyad on the same day, a different happening: stays apart
                _event("rtr-1", 4, "073", "AAAMIL", "BBBREB", "2021-05-04", sentence=AID)]),
        ])
        link(store.con)


def test_events_lists_one_row_per_merged_event(tmp_path):
    path = tmp_path / "m.duckdb"
    _merge_db(path)
    with Store(path) as store:
        merged = events(store.con, EventFilter(limit=None))
        every = events(store.con, EventFilter(limit=None), reports=True)
        assert len(every) == 4 and len(merged) == 3
        fight = [e for e in merged if e["reports"] == 2]
        assert len(fight) == 1
        assert fight[0]["outlets"] == 2 and fight[0]["article_ids"] == ["cnn-1", "rtr-1"]
        assert sorted(fight[0]["report_ids"]) == fight[0]["report_ids"] and len(fight[0]["report_ids"]) == 2
        assert all(e["merged_id"] == fight[0]["merged_id"] for e in every if e["event_id"] in fight[0]["report_ids"])
        # filters apply to the event's coding
        assert [e["reports"] for e in events(store.con, EventFilter(root="07", limit=None))] == [1]
        before = store.con.execute("SELECT * FROM event_reports ORDER BY 1").fetchall()
        # a later batch: another outlet's report of the same fight joins (it fits one of the
        # two reports in its own words: half of them)
        store.write([_article("bbc-1", "Report three.", "2021-05-05", "BBC", [
            _event("bbc-1", 0, "190", "AAA", "BBBREB", "2021-05-04", sentence=FIGHT3)])])
        assert link(store.con).merge.reports == 1
        after = dict(store.con.execute("SELECT event_id, merged_id FROM event_reports").fetchall())
        assert all(after[e] == m for e, m, _ in before)  # nothing already grouped moved
        fight = [e for e in events(store.con, EventFilter(limit=None)) if e["reports"] > 1]
        assert [(e["reports"], e["outlets"]) for e in fight] == [(3, 3)]


def test_a_copy_reports_but_adds_no_outlet(tmp_path):
    with Store(tmp_path / "c.duckdb") as store:
        store.write([
            _article("orig", text(PARAGRAPHS), "2021-05-04", "CNN",
                     [_event("orig", 2, "190", "AAAMIL", "BBBREB", "2021-05-04")]),
            _article("copy", text(PARAGRAPHS, "Reprinted"), "2021-05-05", "Daily Wire",
                     [_event("copy", 3, "190", "AAAMIL", "BBBREB", "2021-05-04")]),
            _article("other", text(OTHER, "Harvest"), "2021-05-05", "BBC",
                     [_event("other", 1, "193", "AAAMIL", "BBBREB", "2021-05-04", sentence=FIGHT2)]),
        ])
        link(store.con)
        assert [(d["article_id"], d["duplicate_of"]) for d in duplicates(store.con)] == [("copy", "orig")]
        (event,) = events(store.con, EventFilter(limit=None))
        assert (event["reports"], event["outlets"]) == (3, 2)  # CNN (and its reprint), BBC


def test_cli_events_merged_and_reports(tmp_path):
    path = tmp_path / "m.duckdb"
    _merge_db(path)
    runner = CliRunner()
    merged = runner.invoke(app, ["events", "--db", str(path), "--json", "--limit", "0"])
    every = runner.invoke(app, ["events", "--db", str(path), "--json", "--limit", "0", "--reports"])
    assert merged.exit_code == every.exit_code == 0
    rows = [json.loads(line) for line in merged.stdout.splitlines()]
    assert len(rows) == 3 and sorted(r["reports"] for r in rows) == [1, 1, 2]
    assert {"reports", "outlets", "report_ids", "article_ids"} <= set(rows[0])
    assert len(every.stdout.splitlines()) == 4
    table = runner.invoke(app, ["events", "--db", str(path)])
    assert table.exit_code == 0 and "2/2" in table.stdout


def test_judged_pairs_are_keys_and_labels_only():
    from dyadwire.stories.judged import LABELS, judged_pairs

    pairs = judged_pairs()
    assert len(pairs) >= 300
    assert [p["pair"] for p in pairs] == list(range(len(pairs)))
    assert {p["label"] for p in pairs} <= set(LABELS)
    assert sum(p["label"] == "same" for p in pairs) >= 50
    keys = {"article_id", "sentence_index", "span", "event_id", "cameo"}
    seen = set()
    for p in pairs:
        assert set(p) == {"pair", "corpus", "stratum", "a", "b", "label"}  # no text
        assert set(p["a"]) == keys == set(p["b"])
        assert p["a"]["article_id"] != p["b"]["article_id"]
        sentences = frozenset([(p["a"]["article_id"], p["a"]["sentence_index"]),
                               (p["b"]["article_id"], p["b"]["sentence_index"])])
        assert sentences not in seen
        seen.add(sentences)


def test_scoring_counts_merged_pairs_against_labels():
    from dyadwire.stories.judged import evaluate

    evs = [_event("a", 0, "190", "AAAMIL", "BBBREB", "2021-05-04"),
           _event("b", 0, "190", "AAAMIL", "BBBREB", "2021-05-04", sentence=FIGHT2),
           _event("c", 0, "073", "AAAMIL", "BBBREB", "2021-05-04", sentence=AID)]
    js = [e.to_dict() for e in evs]

    def key(x):
        return {k: js[x][k] for k in ("article_id", "sentence_index", "event_id", "cameo")}

    def pair(n, x, y, label):
        return {"pair": n, "corpus": "t", "stratum": "s", "label": label, "a": key(x), "b": key(y)}

    ev = evaluate(js, [pair(0, 0, 1, "same"), pair(1, 0, 2, "same"), pair(2, 1, 2, "different"),
                       pair(3, 0, 2, "unsure")])
    assert (ev.merger["all"].tp, ev.merger["all"].fn, ev.merger["all"].tn, ev.unsure) == (1, 1, 1, 1)
    # Phoenix: a and b share (date, source, target, code); c has another code
    assert (ev.phoenix["all"].tp, ev.phoenix["all"].fn, ev.phoenix["all"].tn) == (1, 1, 1)
    assert ev.rekeyed == 0 and ev.missing == []
    # another coder's ids: the reports are found by sentence and code
    moved = [pair(0, 0, 1, "same")]
    moved[0]["a"]["event_id"] = "0" * 16
    again = evaluate(js, moved)
    assert again.rekeyed == 1 and again.merger["all"].tp == 1
    moved[0]["b"]["sentence_index"], moved[0]["b"]["event_id"] = 7, "1" * 16
    assert evaluate(js, moved).missing == ["0"]


def test_a_database_from_before_merging_lists_each_event_once(tmp_path):
    """A database an older dyadwire wrote (migrations up to 005) opened read-only: no
    across-reports tables yet; every event is its own, and nothing fails."""
    import duckdb

    path = tmp_path / "old.duckdb"
    with Store(path):  # every migration, then 007 undone: the database an older dyadwire left
        pass
    con = duckdb.connect(str(path))
    for table in ("article_signatures", "article_bands", "article_duplicates", "event_reports", "merged_events"):
        con.execute(f"DROP TABLE {table}")
    con.execute("DELETE FROM dw_migrations WHERE name LIKE '007%'")
    from dyadwire.store.schema import event_row
    con.execute("INSERT INTO articles (id, raw_text, clean_text) VALUES ('a', 'x', 'x')")
    row = event_row(_event("a", 0, "190", "AAAMIL", "BBBREB", "2021-05-04").to_dict())
    con.execute(f"INSERT INTO events VALUES ({', '.join('?' * len(row))})", list(row))
    con.close()
    with Store(path, read_only=True) as store:
        (event,) = events(store.con, EventFilter(limit=None))
        assert (event["reports"], event["outlets"], event["article_ids"]) == (1, 1, ["a"])
        assert len(events(store.con, EventFilter(limit=None), reports=True)) == 1
        assert duplicates(store.con) == []
    with Store(path) as store:  # the next writer brings it up to date; the next link groups it
        link(store.con)
        assert store.con.execute("SELECT count(*) FROM event_reports").fetchone()[0] == 1


def test_replaced_article_leaves_its_events_and_the_rest_stay(tmp_path):
    with Store(tmp_path / "r.duckdb") as store:
        store.write([
            _article("x", "Report x.", "2021-05-04", "CNN", [_event("x", 0, "190", "AAAMIL", "BBBREB", "2021-05-04")]),
            _article("y", "Report y.", "2021-05-04", "BBC",
                     [_event("y", 0, "193", "AAAMIL", "BBBREB", "2021-05-04", sentence=FIGHT2)]),
        ])
        link(store.con)
        assert [e["reports"] for e in events(store.con, EventFilter(limit=None))] == [2]
        # x's source changed: its event is gone, a meeting took its place
        store.write([_article("x", "Report x, corrected.", "2021-05-04", "CNN",
                              [_event("x", 0, "042", "AAAGOV", "CCCGOV", "2021-05-04", sentence=MEETING)])])
        link(store.con)
        rows = events(store.con, EventFilter(limit=None))
        assert sorted((e["cameo"], e["reports"], e["article_ids"][0]) for e in rows) == [("042", 1, "x"), ("193", 1, "y")]
        assert store.con.execute("SELECT count(*) FROM event_reports").fetchone()[0] == 2
        assert store.con.execute("SELECT sum(reports) FROM merged_events").fetchone()[0] == 2


LEAD = ("Soldiers of Vellan attacked the rebel town of Dorvan on Tuesday, burning the market and "
        "the school, residents said.")
BODY = [
    "The governor of the province said the rebels had killed two policemen there a week earlier "
    "and that the army would stay in the town until the roads were safe again.",
    "Aid workers who reached the town on Wednesday found hundreds of families sleeping in the open "
    "fields near the river, with little food and no clean water.",
    "The opposition called the raid a crime and asked neighbouring countries to stop selling "
    "weapons to the government, which denies any abuse.",
    "Talks between the two sides, which began in the spring, were suspended last month after a "
    "bomb exploded near the parliament in the capital.",
]


@pytest.mark.slow
def test_ingest_links_copies_merges_reports_and_a_rerun_changes_nothing(tmp_path):
    from dyadwire.engine import ingest

    day = date(2021, 5, 5)
    original = LEAD + "\n\n" + "\n\n".join(BODY)
    articles = [
        # the wire story a day before the paper reprints it: the earlier one is the original
        Article(id="wire-1", text=original, date=date(2021, 5, 4), source="Wire", origin="wire-1"),
        Article(id="paper-1", text="Dorvan attacked\n\n" + original, date=day, source="Paper", origin="paper-1"),
        Article(id="radio-1", text=("Vellan soldiers attacked the rebel town of Dorvan on Tuesday and burned its "
                                    "market, residents told the radio.\n\nThe army has not commented."),
                date=day, source="Radio", origin="radio-1"),
    ]
    path = tmp_path / "i.duckdb"

    def state():
        with Store(path, read_only=True) as store:
            return (store.con.execute("SELECT * FROM article_duplicates ORDER BY 1").fetchall(),
                    store.con.execute("SELECT * FROM event_reports ORDER BY 1").fetchall(),
                    store.con.execute("SELECT * FROM merged_events ORDER BY 1").fetchall())

    with Store(path) as store:
        first = ingest(articles, store)
    assert first.links.duplicates.linked == 1
    links, reports, _ = state()
    assert [(a, o) for a, o, *_ in links] == [("paper-1", "wire-1")]
    with Store(path, read_only=True) as store:
        every = events(store.con, EventFilter(limit=None), reports=True)
        merged = events(store.con, EventFilter(limit=None))
    assert every, "the coder finds events in the lead"
    # each event of the copy is a report of the event its original's same sentence reports
    by_sentence = {(e["sentence"], e["cameo"]): e["merged_id"] for e in every if e["article_id"] == "wire-1"}
    for e in every:
        if e["article_id"] == "paper-1" and (e["sentence"], e["cameo"]) in by_sentence:
            assert e["merged_id"] == by_sentence[(e["sentence"], e["cameo"])]
    assert len(merged) < len(every)
    from_wire = [e for e in merged if "wire-1" in e["article_ids"]]
    assert from_wire and all(e["article_ids"] == ["paper-1", "wire-1"] for e in from_wire)
    assert all(e["outlets"] == 1 for e in from_wire)  # the reprint adds a report, not an outlet
    before = state()
    with Store(path) as store:
        again = ingest(articles, store)
    assert again.coded == 0 and (again.links.duplicates.articles, again.links.merge.reports) == (0, 0)
    assert state() == before


def test_stories_group_articles_and_a_new_batch_joins_them(tmp_path):
    # follow-ups of one story repeat its lead and add a paragraph
    harbour = [text([PARAGRAPHS[0], PARAGRAPHS[i]], f"Port Vellan quay, day {i}") for i in (1, 2, 3)]
    harvest = text(OTHER, "Early harvest in Oster")
    with Store(tmp_path / "s.duckdb") as store:
        store.write([_article("h1", harbour[0], "2021-05-04"), _article("v1", harvest, "2021-05-05")])
        assert link(store.con).stories.articles == 2
        first = {s["story_id"]: s for s in stories(store.con)}
        assert len(first) == 2
        store.write([_article("h2", harbour[1], "2021-05-06"), _article("h3", harbour[2], "2021-05-08")])
        assert link(store.con).stories.articles == 2
        placed = dict(store.con.execute("SELECT article_id, story_id FROM article_stories").fetchall())
        assert placed["h1"] == placed["h2"] == placed["h3"] != placed["v1"]
        assert set(placed.values()) == set(first)  # the new batch joined, made nothing new
        big = stories(store.con)[0]
        assert (big["articles"], big["first_date"], big["last_date"]) == (3, "2021-05-04", "2021-05-08")
        before = store.con.execute("SELECT * FROM article_stories ORDER BY 1").fetchall()
        assert link(store.con).stories.articles == 0
        assert store.con.execute("SELECT * FROM article_stories ORDER BY 1").fetchall() == before
        # months later the same words start a new story: time decays likeness
        store.write([_article("h9", harbour[0] + "\\n\\nAgain.", "2021-11-20")])
        link(store.con)
        assert len(stories(store.con)) == 3


def test_timeline_ranks_dates_by_independent_reports(tmp_path):
    with Store(tmp_path / "t.duckdb") as store:
        store.write([
            _article("a1", "A.", "2021-05-04", "CNN", [
                _event("a1", 0, "190", "AAAMIL", "BBBREB", "2021-05-04"),
                _event("a1", 1, "042", "AAAGOV", "CCCGOV", "2021-05-02", sentence=MEETING)]),
            _article("a2", "B.", "2021-05-04", "BBC", [
                _event("a2", 0, "193", "AAAMIL", "BBBREB", "2021-05-04", sentence=FIGHT2)]),
            _article("a3", "C.", "2021-05-06", "RTR", [
                _event("a3", 0, "073", "AAAMIL", "BBBREB", "2021-05-06", sentence=AID, basis="article")]),
        ])
        link(store.con)
        whole = timeline(store.con)
        assert [d["date"] for d in whole] == ["2021-05-02", "2021-05-04", "2021-05-06"]
        day = whole[1]
        assert day["reports"] == 2 and day["article_ids"] == ["a1", "a2"]
        assert len(day["sentences"]) == 1 and len(day["event_ids"]) == 1  # one event, two reports
        # the best-supported date first when only one is asked for: two outlets on the 4th
        assert [d["date"] for d in timeline(store.con, dates=1)] == ["2021-05-04"]
        assert [d["date"] for d in timeline(store.con, date_from=date(2021, 5, 3), date_to=date(2021, 5, 5))] == ["2021-05-04"]
        runner = CliRunner()
        path = str(tmp_path / "t.duckdb")
    out = runner.invoke(app, ["timeline", "--db", path, "--json", "--dates", "2"])
    assert out.exit_code == 0
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert [set(x) for x in lines] == [{"date", "sentences", "event_ids", "article_ids", "reports"}] * 2
    assert runner.invoke(app, ["timeline", "no-such-story", "--db", path]).exit_code == 2
    listed = runner.invoke(app, ["stories", "--db", path, "--json"])
    assert listed.exit_code == 0
    rows = [json.loads(x) for x in listed.stdout.splitlines()]
    assert rows and set(rows[0]) == {"story_id", "label", "first_date", "last_date", "articles", "events", "actors"}
    one = runner.invoke(app, ["timeline", rows[0]["story_id"], "--db", path, "--json"])
    assert one.exit_code == 0 and one.stdout.strip()


def test_timeline_scores_follow_the_definitions():
    from dyadwire.stories.tls_eval import alignment_rouge, date_f1, rouge_counts

    d = date.fromisoformat
    ref = {d("2021-05-04"): ["Army units attacked rebel positions near Dorvan."],
           d("2021-05-10"): ["Ministers met in Vorn to discuss trade."]}
    assert date_f1(ref, ref) == 1.0 and alignment_rouge(ref, ref, 1) == 1.0 and alignment_rouge(ref, ref, 2) == 1.0
    # stop words and case do not count; hits are clipped
    assert rouge_counts(["The army, the ARMY attacked."], ["army attacked rebels"], 1) == (2, 3, 3)
    one_day_off = {d("2021-05-05"): ref[d("2021-05-04")], d("2021-05-10"): ref[d("2021-05-10")]}
    assert date_f1(one_day_off, ref) == 0.5
    # the right words a day off count half (weight 1/(1+1)) for that date: 7 content words there,
    # 5 on the right day, in precision and in recall
    assert abs(alignment_rouge(one_day_off, ref, 1) - (0.5 * 7 + 5) / 12) < 1e-9
    wrong = {d("2021-05-04"): ["Farmers harvested grapes early in Oster."]}
    assert alignment_rouge(wrong, ref, 1) == 0.0 and date_f1(wrong, ref) == f1_of(1, 1, 2)


def f1_of(hits, n_pred, n_ref):
    p, r = hits / n_pred, hits / n_ref
    return 2 * p * r / (p + r)


def test_dates_named_in_text_resolve_against_publication():
    from dyadwire.stories.dates import mentions

    text = ("Rebels took Brega on Thursday. The council voted March 17, and on 19 March jets struck. "
            "We may go. Yesterday was calm. Talks on Dec. 30 failed.")
    found = [(d.isoformat(), s.split()[0]) for d, s in mentions(text, date(2011, 3, 21))]
    assert found == [("2011-03-17", "Rebels"), ("2011-03-17", "The"), ("2011-03-19", "The"),
                     ("2011-03-20", "Yesterday"), ("2010-12-30", "Talks")]
    assert list(mentions(text, None)) == []


def test_timeline_counts_articles_naming_a_date(tmp_path):
    with Store(tmp_path / "n.duckdb") as store:
        store.write([
            _article("n1", "Troops entered Kesh on Monday. Nothing else happened.", "2021-05-05", "CNN",
                     [_event("n1", 5, "190", "AAAMIL", "BBBREB", "2021-05-05", sentence=FIGHT, basis="article")]),
            _article("n2", "Since troops entered Kesh on Monday, families have fled.", "2021-05-06", "BBC", []),
        ])
        link(store.con)
        (best,) = timeline(store.con, dates=1, sentences=1)
        assert best["date"] == "2021-05-03"  # named by two articles; the event's day by one
        assert best["article_ids"] == ["n1", "n2"] and best["event_ids"] == [] and best["reports"] == 0
        assert best["sentences"][0].startswith("Troops entered Kesh") or best["sentences"][0].startswith("Since")
