"""The two seed reports: each event we expect, and whether it is coded right."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class SeedCheck:
    article_id: str
    what: str
    ok: bool
    got: str  # the closest event found, for the report


def expectations() -> dict[str, list[dict]]:
    text = resources.files("dyadwire.evaluate").joinpath("data/seed_expectations.json").read_text()
    return json.loads(text)["articles"]


def _country(actor: dict | None) -> str | None:
    if not actor:
        return None
    return actor.get("country") or (actor.get("code") or "")[:3] or None


def _matches(expect: dict, event: dict) -> bool:
    trigger = (event.get("trigger") or "").lower()
    if not any(trigger.startswith(stem) for stem in expect["trigger"]):
        return False
    if event["cameo_root"] not in expect["roots"]:
        return False
    pair = (_country(event["source"]), _country(event["target"]))
    want = (expect["source"], expect["target"])
    if pair != want and not (expect.get("reciprocal") and pair == want[::-1]):
        return False
    if "target_name" in expect:
        names = " ".join(filter(None, (event["target"].get("name"), event["target"].get("text"))))
        if expect["target_name"] not in names:
            return False
    for key in ("modality", "date", "date_precision", "date_basis"):
        if key in expect and event.get(key) != expect[key]:
            return False
    if "location_country" in expect and (event.get("location") or {}).get("country") != expect["location_country"]:
        return False
    return True


def check(events_by_article: dict[str, list[dict]]) -> list[SeedCheck]:
    checks = []
    for article_id, expected in expectations().items():
        events = events_by_article.get(article_id, [])
        for expect in expected:
            hit = next((e for e in events if _matches(expect, e)), None)
            near = hit or next(
                (e for e in events if any((e.get("trigger") or "").lower().startswith(s) for s in expect["trigger"])),
                None,
            )
            got = (
                f"{_country(near['source'])}->{_country(near['target'])} {near['cameo']} "
                f"{near['modality']} {near.get('date')}/{near.get('date_precision')} ({near.get('trigger')})"
                if near else "no event with that trigger"
            )
            checks.append(SeedCheck(article_id, expect["what"], hit is not None, got))
    return checks
