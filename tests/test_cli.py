"""The command-line contract of DESIGN.md, exercised through the real `dyadwire` command."""

import json
import os
import subprocess
import sys

import pytest

from conftest import SAMPLES

CONTRACT_FIELDS = {
    "article_id", "event_id", "sentence", "sentence_index", "span", "raw_span", "source", "target",
    "cameo", "cameo_root", "quad_class", "penta_class", "goldstein", "plover", "date",
    "date_precision", "date_basis", "modality", "location", "confidence",
}
ACTOR_FIELDS = {"text", "code", "country", "sector", "entity_id", "name", "role"}


def dyadwire(*args, stdin=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "dyadwire.cli", *args],
        input=stdin, capture_output=True, text=True, cwd=cwd,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def test_version_and_help():
    from dyadwire import __version__

    assert dyadwire("--version").stdout.strip() == f"dyadwire {__version__}"
    out = dyadwire("--help").stdout
    for command in ("code", "ingest", "events", "eval"):
        assert command in out
        assert dyadwire(command, "--help").returncode == 0


def test_usage_errors_exit_2(tmp_path):
    assert dyadwire("code", "--format", "pdf", str(SAMPLES)).returncode == 2
    assert dyadwire("events", "--db", str(tmp_path / "x.duckdb"), "--from", "yesterday").returncode == 2
    assert dyadwire("no-such-command").returncode == 2


@pytest.mark.slow
def test_code_streams_contract_json_and_names_bad_inputs(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "ok1", "date": "2021-04-01", "text": "Germany condemned the attack on the embassy."}\n{not json\n')
    run = dyadwire("code", str(SAMPLES), str(bad), str(broken))
    assert run.returncode == 1, run.stderr
    assert "empty.txt" in run.stderr and "broken.jsonl:2" in run.stderr
    assert "Traceback" not in run.stderr
    events = [json.loads(line) for line in run.stdout.splitlines()]
    assert events, "the sample articles yield events"
    for event in events:
        assert CONTRACT_FIELDS <= set(event)
        assert ACTOR_FIELDS <= set(event["source"]) and ACTOR_FIELDS <= set(event["target"])
        start, end = event["span"]
        assert 0 <= start < end and event["sentence_index"] >= 0
        assert 1 <= event["quad_class"] <= 4 and 0 <= event["penta_class"] <= 4
        assert event["cameo"].startswith(event["cameo_root"])
    assert {e["article_id"] for e in events} >= {"2019-berlin-talks", "ok1"}


@pytest.mark.slow
def test_code_reads_json_lines_on_stdin():
    line = json.dumps({"id": "s1", "date": "2020-01-02", "text": "France condemned Iran on Tuesday."})
    run = dyadwire("code", "-", stdin=line + "\n")
    assert run.returncode == 0, run.stderr
    events = [json.loads(x) for x in run.stdout.splitlines()]
    assert events and all(e["article_id"] == "s1" for e in events)


@pytest.mark.slow
def test_ingest_is_idempotent_and_events_query(tmp_path):
    db = str(tmp_path / "demo.duckdb")
    first = dyadwire("ingest", "--db", db, str(SAMPLES))
    assert first.returncode == 0, first.stderr
    assert "added" in first.stderr
    second = dyadwire("ingest", "--db", db, str(SAMPLES))
    assert second.returncode == 0
    assert " 0 added, 0 replaced" in second.stderr
    listed = dyadwire("events", "--db", db, "--json", "--limit", "0")
    rows = [json.loads(x) for x in listed.stdout.splitlines()]
    assert rows and CONTRACT_FIELDS <= set(rows[0])
    table = dyadwire("events", "--db", db, "--limit", "3")
    assert table.returncode == 0 and "source" in table.stdout


def test_events_on_a_missing_database_is_one_clear_line(tmp_path):
    run = dyadwire("events", "--db", str(tmp_path / "none.duckdb"))
    assert run.returncode == 2  # the user named a database that is not there: a usage error
    assert run.stderr.strip().count("\n") == 0 and "dyadwire ingest" in run.stderr


def test_every_command_is_documented():
    from pathlib import Path

    from dyadwire.cli import app

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"dyadwire {name}" in readme, f"README does not show `dyadwire {name}`"
        assert (command.callback.__doc__ or "").strip(), f"`{name}` has no help text"


def test_eval_without_the_gold_sets_is_one_clear_line(tmp_path):
    run = dyadwire("eval", "seeds", "--data", str(tmp_path / "nowhere"))
    assert run.returncode == 1 and "no such folder" in run.stderr and "Traceback" not in run.stderr
    assert dyadwire("eval", "nonsense").returncode == 2


@pytest.mark.slow
@pytest.mark.corpus
def test_eval_scores_the_seed_reports():
    from conftest import shared_data

    data = shared_data()
    run = dyadwire("eval", "seeds", "--data", str(data))
    assert run.returncode == 0, run.stderr
    assert "Seed reports:" in run.stdout and "expected events coded right" in run.stdout
