"""Compile dyadwire's event ontology into src/dyadwire/ontology/data/.

Re-runnable; the output depends only on its inputs (sorted keys, gzip without a timestamp):

- cameo.json: every CAMEO code with its name, root, Goldstein value, quad and penta class and the
  PLOVER type, mode and context. Sources (all under ../shared/data):
    cameo-codebook/gdelt-CAMEO.eventcodes.txt      names (primary; two upstream glitches repaired)
    cameo-codebook/gdelt-CAMEO.goldsteinscale.txt  Goldstein values (primary)
    cameo-codebook/cameo-codes-icews.csv           names and Goldstein values where GDELT lacks a
                                                   code (106, 1213); ICEWS's Goldstein value is
                                                   kept as goldstein_icews where it differs
                                                   (016, 022, 164, 165). Only codes, names and
                                                   numbers are read: no codebook descriptions.
    plover/CAMEO2PLOVER-2021.txt                   PLOVER type, mode, context
- verbs.json.gz: the CAMEO 2.0 verb-pattern dictionary of PETRARCH2/Phoenix
  (phoenix-dictionaries/CAMEO.2.0.txt) followed by dyadwire's own additions
  (src/dyadwire/ontology/data/extra_verbs.txt, same format), parsed into structured patterns.
- discards.json: the Phoenix discard list (phoenix-dictionaries/Phoenix.discards.txt): phrases
  that mark sports, entertainment and history sentences or stories as not to be coded. Its bare
  years (1914 ... 1989) are left out: in current news a year is usually context ("the 1967
  lines"), not a sign of a historical chronology.

Usage: .venv/bin/python tools/build_ontology.py [--data ../shared/data] [--check]
  --check  build in memory and exit 1 if the files on disk differ (for tests and CI).
"""

from __future__ import annotations

import argparse
import dataclasses
import csv
import gzip
import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dyadwire.ontology.cameo import (  # noqa: E402
    UnknownCameoCode,
    lookup,
    penta_class_of,
    quad_class_of,
)
from dyadwire.nlp.lexicon import UNDERGOING_VERBS  # noqa: E402
from dyadwire.ontology.petrarch import read_discards, read_verb_dictionary  # noqa: E402
from dyadwire.ontology.verbs import VerbDictionary  # noqa: E402

DATA_OUT = ROOT / "src" / "dyadwire" / "ontology" / "data"
DEFAULT_SHARED = ROOT.parent / "shared" / "data"
EXTRA_VERBS = DATA_OUT / "extra_verbs.txt"

# GDELT's eventcodes file has two known glitches (see cameo-codebook/SOURCE.md).
GDELT_NAME_FIXES = {
    "1056": "Demand de-escalation of military engagement",
    "044": "Meet at a 'third' location",
}


def _gdelt_names(path: Path) -> dict[str, str]:
    names: dict[str, str] = {}
    for line in path.read_text("latin-1").splitlines():
        parts = line.rstrip("\r").split("\t")
        if len(parts) != 2 or not parts[0].isdigit() or len(parts[0]) < 2:
            continue  # the header and the quad-class rows 1-4
        names[parts[0]] = parts[1].strip()
    names.update(GDELT_NAME_FIXES)
    return names


def _gdelt_goldstein(path: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in path.read_text("latin-1").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0].isdigit():
            out[parts[0]] = float(parts[1])
    return out


def _icews(path: Path) -> dict[str, tuple[str, float | None]]:
    # The file is not valid UTF-8 (double mojibake in its description text, which we do not read);
    # the names and numbers we keep are ASCII, so a lenient decode is enough.
    text = path.read_bytes().decode("utf-8", errors="replace")
    out: dict[str, tuple[str, float | None]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        code = row["code"].strip()
        value = row["goldstein"].strip()
        out[code] = (row["name"].strip(), None if value in ("", "NA") else float(value))
    return out


def _plover(path: Path) -> dict[str, tuple[str | None, str | None, str | None]]:
    out: dict[str, tuple[str | None, str | None, str | None]] = {}
    for line in path.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^(\d{2,4}):\s*(.*)$", line)
        if not m:
            continue
        code, rest = m.groups()
        fields = [f.strip() or None for f in rest.split(",")]
        fields += [None] * (3 - len(fields))
        ptype, mode, context = fields[:3]
        ptype = ptype.upper() if ptype else None
        if len(code) == 2:
            # a root heading ("08: CONCEDE", later "08: RETREAT"): the first one names the root
            out.setdefault(code, (ptype, None, None))
        elif code not in out:  # 175 is listed twice with the same values
            out[code] = (ptype, mode, context)
    return out


def build_cameo(shared: Path) -> dict:
    book = shared / "cameo-codebook"
    names = _gdelt_names(book / "gdelt-CAMEO.eventcodes.txt")
    goldstein = _gdelt_goldstein(book / "gdelt-CAMEO.goldsteinscale.txt")
    icews = _icews(book / "cameo-codes-icews.csv")
    plover = _plover(shared / "plover" / "CAMEO2PLOVER-2021.txt")
    codes = sorted(set(names) | set(icews))
    rows = []
    for code in codes:
        root = int(code[:2])
        icews_name, icews_value = icews.get(code, (None, None))
        name = names.get(code) or icews_name
        value = goldstein.get(code, icews_value)
        if value is None:
            raise SystemExit(f"no Goldstein value for CAMEO {code}")
        # a code PLOVER does not list takes its parent's PLOVER type (not mode or context)
        ptype, mode, context = plover.get(code, (None, None, None))
        if ptype is None:
            for parent in (code[:3], code[:2]):
                if parent in plover and parent != code:
                    ptype = plover[parent][0]
                    break
        rows.append({
            "code": code,
            "name": name,
            "root": code[:2],
            "goldstein": value,
            "goldstein_icews": icews_value if icews_value is not None and icews_value != value else None,
            "quad_class": quad_class_of(root),
            "penta_class": penta_class_of(root),
            "plover_type": ptype,
            "plover_mode": mode,
            "plover_context": context,
        })
    return {
        "sources": {
            "names": "GDELT CAMEO.eventcodes.txt (ICEWS CAMEO codebook where GDELT lacks a code)",
            "goldstein": "GDELT CAMEO.goldsteinscale.txt (ICEWS codebook where GDELT lacks a code)",
            "goldstein_icews": "ICEWS CAMEO codebook (andybega/icews), only where it differs",
            "plover": "CAMEO2PLOVER-2021.txt (openeventdata/PLOVER, CC BY-SA 4.0)",
        },
        "codes": rows,
    }


def _cameo_problem(code) -> str | None:
    """Why a dictionary code cannot be used as CAMEO, or None when it can."""
    for half in (code.active, code.passive):
        if half is None:
            continue
        try:
            lookup(half)  # a code below a CAMEO leaf ("176") resolves to its parent at run time
        except UnknownCameoCode:
            return f"code {half!r} is not CAMEO"
    return None


# Verbs whose grammatical subject undergoes the event: "a soldier died" tells that someone (or
# something) killed the soldier, not that the soldier fought. CAMEO 2.0 gives the bare verb the
# code with the subject as source ("DIE [190]"); here it is the code with the subject as target
# ("[:190]", as the dictionary's own "DIE (IN BLAST) [:190]" patterns have it). Their patterns
# keep their codes. The verbs: `lexicon.UNDERGOING_VERBS`, which the stand-in events also read.


def _subject_undergoes(verb):
    code = verb.code
    if verb.word not in UNDERGOING_VERBS or code.null or code.active is None or code.passive != code.active:
        return verb
    return dataclasses.replace(verb, code=dataclasses.replace(code, active=None))


def build_verbs(shared: Path) -> tuple[dict, dict]:
    main = read_verb_dictionary(shared / "phoenix-dictionaries" / "CAMEO.2.0.txt")
    main.verbs = [_subject_undergoes(v) for v in main.verbs]
    extra = read_verb_dictionary(EXTRA_VERBS, main.synsets)
    if extra.problems:
        raise SystemExit("extra_verbs.txt has unreadable lines:\n  " + "\n  ".join(extra.problems))
    # The built-in table promises CAMEO codes: entries with a code that is not CAMEO are left out
    # and listed (upstream has one typo, "080!").
    patterns, verbs = [], []
    for entry in main.patterns:
        problem = _cameo_problem(entry.code)
        if problem:
            main.problems.append(f"{entry.source}: {problem}: {entry.text}")
        else:
            patterns.append(entry)
    for entry in main.verbs:
        problem = _cameo_problem(entry.code)
        if problem:
            main.problems.append(f"{entry.source}: {problem}: {entry.phrase}")
        else:
            verbs.append(entry)
    for entry in [*extra.patterns, *extra.verbs]:
        problem = _cameo_problem(entry.code)
        if problem:
            raise SystemExit(f"extra_verbs.txt: {entry.source}: {problem}")
    below_leaf = sorted({
        half for entry in [*patterns, *verbs] for half in (entry.code.active, entry.code.passive)
        if half is not None and lookup(half).code != half
    })
    main.patterns, main.verbs = patterns, verbs
    table = VerbDictionary(
        list(main.verbs), list(main.patterns), dict(main.synsets), list(main.transformations)
    )
    table.extend(VerbDictionary(extra.verbs, extra.patterns, extra.synsets))
    report = {
        "blocks": main.block_count,
        "verbs": len(main.verbs),
        "patterns": len(main.patterns),
        "synsets": len(main.synsets),
        "transformations (kept, not applied)": len(main.transformations),
        "unread": main.problems,
        "codes below a CAMEO leaf (resolve to the parent)": ", ".join(below_leaf),
        "extra blocks": extra.block_count,
        "extra verbs": len(extra.verbs),
        "extra patterns": len(extra.patterns),
    }
    return table.to_json(), report


def build_discards(shared: Path) -> tuple[dict, dict]:
    discards = read_discards(shared / "phoenix-dictionaries" / "Phoenix.discards.txt")
    kept = [d for d in discards if not d.phrase.isdigit()]
    rows = [[d.phrase, int(d.story), int(d.whole_word)] for d in kept]
    return {"discards": rows}, {"discards": len(kept), "discards left out (bare years)": len(discards) - len(kept)}


def _json_bytes(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def outputs(shared: Path) -> tuple[dict[str, bytes], dict]:
    verbs, report = build_verbs(shared)
    discards, discard_report = build_discards(shared)
    report.update(discard_report)
    files = {
        "cameo.json": _json_bytes(build_cameo(shared)) + b"\n",
        "discards.json": _json_bytes(discards) + b"\n",
        "verbs.json.gz": gzip.compress(_json_bytes(verbs), compresslevel=9, mtime=0),
    }
    return files, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_SHARED, help="the shared data folder")
    parser.add_argument("--check", action="store_true", help="only compare with the files on disk")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"error: {args.data} is not a folder; pass --data PATH to ../shared/data", file=sys.stderr)
        return 2
    files, report = outputs(args.data)
    stale = [name for name, data in files.items()
             if not (DATA_OUT / name).exists() or (DATA_OUT / name).read_bytes() != data]
    if args.check:
        for name in stale:
            print(f"out of date: {DATA_OUT / name}", file=sys.stderr)
        return 1 if stale else 0
    DATA_OUT.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (DATA_OUT / name).write_bytes(data)
    for key, value in report.items():
        if isinstance(value, list):
            print(f"{key}: {len(value)}")
            for line in value:
                print(f"  {line}")
        else:
            print(f"{key}: {value}")
    print(f"wrote {', '.join(sorted(files))} to {DATA_OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
