"""`dyadwire export` on a real database file: every format, read back."""

import csv
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import duckdb
import pytest
import surface_db

from dyadwire.export import GDELT_COLUMNS, export
from dyadwire.store import EventFilter
from dyadwire.store.schema import EVENT_COLUMNS

# GDELT's own column list, transcribed from the GDELT Event Codebook V2.0
# (http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf), in file order.
GDELT_2_EVENT_TABLE = """GLOBALEVENTID SQLDATE MonthYear Year FractionDate
Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code
Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code
Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code
Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code
IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources
NumArticles AvgTone
Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code
Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID
Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code
Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID
ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code
ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID
DATEADDED SOURCEURL""".split()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return surface_db.small(tmp_path_factory.mktemp("export") / "x.duckdb")


def test_gdelt_has_the_61_columns_in_the_codebook_order(db, tmp_path):
    assert len(GDELT_2_EVENT_TABLE) == 61
    assert list(GDELT_COLUMNS) == GDELT_2_EVENT_TABLE
    out = tmp_path / "events.tsv"
    assert export(db, "gdelt", out) == 3
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == 4  # no header, one line per event
    rows = [dict(zip(GDELT_2_EVENT_TABLE, line.split("\t"))) for line in lines[:-1]]
    assert all(len(line.split("\t")) == 61 for line in lines[:-1])
    meet = next(r for r in rows if r["EventCode"] == "040")
    assert meet["EventBaseCode"] == "040" and meet["EventRootCode"] == "04"  # strings, zeros kept
    assert (meet["SQLDATE"], meet["MonthYear"], meet["Year"]) == ("20230303", "202303", "2023")
    assert meet["FractionDate"] == "2023.2548"  # (3 * 30 + 3) / 365, as GDELT computes it
    assert (meet["Actor1Code"], meet["Actor1CountryCode"], meet["Actor1Type1Code"]) == ("USAMIL", "USA", "MIL")
    assert meet["Actor1Name"] == "MARK MILLEY" and meet["Actor2Code"] == "ISRMIL"
    assert (meet["QuadClass"], meet["GoldsteinScale"]) == ("1", "1.0")
    assert (meet["ActionGeo_Type"], meet["ActionGeo_FullName"]) == ("4", "Tel Aviv")
    assert (meet["ActionGeo_Lat"], meet["ActionGeo_Long"]) == ("32.08", "34.78")
    assert len(meet["DATEADDED"]) == 14 and meet["DATEADDED"].isdigit()
    assert meet["SOURCEURL"] == "https://example.org/a1"
    assert int(meet["GLOBALEVENTID"]) > 0
    # what dyadwire does not know is left empty, never invented
    for column in ("Actor1KnownGroupCode", "Actor1EthnicCode", "Actor1Religion1Code", "AvgTone",
                   "IsRootEvent", "Actor1Geo_Type", "Actor2Geo_Lat", "ActionGeo_ADM1Code",
                   "ActionGeo_CountryCode", "ActionGeo_FeatureID"):
        assert meet[column] == "", column
    threat = next(r for r in rows if r["EventCode"] == "130")
    assert threat["ActionGeo_FullName"] == "" and threat["ActionGeo_Lat"] == ""


def test_plover_json_lines_with_the_manuals_field_names(db, tmp_path):
    out = tmp_path / "events.jsonl"
    assert export(db, "plover", out, EventFilter(source="ISR", limit=None)) == 1
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert {"id", "date", "actor", "recipient", "event", "mode", "context", "event_loc",
            "event_text", "cite_info"} <= set(record)
    assert record["event"] == "FIGHT" and record["date"] == "2021-06-10"
    assert record["actor"]["code"] == "ISR" and record["recipient"]["code"] == "IRN"
    assert record["event_text"] == "Israeli jets struck a site in Iran."
    assert record["event_loc"]["name"] == "Isfahan"
    assert record["cite_info"]["article_id"] == "a2"


def test_parquet_partitioned_by_month(db, tmp_path):
    out = tmp_path / "pq"
    assert export(db, "parquet", out) == 3
    assert sorted(p.name for p in out.iterdir()) == ["month=2021-06", "month=2023-03"]
    back = duckdb.sql(f"SELECT month, count(*) FROM read_parquet('{out}/*/*.parquet', hive_partitioning=true) "
                      "GROUP BY month ORDER BY month").fetchall()
    assert back == [("2021-06", 1), ("2023-03", 2)]
    cols = duckdb.sql(f"SELECT * FROM read_parquet('{out}/*/*.parquet') LIMIT 0").columns
    assert cols[:len(EVENT_COLUMNS)] == [n for n, _ in EVENT_COLUMNS]


def test_csv_geojson_and_gexf(db, tmp_path):
    assert export(db, "csv", tmp_path / "e.csv") == 3
    with open(tmp_path / "e.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [n for n, _ in EVENT_COLUMNS] and len(rows) == 3
    assert {r["cameo"] for r in rows} == {"040", "130", "190"}

    assert export(db, "geojson", tmp_path / "e.geojson") == 2  # the threat has no place
    gj = json.loads((tmp_path / "e.geojson").read_text())
    assert gj["type"] == "FeatureCollection"
    assert {tuple(f["geometry"]["coordinates"]) for f in gj["features"]} == {(34.78, 32.08), (51.67, 32.65)}

    assert export(db, "gexf", tmp_path / "n.gexf") == 3
    ns = {"g": "http://gexf.net/1.3"}
    root = ET.parse(tmp_path / "n.gexf").getroot()
    nodes = {n.get("id") for n in root.iterfind(".//g:node", ns)}
    edges = {(e.get("source"), e.get("target"), e.get("weight")) for e in root.iterfind(".//g:edge", ns)}
    assert nodes == {"USAMIL", "ISRMIL", "IRN"}
    assert edges == {("USAMIL", "ISRMIL", "1"), ("USAMIL", "IRN", "1"), ("ISRMIL", "IRN", "1")}


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "dyadwire.cli", "export", *args],
                          capture_output=True, text=True, timeout=120)


def test_cli_export_filters_and_refusals(db, tmp_path):
    done = _cli("--db", str(db), "--format", "gdelt", "--out", str(tmp_path / "u.tsv"), "--source", "USA",
                "--from", "2023-01-01")
    assert done.returncode == 0, done.stderr
    assert "wrote 2 events" in done.stderr
    assert len((tmp_path / "u.tsv").read_text().splitlines()) == 2
    assert _cli("--db", str(db), "--format", "xml", "--out", str(tmp_path / "x")).returncode == 2
    assert _cli("--db", str(db), "--format", "csv").returncode == 2  # no --out
    missing = _cli("--db", str(tmp_path / "none.duckdb"), "--format", "csv", "--out", str(tmp_path / "y.csv"))
    assert missing.returncode == 2 and "no such database" in missing.stderr
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    busy = _cli("--db", str(db), "--format", "parquet", "--out", str(tmp_path / "full"))
    assert busy.returncode == 2 and "empty folder" in busy.stderr
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"
