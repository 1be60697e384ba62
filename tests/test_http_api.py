"""The HTTP API against a real `dyadwire serve` process on a free port and a real DuckDB file."""

import csv
import io
import json

import pytest
import surface_db
from live_server import Server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = surface_db.with_alerts(tmp_path_factory.mktemp("api") / "api.duckdb")
    surface_db.small(db)  # the two articles of the Python API's examples, beside the alert year
    srv = Server(db)
    yield srv
    srv.stop()


def test_events_page_total_filters_and_shape(server):
    page = server.json("/api/events?limit=5")
    assert page["total"] == 52 * 4 + 8 + 3 and len(page["events"]) == 5
    first = page["events"][0]
    assert set(first) >= {"article_id", "event_id", "sentence", "span", "raw_span", "source", "target",
                          "cameo", "cameo_root", "quad_class", "penta_class", "goldstein", "plover",
                          "date", "date_precision", "date_basis", "modality", "location", "confidence"}
    assert server.json("/api/events?source=USA&target=ISR&limit=0")["total"] == 52 + 2 + 1
    assert server.json("/api/events?source=USAMIL&target=ISRMIL&limit=0")["total"] == 55
    assert server.json("/api/events?root=19&from=2024-06-30&to=2024-06-30&limit=0")["total"] == 3
    assert server.json("/api/events?q=SECOND%20depot")["total"] == 1
    assert server.json("/api/events?q=100%25")["total"] == 0  # % is a literal character
    # pages: offset walks through the same order
    a = server.json("/api/events?limit=4")["events"]
    b = server.json("/api/events?limit=2&offset=2")["events"]
    assert [e["event_id"] for e in a[2:]] == [e["event_id"] for e in b]


def test_events_as_csv_and_geojson(server):
    status, headers, body = server.get("/api/events?source=ISR&limit=3&format=csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert len(rows) == 3 and rows[0]["source_country"] == "ISR" and rows[0]["cameo"] == "190"
    status, headers, body = server.get("/api/events?limit=0&format=geojson&source=USA")
    gj = json.loads(body)
    assert headers["content-type"].startswith("application/geo+json")
    assert gj["type"] == "FeatureCollection" and gj["features"] == [] and gj["total"] == 52 * 3 + 4 + 2
    gj = server.json("/api/events?source=ISR&target=IRN&limit=1000&format=geojson")
    assert len(gj["features"]) == 52 + 3 + 1  # the threat has no place and is left out
    assert gj["features"][0]["geometry"] == {"type": "Point", "coordinates": [51.67, 32.65]}


def test_dyads_series_both_directions_and_csv(server):
    d = server.json("/api/dyads?source=ISR&target=IRN&interval=month&from=2024-05-01")
    assert [s["period"] for s in d["series"]] == ["2024-05-01", "2024-06-01"]
    june = d["series"][-1]
    assert june["events"] == 4 + 4 and june["quad"] == {"1": 0, "2": 0, "3": 1, "4": 7}
    assert june["goldstein_mean"] == pytest.approx((7 * -10.0 - 4.4) / 8, abs=1e-3)
    assert server.json("/api/dyads?source=IRN&target=ISR")["series"] == []
    assert server.json("/api/dyads?source=IRN&target=ISR&both=true")["series"]
    weeks = server.json("/api/dyads?source=USA&target=ISR&interval=week&from=2024-06-01")["series"]
    assert [w["events"] for w in weeks] == [1, 1, 1, 1, 2]
    status, _, body = server.get("/api/dyads?source=USA&target=ISR&from=2024-06-01&format=csv")
    assert body.decode().splitlines()[0] == "period,events,quad_1,quad_2,quad_3,quad_4,goldstein_mean"


def test_actors_search_and_detail(server):
    found = server.json("/api/actors?q=milley")
    assert [a["entity_id"] for a in found["actors"]] == ["mark_milley"] and found["total"] == 1
    milley = server.json("/api/actors/mark_milley")
    assert milley["roles"][0]["role"] == "Chairman of the Joint Chiefs of Staff"
    assert {y["year"] for y in milley["by_year"]} == {2023, 2024}
    assert sum(y["as_source"] for y in milley["by_year"]) == 52 + 2 + 2
    status, _, body = server.get("/api/actors?format=csv")
    assert body.decode().splitlines()[0].startswith("entity_id,code,country")


def test_network_nodes_and_weighted_edges(server):
    net = server.json("/api/network?from=2024-06-30&to=2024-06-30")
    edges = {(e["source"], e["target"]): e["weight"] for e in net["edges"]}
    assert edges == {("ISRMIL", "IRN"): 4, ("USAGOV", "IRN"): 2, ("USAMIL", "ISRMIL"): 2}
    assert {n["id"] for n in net["nodes"]} == {"ISRMIL", "IRN", "USAGOV", "USAMIL"}
    assert server.json("/api/network?from=2024-06-30&min_events=3")["edges"][0]["weight"] == 4
    by_country = server.json("/api/network?by=country&from=2024-06-30")
    assert {(e["source"], e["target"]) for e in by_country["edges"]} == {("ISR", "IRN"), ("USA", "IRN"), ("USA", "ISR")}


def test_article_text_with_evidence_spans(server):
    a = server.json("/api/articles/a2")
    assert a["title"] == "Strike <b>reported</b>"  # as stored; the dashboard escapes it
    for e in a["events"]:
        assert a["text"][e["span"][0]:e["span"][1]] == e["sentence"]
    assert a["mentions"][0]["entity_id"] == "isr_mil"


def test_alerts_flag_the_surge_not_the_steady_dyads(server):
    week = server.json("/api/alerts")
    assert week["as_of"] == "2024-06-30"
    assert [(a["source"], a["target"], a["current"], a["baseline"]) for a in week["alerts"]] == [("ISR", "IRN", 4, 1.0)]
    year = server.json("/api/alerts?baseline=52")
    assert [(a["source"], a["target"]) for a in year["alerts"]] == [("ISR", "IRN")]
    month = server.json("/api/alerts?period=month")
    assert [(a["source"], a["target"], a["current"], a["baseline"]) for a in month["alerts"]] == [("ISR", "IRN", 7, 4.0)]
    # a threshold above the surge flags nothing
    assert server.json("/api/alerts?threshold=3.5")["alerts"] == []
    assert server.json("/api/alerts?as_of=2024-06-23")["alerts"] == []


@pytest.fixture(scope="module")
def story_server(tmp_path_factory):
    db = surface_db.with_stories(tmp_path_factory.mktemp("stories") / "stories.duckdb")
    srv = Server(db)
    srv.db = db
    yield srv
    srv.stop()


def _cli_json_lines(*args) -> list[dict]:
    import subprocess

    from live_server import DYADWIRE

    done = subprocess.run([*DYADWIRE, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_stories_as_the_cli_lists_them_paged_and_as_csv(story_server):
    found = story_server.json("/api/stories")
    assert found["stories"] == _cli_json_lines("stories", "--db", str(story_server.db), "--json")
    assert found["total"] == 2
    talks, warning = found["stories"]
    assert (talks["articles"], talks["events"], talks["first_date"], talks["last_date"]) == (3, 3, "2024-03-01", "2024-03-05")
    assert talks["actors"] == ["ISRMIL", "USAMIL"]
    assert warning["label"] == surface_db.STORY_EVIL_TITLE  # as stored; the dashboard escapes it
    assert story_server.json("/api/stories?limit=1&offset=1") == {"stories": [warning], "total": 2}
    assert story_server.json("/api/stories?limit=0") == {"stories": [], "total": 2}
    status, headers, body = story_server.get("/api/stories?format=csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert [r["story_id"] for r in rows] == [talks["story_id"], warning["story_id"]]
    assert rows[1]["label"] == surface_db.STORY_EVIL_TITLE and json.loads(rows[0]["actors"]) == ["ISRMIL", "USAMIL"]
    assert list(rows[0]) == ["story_id", "label", "first_date", "last_date", "articles", "events", "actors"]


def test_story_timeline_as_the_cli_gives_it_with_options_and_csv(story_server):
    talks, warning = story_server.json("/api/stories")["stories"]
    sid = talks["story_id"]
    t = story_server.json(f"/api/stories/{sid}/timeline")
    assert t["story_id"] == sid
    assert t["timeline"] == _cli_json_lines("timeline", sid, "--db", str(story_server.db), "--json")
    assert [(d["date"], d["reports"], d["article_ids"]) for d in t["timeline"]] == [
        ("2024-03-01", 1, ["talks-1"]), ("2024-03-05", 2, ["talks-2", "talks-3"])]
    assert all(len(d["event_ids"]) == 1 for d in t["timeline"])  # two reports, one event
    # the event's sentence first, then sentences of the day's reports' leads as evidence
    assert all(d["sentences"][0].startswith("Milley") and len(d["sentences"]) >= 2 for d in t["timeline"])
    # the best-supported date alone: two outlets on the 5th
    assert [d["date"] for d in story_server.json(f"/api/stories/{sid}/timeline?dates=1")["timeline"]] == ["2024-03-05"]
    assert [d["date"] for d in story_server.json(f"/api/stories/{sid}/timeline?from=2024-03-02")["timeline"]] == ["2024-03-05"]
    assert [d["date"] for d in story_server.json(f"/api/stories/{sid}/timeline?to=2024-03-04")["timeline"]] == ["2024-03-01"]
    assert story_server.json(f"/api/stories/{sid}/timeline?from=2024-04-01")["timeline"] == []
    other = story_server.json(f"/api/stories/{warning['story_id']}/timeline?sentences=1")["timeline"]
    assert [d["sentences"] for d in other] == [[surface_db.STORY_EVIL_SENTENCE]]
    status, headers, body = story_server.get(f"/api/stories/{sid}/timeline?format=csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert list(rows[0]) == ["date", "sentences", "event_ids", "article_ids", "reports"]
    assert [(r["date"], r["reports"], json.loads(r["article_ids"])) for r in rows] == [
        ("2024-03-01", "1", ["talks-1"]), ("2024-03-05", "2", ["talks-2", "talks-3"])]


def test_story_timeline_refusals(story_server):
    sid = story_server.json("/api/stories")["stories"][0]["story_id"]
    for path, status, words in [
            ("/api/stories/no-such-story/timeline", 404, "no story 'no-such-story'"),
            (f"/api/stories/{sid}/timeline?dates=0", 400, "dates"),
            (f"/api/stories/{sid}/timeline?sentences=x", 400, "sentences"),
            (f"/api/stories/{sid}/timeline?from=2024-13-01", 400, "from"),
            (f"/api/stories/{sid}/timeline?format=xml", 400, "format"),
            ("/api/stories?limit=-1", 400, "limit"),
            ("/api/stories?limit=10001", 400, "limit")]:
        payload = story_server.json(path, expect=status)
        assert payload["ok"] is False and payload["status"] == status and words in payload["error"], (path, payload)


def _bad_value(schema: dict) -> str | None:
    """A value the parameter's declared schema refuses, or None if it accepts any string."""
    options = schema.get("anyOf", [schema])
    kinds = {o.get("type") for o in options} - {"null"}
    if "enum" in schema or any("enum" in o for o in options) or any("const" in o for o in options):
        return "not-one-of-these"
    if kinds & {"integer", "number", "boolean"} or any(o.get("format") == "date" for o in options):
        return "not-a-value"
    if any("pattern" in o for o in options):
        return "not-matching"
    return None


def test_one_error_shape_over_every_endpoint(server):
    """Every endpoint the OpenAPI description lists: a refused parameter (400), an unknown id
    (404), a wrong method (405), each answered as {"ok": false, "error", "status"}."""
    spec = server.json("/openapi.json")
    assert set(spec["paths"]) == {"/api/events", "/api/dyads", "/api/actors", "/api/actors/{entity_id}",
                                  "/api/network", "/api/articles/{article_id}", "/api/alerts",
                                  "/api/stories", "/api/stories/{story_id}/timeline"}
    cases = [("GET", "/api/no-such-endpoint", 404), ("GET", "/static/no-such-file.js", 404)]
    for path, ops in spec["paths"].items():
        assert path.startswith("/api/"), path
        op = ops["get"]
        path_params = [p for p in op.get("parameters", []) if p["in"] == "path"]
        concrete = path
        for p in path_params:
            concrete = concrete.replace("{" + p["name"] + "}", "no-such-id")
        if path_params:
            cases.append(("GET", concrete, 404))
        for p in op.get("parameters", []):
            if p["in"] != "query":
                continue
            bad = _bad_value(p["schema"])
            if bad is not None:
                cases.append(("GET", f"{concrete}?{p['name']}={bad}", 400))
            elif p.get("required"):
                cases.append(("GET", concrete, 400))  # left out
        cases.append(("POST", concrete, 405))
    assert len(cases) > 30
    for method, path, expected in cases:
        status, headers, body = server.request(path, method)
        assert status == expected, (method, path, status, body[:300])
        assert headers["content-type"].startswith("application/json"), (method, path)
        payload = json.loads(body)
        assert set(payload) == {"ok", "error", "status"}, (method, path, payload)
        assert payload["ok"] is False and payload["status"] == expected
        assert isinstance(payload["error"], str) and payload["error"], (method, path)


def test_a_database_gone_missing_is_a_503_in_the_same_shape(tmp_path):
    db = surface_db.small(tmp_path / "gone.duckdb")
    srv = Server(db)
    try:
        assert srv.json("/api/events")["total"] == 3
        db.unlink()
        payload = srv.json("/api/events", expect=503)
        assert payload["ok"] is False and "no such database" in payload["error"]
    finally:
        srv.stop()


def test_serve_refuses_a_missing_database(tmp_path):
    import subprocess

    from live_server import DYADWIRE

    done = subprocess.run([*DYADWIRE, "serve", "--db", str(tmp_path / "none.duckdb")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "no such database" in done.stderr
