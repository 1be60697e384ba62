"""Scored cases for actors on the date: offices held on a date, titles read from text,
coreference, and the date range of undated articles (tests/cases/*.jsonl, our own sentences about
real offices and dates). Every case is its own test, so a regression names its case; the cases
known to fail today are listed in KNOWN_FAILURES with the reason, and a known failure that starts
passing is reported too (strict xfail). `python tests/test_cases_report.py` prints the figures. ("also": other role keys a case accepts, e.g. "leader" where the leader
datasets name the office only so.) tests/cases/kb_gaps.jsonl lists true offices the knowledge
base holds without a role (not scored: they are for the knowledge base's maintainers)."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

CASES_DIR = Path(__file__).resolve().parent / "cases"
# Cases that fail today, and why; fix the cause, then remove the line.
KNOWN_FAILURES = {
    "o43": "the leader lists name him 'Bolsonaro' only: the full name has no alias",
    "t33": "the md model's NER stops at 'Abdel Fattah' and parses 'el-Sisi' as punctuation",
}


def load_cases() -> list[dict]:
    cases = []
    for name in ("roles.jsonl", "dates.jsonl"):
        for line in (CASES_DIR / name).read_text().splitlines():
            if line.strip():
                cases.append(json.loads(line))
    return cases


def _run(nlp, text: str, day: str | None):
    from conftest import run_until

    return run_until(nlp, text, day, "dyadwire_coref")


def check(case: dict, nlp) -> tuple[bool, str]:
    """(passed, what was found) for one case."""
    from dyadwire.actors import KnowledgeBase
    from dyadwire.actors.evidence import role_key

    kind = case["kind"]
    if kind == "office_on_date":
        kb = KnowledgeBase.builtin()
        r = kb.resolve(case["text"], date.fromisoformat(case["date"]))
        if r is None:
            return False, "unknown"
        key = (role_key(r.role or "", kb) or ("leader" if r.role == "Leader" else None)) if r.role else None
        got = (r.country, r.sector, key)
        keys = [case["role_key"], *case.get("also", [])]
        return got[:2] == (case["country"], case["sector"]) and got[2] in keys, str(got)
    if kind == "title_in_text":
        doc = _run(nlp, case["text"], case["date"])
        rows = [r for r in doc._.dw_role_evidence if r["person"] == case["person"]]
        if case["role_key"] is None and case["country"] is None:  # no office: no evidence
            return not rows, str(rows)
        if not rows:
            return False, "no evidence"
        r = rows[0]
        got = (r["role_key"], r["country"], r["sector"])
        return got == (case["role_key"], case["country"], case["sector"]), str(got)
    if kind == "coref":
        doc = _run(nlp, case["text"], case["date"])
        hits = [m for m in doc._.dw_actors if m["text"] == case["mention"]]
        if not hits:
            return False, "no mention"
        m = hits[-1]
        want = case["expect"]
        if want.startswith("members:"):
            ids = [x.get("entity_id") for x in m.get("members", [])]
            return ids == want.split(":", 1)[1].split("|"), str(ids)
        if want.startswith("members_countries:"):
            got = [x.get("country") for x in m.get("members", [])]
            return sorted(got) == sorted(want.split(":", 1)[1].split("|")), str(got)
        if want.startswith("country:"):
            return m.get("country") == want.split(":", 1)[1], str(m.get("country"))
        return m.get("entity_id") == want, str(m.get("entity_id"))
    if kind == "inferred_range":
        from dyadwire.nlp.article_dates import infer_date_range

        doc = _run(nlp, case["text"], None)
        rng = infer_date_range(doc)
        if case["inside"] is None:
            return rng is None, str(rng)
        if rng is None:
            return False, "no range"
        ok = rng["start"] <= case["inside"] <= rng["end"] and rng["basis"] == "inferred"
        if case.get("start"):
            ok = ok and (rng["start"], rng["end"]) == (case["start"], case["end"])
        return ok, f"{rng['start']}..{rng['end']} {rng['precision']}"
    raise ValueError(f"unknown kind {kind}")


def accuracy(nlp) -> dict[str, tuple[int, int, list]]:
    scores: dict[str, list] = defaultdict(lambda: [0, 0, []])
    for case in load_cases():
        ok, got = check(case, nlp)
        s = scores[case["kind"]]
        s[0] += ok
        s[1] += 1
        if not ok:
            s[2].append((case["id"], got))
    return {k: tuple(v) for k, v in scores.items()}


def _params():
    for case in load_cases():
        marks = [pytest.mark.slow]
        if case["id"] in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(reason=KNOWN_FAILURES[case["id"]], strict=True))
        yield pytest.param(case, id=f"{case['kind']}-{case['id']}", marks=marks)


@pytest.mark.parametrize("case", _params())
def test_case(nlp, case):
    ok, got = check(case, nlp)
    assert ok, got


def test_case_files_are_well_formed():
    cases = load_cases()
    assert len({c["id"] for c in cases}) == len(cases)
    assert {c["kind"] for c in cases} == {"office_on_date", "title_in_text", "coref", "inferred_range"}
