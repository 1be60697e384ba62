"""Nothing lost: a folder of bad inputs beside good articles. Every good article is coded and
stored, every bad input is named once on stderr with its reason, no traceback, exit code 1."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow

GOOD = {  # written for this test
    "good-visit": "date 2022-06-14\nThe Spanish foreign minister visited Rabat on Monday and "
                  "met Moroccan officials to discuss migration.",
    "good-protest": "date 2022-06-15\nThousands of farmers protested outside the parliament in "
                    "Warsaw against the new grain import rules.",
}


def _folder(root: Path) -> dict[str, str]:
    """Writes the inputs; returns the bad ones, by the name stderr should give, with a word of
    the reason it should give."""
    (root / "a").mkdir()
    (root / "b").mkdir()
    for name, text in GOOD.items():
        (root / f"{name}.txt").write_text(text)
    # the same text under another file name: one article
    (root / "good-visit-copy.txt").write_text(GOOD["good-visit"])
    # the same file name in two folders, different text: two articles
    (root / "a" / "report.txt").write_text("date 2022-07-01\nGreek coastguards rescued 40 "
                                           "migrants off Lesbos, officials said.")
    (root / "b" / "report.txt").write_text("date 2022-07-02\nThe Irish government condemned "
                                           "the shelling of the nuclear plant.")
    lines = [
        json.dumps({"id": "j1", "date": "2022-08-01", "text": "Chile recalled its ambassador to "
                    "Argentina after the border dispute."}),
        "[" * 100_000 + "]" * 100_000,  # nested too deeply for any JSON parser
        '{"id": "j2", "date": "2022-08-02", "text": "Kenya \\ud83d hosted talks between the '
        'Ethiopian government and the rebels."}',  # a lone surrogate escape
        json.dumps({"id": "j3", "date": "2022-08-03", "text": "Peruvian police arrested the "
                    "former minister in Lima."}),
    ]
    (root / "wire.jsonl").write_text("\n".join(lines) + "\n")
    with gzip.open(root / "packed.jsonl.gz", "wt") as f:
        f.write(json.dumps({"id": "gz1", "date": "2022-09-01", "text": "Vietnam and the "
                            "Philippines signed a fisheries agreement in Hanoi."}) + "\n")
    (root / "utf16.txt").write_bytes("date 2022-09-02\nThe Swiss president met the Ukrainian "
                                     "prime minister in Bern.".encode("utf-16-le"))
    (root / "noise.txt").write_bytes(os.urandom(3000))
    (root / "undated.html").write_text(
        "<html><head><title>Talks</title></head><body><article><p>The foreign ministers of "
        "Norway and Sweden met in Oslo to discuss energy cooperation and agreed to meet again "
        "in the autumn, officials said.</p></article></body></html>")
    (root / "huge.txt").write_text("The committee met again. " * 210_000)  # > 5M characters
    return {
        str(root / "wire.jsonl") + ":2": "nested too deeply",
        str(root / "noise.txt"): "binary data",
        str(root / "huge.txt"): "too long",
    }


def _run(*args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("dyadwire")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=REPO, timeout=600)


def test_ingest_stores_every_good_article_and_names_every_bad_one(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    bad = _folder(inputs)
    db = tmp_path / "x.duckdb"
    run = _run("ingest", "--db", str(db), str(inputs))
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    for origin, reason in bad.items():
        named = [line for line in lines if f"{origin}:" in line and reason in line]
        assert len(named) == 1, (origin, run.stderr)
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    ids = {r[0] for r in con.execute("SELECT id FROM articles").fetchall()}
    dates = dict(con.execute("SELECT id, published FROM articles").fetchall())
    texts = dict(con.execute("SELECT id, raw_text FROM articles").fetchall())
    con.close()
    assert {"good-protest", "j1", "j2", "j3", "gz1", "utf16", "undated"} <= ids
    assert len(ids & {"good-visit", "good-visit-copy"}) == 1  # the same text: one article
    assert "report" in ids and sum(i.startswith("report~") for i in ids) == 1
    assert "\ufffd" in texts["j2"] and "Ethiopian" in texts["j2"]
    assert texts["utf16"].startswith("The Swiss president")
    assert dates["undated"] is None
    assert "noise" not in ids and "huge" not in ids
    # a second run adds nothing and says the same
    again = _run("ingest", "--db", str(db), str(inputs))
    assert again.returncode == 1 and "0 added" in again.stderr


def test_code_codes_every_good_article(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    bad = _folder(inputs)
    (inputs / "huge.txt").unlink()
    del bad[str(inputs / "huge.txt")]
    # every event, whatever its confidence: what is checked is that no good article is lost
    run = _run("code", "--min-confidence", "0", str(inputs))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    articles = {json.loads(line)["article_id"] for line in run.stdout.splitlines()}
    assert {"j1", "gz1", "utf16"} <= articles
    # code keeps records: the same text under two ids gets its events under both
    assert {"good-visit", "good-visit-copy"} <= articles


def test_a_program_failure_has_its_own_exit_code(tmp_path):
    # a bug of ours (simulated: the coding engine raises) is not "some inputs were rejected"
    program = ("import sys, dyadwire.engine as engine\n"
               "def broken(*args, **kwargs):\n    raise RuntimeError('simulated bug')\n"
               "engine.code_articles = broken\n"
               "from dyadwire import cli\n"
               "sys.argv = ['dyadwire', 'code', '-']\n"
               "cli.main()\n")
    run = subprocess.run(
        [sys.executable, "-c", program],
        input='{"id": "x", "text": "France condemned the attack."}\n', capture_output=True,
        text=True, cwd=REPO, timeout=300)
    assert run.returncode == 3, run.stderr
    assert "internal error" in run.stderr and "Traceback" not in run.stderr


def test_usage_errors_are_one_line_and_exit_2(tmp_path):
    import duckdb

    foreign = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE articles (x INTEGER)")
    con.close()
    run = _run("ingest", "--db", str(foreign), str(tmp_path))
    assert run.returncode == 2 and "not a dyadwire database" in run.stderr
    assert "Traceback" not in run.stderr
    run = _run("events", "--db", str(foreign), "--limit", str(2**70))
    assert run.returncode == 2 and "Traceback" not in run.stderr
    bad_dicts = tmp_path / "dicts"
    bad_dicts.mkdir()
    (bad_dicts / "my.verbs.txt").write_bytes(b"\x00\x01\x02" * 100)
    run = _run("code", "--dictionaries", str(bad_dicts), str(tmp_path / "foreign.duckdb"))
    assert run.returncode == 2 and "my.verbs.txt" in run.stderr and "Traceback" not in run.stderr
