"""Place names to places: `geocode("Tel Aviv") -> Place(name="Tel Aviv", country="ISR", ...)`.

The gazetteer (countries, cities over 15,000 people, and a hand-written table of regions, seas and
sites the other two lack) is compiled by `tools/build_places.py` into package data and loaded on
first use (about a second), once per process.

Ambiguous names are settled in this order: a hand-written entry, then a country, then a city's own
name, then a city's alternative name; among cities, one in a country the text mentions (`context`)
unless it is far smaller than the best-known namesake, then the larger population.
"""

from __future__ import annotations

import functools
import gzip
import json
from importlib import resources
from typing import Iterable

from dyadwire.model import Place
from dyadwire.places.names import place_key

__all__ = ["geocode", "candidates", "country_place", "nationality_country", "place_key"]

# A city in a country the text mentions wins over a namesake elsewhere unless the namesake is this
# many times larger: Tripoli (Lebanon) in a text about Lebanon, but Paris (France) in a text
# mentioning the United States rather than Paris, Texas.
CONTEXT_POPULATION_RATIO = 20
TIER_ALIAS, TIER_COUNTRY, TIER_CITY, TIER_CITY_ALT = 0, 1, 2, 3  # as in tools/build_places.py


class Gazetteer:
    def __init__(self, data: dict):
        self.places = data["places"]
        self.index = data["index"]
        self.attribution = data.get("attribution", [])
        self.demonyms = data.get("demonyms", {})
        self._countries = {p[1]: i for i, p in enumerate(self.places) if p[4] == "country"}

    def place(self, pid: int) -> Place:
        name, country, lat, lon, precision, _ = self.places[pid]
        return Place(name=name, country=country, lat=lat, lon=lon, precision=precision)

    def candidates(self, name: str) -> list[tuple[int, int]]:
        """(place id, tier) pairs for a name, best tier first."""
        return sorted(self.index.get(place_key(name), ()), key=lambda pair: pair[1])

    def lookup(self, name: str, context: Iterable[str] = (), hand_written_only: bool = False,
               max_tier: int = TIER_CITY_ALT) -> Place | None:
        if hand_written_only:
            max_tier = TIER_ALIAS
        found = [pair for pair in self.candidates(name) if pair[1] <= max_tier]
        if not found:
            return None
        best_tier = found[0][1]
        pool = [pid for pid, tier in found if tier == best_tier]
        if len(pool) == 1:
            return self.place(pool[0])
        population = lambda pid: self.places[pid][5]  # noqa: E731
        largest = max(pool, key=population)
        context = set(context)
        local = [pid for pid in pool if self.places[pid][1] in context]
        if local:
            best_local = max(local, key=population)
            if population(best_local) * CONTEXT_POPULATION_RATIO >= population(largest):
                return self.place(best_local)
        return self.place(largest)

    def country(self, iso3: str) -> Place | None:
        pid = self._countries.get(iso3)
        return self.place(pid) if pid is not None else None


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    path = resources.files("dyadwire.places") / "data" / "places.json.gz"
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        return Gazetteer(json.load(text))


def geocode(name: str, context: Iterable[str] = (), hand_written_only: bool = False) -> Place | None:
    """The place a name most likely means, or None.

    `context`: ISO 3166 alpha-3 codes of countries the text mentions (settles "Tripoli").
    `hand_written_only`: only the hand-written table (regions, seas, well-known sites), for names
    the NER did not tag as a place ("the Pentagon" tagged ORG).
    """
    if not name or not name.strip():
        return None
    return gazetteer().lookup(name, context, hand_written_only)


def nationality_country(word: str) -> str | None:
    """'Israeli' -> 'ISR'. A nationality adjective is not a place, only a hint of context."""
    return gazetteer().demonyms.get(place_key(word))


def candidates(name: str) -> list[Place]:
    """Every place a name can mean, best first by tier (for debugging and review)."""
    g = gazetteer()
    return [g.place(pid) for pid, _ in g.candidates(name)]


def country_place(iso3: str) -> Place | None:
    """The country itself (centroid coordinates), by ISO 3166 alpha-3 code."""
    return gazetteer().country(iso3)
