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
