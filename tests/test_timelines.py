"""Timelines and stories on a real DuckDB file: which dates a timeline keeps, which sentences it
shows, how dates named in text resolve, and that placing articles in stories only looks at the
stories near them. The articles are written for these tests (fictional places and people)."""

from datetime import date

from dyadwire.model import Article, CodedArticle
from dyadwire.stories import link
from dyadwire.stories.dates import mentions
from dyadwire.stories.threads import RECENT_DAYS, ArticleProfile, Story, assign
from dyadwire.stories.timelines import timeline
from dyadwire.store import Store, stories


def _article(aid, body, day, source="Outlet A", title=None):
    return CodedArticle(article=Article(id=aid, text=body, date=date.fromisoformat(day), source=source,
                                        title=title, origin=f"{aid}.txt"),
                        clean_text=body, events=[])


def test_a_date_followed_by_a_clock_time_is_a_stamp_not_a_mention():
    text = ("Posted March 3, 2011 at 7:03 pm. The envoys met in Kesh on March 1.\n"
            "Marta wrote: March 4, 2011 at 10:15 am | Reply The talks are a farce.")
    assert [d.isoformat() for d, _ in mentions(text, date(2011, 3, 5))] == ["2011-03-01"]


def test_a_weekday_after_a_future_word_is_the_coming_one():
    published = date(2011, 3, 9)  # a Wednesday
    found = [d.isoformat() for d, _ in mentions(
        "The council will meet on Friday. Rebels took Brega on Friday. Talks resume next Monday. "
        "Envoys will travel on Wednesday.", published)]
    # the past weekday stays the latest one; "will ... Wednesday" written on a Wednesday is that day
    assert found == ["2011-03-11", "2011-03-04", "2011-03-14", "2011-03-09"]
    # a future word far from the weekday does not move it
    far = "Ministers said on Friday that the new border crossing at Dorvan will open before the summer."
    assert [d.isoformat() for d, _ in mentions(far, published)] == ["2011-03-04"]


def test_a_day_named_by_more_articles_wins_and_published_counts_break_ties(tmp_path):
    with Store(tmp_path / "t.duckdb") as store:
        store.write([
            # the 2nd is named by two articles, the 3rd and the 6th by one each; the 6th has
            # two articles published on it, the 3rd none
            _article("a1", "Troops entered Kesh on May 2. Talks were held in Vorn on May 3.", "2021-05-04"),
            _article("a2", "Since troops entered Kesh on May 2, families have fled to the hills.", "2021-05-06",
                     "Outlet B"),
            _article("a3", "Farmers in Oster counted the losses on May 6 after the storm.", "2021-05-06",
                     "Outlet C"),
        ])
        link(store.con)
        assert [d["date"] for d in timeline(store.con, dates=1, sentences=1)] == ["2021-05-02"]
        assert [d["date"] for d in timeline(store.con, dates=2, sentences=1)] == ["2021-05-02", "2021-05-06"]
        two = timeline(store.con, dates=2, sentences=1, published_weight=0)
        assert [d["date"] for d in two] == ["2021-05-02", "2021-05-03"]  # a tie: the earlier date


def test_a_day_shows_the_leads_of_the_next_reports(tmp_path):
    with Store(tmp_path / "l.duckdb") as store:
        store.write([
            _article("b1", "Dockers in Port Vellan walked out over unpaid wages. The port was closed by noon. "
                           "Ferries waited at sea.", "2021-06-02"),
            _article("b2", "Dockers in Port Vellan stayed out a second day over unpaid wages. "
                           "Union leaders met the harbour board on June 1.", "2021-06-03", "Outlet B"),
            _article("b3", "The harvest in Oster ended early.", "2021-06-09", "Outlet C"),
        ])
        link(store.con)
        (day,) = timeline(store.con, sentences=2, date_from=date(2021, 6, 2), date_to=date(2021, 6, 2),
                          published_weight=1)
        assert day["date"] == "2021-06-02" and day["article_ids"] == ["b1"]
        # the day's leads (its own and the next day's reports') are its candidates: the sentence
        # that holds most of what they share, then the one that adds most to it
        assert day["sentences"] == ["Dockers in Port Vellan stayed out a second day over unpaid wages.",
                                    "Union leaders met the harbour board on June 1."]
        # without leads the day has no candidate: no sentence names it, no event is dated to it
        (bare,) = timeline(store.con, sentences=2, date_from=date(2021, 6, 2), date_to=date(2021, 6, 2),
                           published_weight=1, lead_sentences=0)
        assert bare["sentences"] == []


def _profile(aid, day, words):
    return ArticleProfile(aid, date.fromisoformat(day), {}, __import__("collections").Counter(words.split()))


def test_an_article_only_weighs_the_stories_near_its_day():
    near = Story("near", [_profile("n1", "2021-01-05", "harbour quay ferries")])
    far = Story("far", [_profile("f1", "2020-06-01", "harbour quay ferries cracks")])
    later = Story("later", [_profile("l1", "2021-09-01", "harbour quay ferries cracks")])
    new = [_profile("x1", "2021-01-20", "harbour quay ferries cracks"),
           _profile("x2", "2021-01-21", "harvest grapes"),
           # a copy follows its original whatever the gap, and makes that story near again
           _profile("x3", "2021-03-01", "unrelated words"),
           _profile("x4", "2021-03-02", "unrelated words again")]
    placed, touched = assign(new, [later, far, near], copies={"x3": "f1"})
    assert placed["x1"] == "near"           # "far" is as alike, but more than RECENT_DAYS away
    assert placed["x2"] not in {"near", "far", "later"}
    assert placed["x3"] == "far" and placed["x4"] == "far"
    assert {s.story_id for s in touched} == {"near", "far", placed["x2"]}
    assert (date(2021, 3, 2) - date(2021, 1, 20)).days > RECENT_DAYS  # "near" was out of reach for x4


def test_a_long_story_keeps_its_span_and_its_old_members_across_ingests(tmp_path):
    # a strike story whose words drift: the early reports on the walk-out, the late ones on the
    # rerouted shipping, two in the middle on both
    walkout = "Dockers in Port Vellan walked out over unpaid wages and the harbour board closed the quay."
    shipping = "Shipping lines rerouted freight to Karsholm while ferry crews queued for the southern terminal."
    days = ["2021-01-01", "2021-01-11", "2021-01-21", "2021-01-31", "2021-02-10", "2021-02-20",
            "2021-03-02", "2021-03-12", "2021-03-22", "2021-04-01"]
    bodies = [walkout] * 3 + [f"{walkout} {shipping}"] * 2 + [shipping] * 5
    batch = [_article(f"d{i}", f"{body} Report {i}.", day) for i, (body, day) in enumerate(zip(bodies, days))]
    with Store(tmp_path / "s.duckdb") as store:
        store.write(batch)
        link(store.con)
        (story,) = stories(store.con)
        assert (story["articles"], story["first_date"]) == (10, "2021-01-01")
        # a later batch. A report dated inside the story's span, long before its last article
        # (only the articles within RECENT_DAYS of the last are read again), is inside the span
        # (gap 0) and joins. A copy of the first article, on the walk-out the recent articles no
        # longer speak of, joins its original's story through the copy link alone.
        reworded = "Freight was rerouted to Karsholm by the shipping lines; at the southern terminal ferry crews queued."
        store.write([_article("late", reworded, "2021-01-25"),
                     _article("copy", batch[0].clean_text.replace("Report 0.", "Report 0"), "2021-04-10", "Outlet B")])
        link(store.con)
        links = dict(store.con.execute("SELECT article_id, duplicate_of FROM article_duplicates").fetchall())
        assert links.get("copy") == "d0" and "late" not in links
        (story,) = stories(store.con)
        assert (story["articles"], story["first_date"], story["last_date"]) == (12, "2021-01-01", "2021-04-10")
        before = store.con.execute("SELECT * FROM article_stories ORDER BY 1").fetchall()
        assert link(store.con).stories.articles == 0
        assert store.con.execute("SELECT * FROM article_stories ORDER BY 1").fetchall() == before
