"""The dashboard in a real headless Chromium (Debian's, driven by Playwright) against a real
`dyadwire serve` process: every view draws what its API endpoint returns, clicks lead where they
should, nothing is fetched from outside, and article text is shown as text, never run as HTML."""

import os
import shutil
from pathlib import Path

import pytest
import surface_db
from live_server import Server

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("DYADWIRE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EVIL_TITLE = '<img src=x onerror="window.__pwned = 1">Report'
EVIL_SENTENCE = "Israel struck <script>window.__pwned = 2</script> a <b>depot</b> near Isfahan."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = surface_db.with_alerts(tmp_path_factory.mktemp("dash") / "dash.duckdb")
    surface_db.small(db)
    from dyadwire.store import Store

    with Store(db) as store:
        store.write([surface_db.article("evil", "2024-06-29", [
            "An untrusted <i>preamble</i> &amp; more.",
            (EVIL_SENTENCE, "ISRMIL", "130", "IRN", "Isfahan")], title=EVIL_TITLE)])
        store.refresh_actors()
    srv = Server(db)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip("no chromium (apt-get install chromium, or run `make browser`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1300, "height": 1800}, accept_downloads=True)
    page = context.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def _open(page, server, query=""):
    page.goto(server.url + "/" + query)
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    assert page.text_content("#status") == ""


def test_every_view_draws_its_endpoint_offline(page, server):
    _open(page, server, "?source=ISR&target=IRN&from=2024-01-01")
    dyad = server.json("/api/dyads?source=ISR&target=IRN&from=2024-01-01")
    assert page.get_attribute("#dyad-chart", "data-periods") == str(len(dyad["series"])) == "6"
    net = server.json("/api/network?from=2024-01-01")
    assert page.get_attribute("#network-chart", "data-nodes") == str(len(net["nodes"]))
    assert page.get_attribute("#network-chart", "data-edges") == str(len(net["edges"]))
    located = server.json("/api/events?source=ISR&target=IRN&from=2024-01-01&limit=10000&format=geojson")
    assert page.get_attribute("#map-chart", "data-points") == str(len(located["features"]))
    assert page.locator("#map-chart .scattergeo .point").count() == len(located["features"]) > 0
    # the shipped world outline is drawn: country borders as one long path
    assert len(page.get_attribute("#map-chart .countries path", "d") or "") > 10_000
    total = server.json("/api/events?source=ISR&target=IRN&from=2024-01-01&limit=0")["total"]
    assert page.text_content("#events-total") == f"({total})"
    assert page.locator("#events tbody tr").count() == min(total, 50)
    assert page.locator("#alerts tbody tr").first.text_content().startswith("ISRIRN")
    assert page.errors == []
    outside = [u for u in page.requests if not u.startswith(server.url)]
    assert outside == [], outside
    assert any(u.endswith("/static/plotly.min.js") for u in page.requests)
    assert any(u.endswith("/static/topojson/world_110m.json") for u in page.requests)


def test_clicking_a_period_lists_its_events(page, server):
    _open(page, server, "?source=ISR&target=IRN&from=2024-01-01")
    bars = page.locator("#dyad-chart .barlayer .trace").nth(1).locator(".point path")
    assert bars.count() == 6
    box = bars.nth(5).bounding_box()  # June 2024, conflict; plotly's drag layer takes the click
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("document.querySelectorAll('#period-events li').length > 0")
    june = server.json("/api/events?source=ISR&target=IRN&from=2024-06-01&to=2024-06-30&limit=0")["total"]
    assert page.locator("#period-events li").count() == june == 4 + 4 + 1
    assert page.text_content("#period-title").startswith(f"{june} events 2024-06-01 to 2024-06-30")


def test_both_directions(page, server):
    _open(page, server, "?source=IRN&target=ISR&from=2024-06-01&both=true")
    assert page.is_checked("input[name=both]")
    assert page.text_content("#dyad-title") == "IRN ↔ ISR"
    bars = page.locator("#dyad-chart .barlayer .trace").nth(1).locator(".point path")
    box = bars.nth(0).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("document.querySelectorAll('#period-events li').length > 0")
    assert page.locator("#period-events li").count() == 4 + 4 + 1  # all ISR -> IRN, none back
    page.uncheck("input[name=both]")
    page.click("#filters button[type=submit]")
    page.wait_for_function("document.querySelector('#dyad-chart').dataset.periods === '0'")
    assert page.text_content("#dyad-title") == "IRN → ISR"


def test_an_event_opens_its_article_highlighted_and_escaped(page, server):
    _open(page, server, "?q=pwned")
    assert page.text_content("#events-total") == "(1)"
    page.click("#events tbody tr")
    page.wait_for_selector("#article:not([hidden])")
    assert page.text_content("#article-title") == EVIL_TITLE
    assert page.text_content("#article-text mark") == EVIL_SENTENCE
    assert page.text_content("#article-text").startswith("An untrusted <i>preamble</i> &amp; more.")
    # nothing in the text became markup, nothing ran
    assert page.locator("#article img, #article script, #article b, #article i").count() == 0
    assert page.evaluate("window.__pwned") is None
    actors = page.locator("#article-actors li").all_text_contents()
    assert actors == ["source: Israel Defense Forces (ISRMIL) on 2024-06-29", "target: Iran (IRN) on 2024-06-29"]


def test_an_actor_with_a_role_is_shown_with_it(page, server):
    _open(page, server, "?source=USAMIL&target=ISR&from=2023-01-01&to=2023-03-31")
    page.click("#events tbody tr")
    page.wait_for_selector("#article:not([hidden])")
    assert page.text_content("#article-actors li") == (
        "source: Mark Milley (USAMIL), Chairman of the Joint Chiefs of Staff on 2023-03-03")
    assert page.text_content("#article-text mark") == "Milley met the Israeli military in Tel Aviv."


def test_facets_filter_and_csv_downloads(page, server, tmp_path):
    _open(page, server, "?source=ISR&target=IRN")
    page.click("#facets [data-facet=cameo_root] button:has-text('13 (')")
    page.wait_for_function("document.querySelector('#events-total').textContent === '(2)'")
    assert page.input_value("input[name=root]") == "13"
    with page.expect_download() as info:
        page.click("#events-csv")
    path = tmp_path / "events.csv"
    info.value.save_as(path)
    lines = path.read_text().splitlines()
    assert lines[0].startswith("event_id,article_id,") and len(lines) == 1 + 2
    for link in ("#dyad-csv", "#alerts-csv", "#network-csv", "#map-csv"):
        href = page.get_attribute(link, "href")
        assert "format=csv" in href, link
        status, headers, _ = server.get(href)
        assert status == 200 and headers["content-type"].startswith("text/csv"), link


@pytest.fixture(scope="module")
def story_server(tmp_path_factory):
    srv = Server(surface_db.with_stories(tmp_path_factory.mktemp("dash-stories") / "stories.duckdb"))
    yield srv
    srv.stop()


def test_stories_view_lists_stories_and_a_click_shows_the_timeline(page, story_server, tmp_path):
    _open(page, story_server)
    listed = story_server.json("/api/stories")
    assert page.text_content("#stories-total") == f"({listed['total']})" == "(2)"
    rows = page.locator("#stories tbody tr")
    assert rows.count() == 2
    talks = listed["stories"][0]
    assert rows.nth(0).locator("td").all_text_contents() == [
        talks["label"], "2024-03-01", "2024-03-05", "3", "3"]
    rows.nth(0).click()
    page.wait_for_function("document.querySelectorAll('#timeline > li').length > 0")
    timeline = story_server.json(f"/api/stories/{talks['story_id']}/timeline")["timeline"]
    entries = page.locator("#timeline > li")
    assert entries.count() == len(timeline) == 2
    assert [entries.nth(i).get_attribute("data-date") for i in range(2)] == ["2024-03-01", "2024-03-05"]
    assert entries.nth(1).locator("strong").text_content() == "2024-03-05"
    assert "(2 reports, 2 articles)" in entries.nth(1).text_content()
    assert "(1 report, 1 article)" in entries.nth(0).text_content()
    assert entries.nth(1).locator("ul li").all_text_contents() == timeline[1]["sentences"]
    assert page.text_content("#timeline-title").startswith(f"{talks['label']}: 2 dates")
    with page.expect_download() as info:
        page.click("#timeline-csv")
    path = tmp_path / "timeline.csv"
    info.value.save_as(path)
    lines = path.read_text().splitlines()
    assert lines[0] == "date,sentences,event_ids,article_ids,reports" and len(lines) == 1 + 2
    status, headers, body = story_server.get(page.get_attribute("#stories-csv", "href"))
    assert status == 200 and headers["content-type"].startswith("text/csv") and len(body.decode().splitlines()) == 1 + 2
    assert page.errors == []
    outside = [u for u in page.requests if not u.startswith(story_server.url)]
    assert outside == [], outside


def test_a_story_label_and_sentence_are_shown_as_text(page, story_server):
    _open(page, story_server)
    row = page.locator("#stories tbody tr", has_text="Iran warns")
    assert row.locator("td").first.text_content() == surface_db.STORY_EVIL_TITLE
    row.click()
    page.wait_for_function("document.querySelectorAll('#timeline > li').length > 0")
    # the event's sentence (and the article's lead, which a date's entry may take too), as text
    assert surface_db.STORY_EVIL_SENTENCE in page.locator("#timeline > li ul li").all_text_contents()
    assert page.text_content("#timeline-title").startswith(surface_db.STORY_EVIL_TITLE + ": 1 date ")
    # nothing became markup, nothing ran
    assert page.locator("#stories-view img, #stories-view script, #stories-view i").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.errors == []
