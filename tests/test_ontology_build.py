"""The compiled ontology data is what tools/build_ontology.py makes from ../shared/data."""

from __future__ import annotations

import gzip
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dyadwire.ontology import VerbDictionary, codes, lookup, nominal_code
from dyadwire.ontology.nominals import nominal_codes

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "tools" / "build_ontology.py"
SHARED = REPO.parent / "shared" / "data"
DATA = REPO / "src" / "dyadwire" / "ontology" / "data"

needs_shared = pytest.mark.skipif(not (SHARED / "cameo-codebook").is_dir(), reason="../shared/data is absent")


def _build_module():
    spec = importlib.util.spec_from_file_location("build_ontology", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_shared
def test_package_data_is_up_to_date_with_the_script():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr + "\nrun: .venv/bin/python tools/build_ontology.py"


@needs_shared
def test_build_is_deterministic():
    build = _build_module()
    first, _ = build.outputs(SHARED)
    second, report = build.outputs(SHARED)
    assert first == second
    assert report["blocks"] == 397 and report["patterns"] >= 4660


def test_script_refuses_a_missing_data_folder(tmp_path):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--data", str(tmp_path / "nowhere")],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2 and "--data" in result.stderr and "Traceback" not in result.stderr


def test_compiled_verb_table_round_trips():
    raw = json.loads(gzip.decompress((DATA / "verbs.json.gz").read_bytes()))
    table = VerbDictionary.from_json(raw)
    assert table.to_json() == raw
    assert len(table.patterns) > 4600 and len(table.synsets) == 40
    assert VerbDictionary.builtin().to_json() == raw


def test_pattern_codes_are_cameo_codes():
    for pattern in VerbDictionary.builtin().patterns:
        for code in (pattern.code.active, pattern.code.passive):
            if code is not None:
                lookup(code)  # raises for a code outside CAMEO (fallback to a parent allowed)


def test_nominal_triggers_carry_real_cameo_codes():
    table = nominal_codes()
    assert len(table) >= 50
    for lemma, code in table.items():
        assert lookup(code, fallback=False).code == code, lemma


def test_cameo_table_has_no_codebook_prose():
    # names and numbers only: the CAMEO manual's descriptions and examples are not copied
    for c in codes():
        assert len(c.name) < 90
    raw = (DATA / "cameo.json").read_text("utf-8")
    assert "description" not in raw and "example" not in raw


def test_nominal_code_lookup():
    assert nominal_code("airstrike") == "195"
    assert nominal_code("Drone  Strike") == "195"
    assert nominal_code("drone_strike") == "195"
    assert nominal_code("talks") == "040"
    assert nominal_code("visit") == "042"
    assert nominal_code("sanctions") == "163"
    assert nominal_code("assassination") == "186"
    assert nominal_code("ceasefire") == "0871"
    assert nominal_code("table") is None
