"""Compile the actor knowledge base from ../shared/data into src/dyadwire/actors/data/.

Re-runnable: the same sources give byte-identical output. Reads (see each folder's SOURCE.md):

- gazetteer-countries/countries.json (mledoze/countries, ODbL) and
  ngec_countries_nationalities.csv (NGEC, MIT): countries, names, demonyms, capitals;
- phoenix-dictionaries/Phoenix.{Countries,International,MilNonState}.actors.txt and
  Phoenix.agents.txt (PETRARCH-2, MIT) and plover/PLOVER_agents.txt (NGEC, MIT);
- leaders-archigos (Archigos 4.1) and leaders-reign (REIGN) leader spells;
- uk-ministers-ifg (Institute for Government ministers database, CC BY 4.0);
- src/dyadwire/actors/data/roles_extra.tsv (hand-maintained public facts).

Only facts are kept (codes, names, aliases, dates of office); no news text.

    python tools/build_actors.py [--data ../shared/data] [--out src/dyadwire/actors/data]
"""

from __future__ import annotations

import argparse
import calendar
import csv
import gzip
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dyadwire.actors.names import normalise, slug  # noqa: E402
from dyadwire.actors.petrarch import read_actors, read_agents  # noqa: E402

# source rank: a higher rank wins where two sources disagree about the same date
SRC_PHOENIX, SRC_ARCHIGOS, SRC_REIGN, SRC_IFG, SRC_EXTRA = 1, 2, 3, 4, 5
SRC_NAMES = {1: "phoenix", 2: "archigos", 3: "reign", 4: "ifg", 5: "extra"}

KIND_RANK = {"country": 0, "capital": 1, "org": 2, "group": 2, "institution": 3, "person": 4}

# Capitals that the gazetteer cannot give (shared or ambiguous names), which stand for their
# country, and buildings that stand for a government or its military in news usage. Facts, hand-kept.
SEATS = {
    "washington": "USA", "washington dc": "USA",
    "white house": "USAGOV", "the white house": "USAGOV", "oval office": "USAGOV",
    "state department": "USAGOV", "pentagon": "USAMIL", "the pentagon": "USAMIL",
    "kremlin": "RUSGOV", "the kremlin": "RUSGOV", "downing street": "GBRGOV",
    "number 10": "GBRGOV", "no 10": "GBRGOV", "whitehall": "GBRGOV", "elysee": "FRAGOV",
    "elysee palace": "FRAGOV", "quai dorsay": "FRAGOV", "zhongnanhai": "CHNGOV",
    "the kirya": "ISRMIL", "kirya": "ISRMIL", "blue house": "KORGOV",
    "kiev": "UKR", "new delhi": "IND",
}
# Capitals whose bare name is too often something else to stand for the government.
CAPITAL_SKIP = {"victoria", "kingston", "georgetown", "hamilton", "jamestown", "saint johns",
                "san jose", "santiago", "washington dc", "city of victoria", "the valley",
                "plymouth", "avarua", "nuku alofa", "adamstown", "flying fish cove",
                "west island", "king edward point", "palikir", "alofi", "yaren", "kingstown",
                "basseterre", "castries", "roseau", "road town", "charlotte amalie",
                "philipsburg", "marigot", "gustavia", "saint pierre", "saint helier",
                "douglas", "st peter port", "stanley", "nassau", "bridgetown", "apia",
                "hagatna", "pago pago", "saipan", "mata utu", "papeete", "noumea"}
# Phoenix person lines are of ~2014 (SOURCE.md): an open-ended ">date" role is kept to this day
# and no later; later offices come from REIGN, IfG and roles_extra.tsv.
PHOENIX_HORIZON = "2018-12-31"
# Dated Phoenix records whose name says they are a body, not a person.
BODY_WORDS = {"authority", "government", "council", "ministry", "party", "army", "forces",
              "front", "movement", "parliament", "assembly", "congress", "administration",
              "cabinet", "commission", "committee", "court", "police", "agency", "office",
              "regime", "junta", "military", "navy", "republic", "kingdom", "state", "union",
              "league", "organization", "organisation", "brigade", "brigades", "group", "militia"}
# Agent codes that mark a word as *not* an agent ("MONDAY [~NON]", "REGION [~UNK]").
NON_AGENT_CODES = {"NON", "UNK"}
# Words that are surnames in the leader tables but mostly something else in news text.
SURNAME_STOP = {"may", "march", "june", "july", "august", "april", "monday", "friday", "sunday",
                "will", "long", "young", "little", "best", "white", "black", "green", "king",
                "law", "power", "hope", "house", "rose", "church", "chance", "story", "short",
                "wood", "mark", "price", "home", "cash", "love", "new", "west", "south", "north",
                "east",
                # words for institutions, never a person's surname ("the Government said" is no
                # "Provisional Government", a Phoenix person entry)
                "government", "council", "parliament", "assembly", "committee", "commission",
                "ministry", "army", "police", "court", "senate", "congress", "cabinet", "junta",
                "regime", "administration", "authority", "authorities", "presidency"}
# Common names of organisations the dictionaries lack (alias -> an alias they have).
ORG_ALIASES = {"eu": "european union", "international criminal court": "icc",
               "african union": "organization of african unity", "who": "world health organization"}

# Short aliases that must not be created from other countries' alternative spellings: they
# belong to one country only (the key), whatever other sources list.
RESERVED_SHORT = {"us": "USA", "usa": "USA", "uk": "GBR", "gb": "GBR", "uae": "ARE"}
# Aliases dropped everywhere: English function words some dictionaries list as codes.
ALIAS_STOP = {"it", "is", "in", "as", "at", "be", "by", "he", "me", "no", "of", "on", "or", "so",
              "to", "we", "an", "am", "do", "go", "hi", "if", "my", "up", "id", "im", "la", "le",
              "el", "de", "co", "ma", "na", "al", "the", "man", "can", "new"}

AGENT_ROLE_KEYS = {
    # agent phrase -> role key, so "Israeli defence minister" can name the holder on a date
    "defence minister": "defence_minister", "defense minister": "defence_minister",
    "minister of defence": "defence_minister", "minister of defense": "defence_minister",
    "defence secretary": "defence_minister", "defense secretary": "defence_minister",
    "secretary of defense": "defence_minister", "secretary of defence": "defence_minister",
    "foreign minister": "foreign_minister", "minister of foreign affairs": "foreign_minister",
    "foreign secretary": "foreign_minister", "secretary of state": "foreign_minister",
    "finance minister": "finance_minister", "minister of finance": "finance_minister",
    "chancellor of the exchequer": "finance_minister",
    "prime minister": "head_of_government", "premier": "head_of_government",
    "chancellor": "head_of_government",
    "president": "head_of_state", "vice president": "deputy_head_of_state",
    "military chief": "military_chief", "army chief": "military_chief",
    "chief of the general staff": "military_chief",
    "chairman of the joint chiefs of staff": "military_chief",
    "national security adviser": "security_adviser", "national security advisor": "security_adviser",
}

# Generic agent nouns the Phoenix/PLOVER agent lists lack, coded as ICEWS and Phoenix code their
# longer forms ("GOVERNMENT_OFFICIAL" ~GOV, "MILITARY_COMMANDER" ~MIL). Added only when absent.
EXTRA_AGENTS = {
    "official": "~GOV", "officials": "~GOV", "forces": "~MIL", "armed forces": "~MIL", "government official": "~GOV",
    "spokesman": "~GOV", "spokeswoman": "~GOV", "spokesperson": "~GOV",
    "military chief": "~MIL", "military chiefs": "~MIL", "army chief": "~MIL",
    "top general": "~MIL", "military commander": "~MIL", "military commanders": "~MIL",
    "chief of staff": "~MIL", "chief of the general staff": "~MIL",
    "chairman of the joint chiefs of staff": "~MIL", "national security adviser": "~GOV",
    "national security advisor": "~GOV", "strategic affairs minister": "~GOV",
    # offices of government and legislatures, national or local, named before a name
    # ("treasurer Peter Costello", "commissioner Randy Leonard")
    "treasurer": "~GOV", "commissioner": "~GOV", "councillor": "~GOV", "councilor": "~GOV",
    "councilman": "~GOV", "councilwoman": "~GOV", "council member": "~GOV",
    "assemblyman": "~LEG", "assemblywoman": "~LEG", "assembly member": "~LEG",
    # "the Egyptian opposition": Phoenix has only the longer forms ("OPPOSITION_ACTIVIST")
    "opposition": "~OPP",
    # ordinary people the lists name only in part (they have "passengers", "residents", "girls"):
    # civilians, as the codebook codes the targets of violence
    **{w: "~CVL" for w in ("motorist", "motorists", "pedestrian", "pedestrians", "shopper", "shoppers",
                           "commuter", "commuters", "bystander", "bystanders", "inhabitant",
                           "inhabitants", "locals", "youth", "teenager", "teenagers", "boy", "boys")},
}

# Where the codebook (docs/codebook.md) codes a generic agent otherwise than Phoenix and PLOVER,
# by the agent's first sector: armed men of no named group ("gunmen", "militants", "fighters",
# "militia": ~UAF) are REB; "people", "man", "persons" (~PPL) are civilians, CVL; bloggers and
# editors (PLOVER's ~JRN) are media, MED; clergy and believers of a faith (~MUS imam, ~CHRCTH
# bishop, ~JEW rabbi, ~HIN, ~BUD, with their branches) are religious actors, REL, the codebook
# having no sector per faith. Separatists have their own sector; a country's armed forces are
# its military (Phoenix files "ARMED_FORCES" with the armed men).
CODEBOOK_SECTORS = {"UAF": "REB", "PPL": "CVL", "JRN": "MED",
                    **{faith: "REL" for faith in ("MUS", "CHR", "JEW", "HIN", "BUD")}}
CODEBOOK_AGENTS = {"separatist": "~SEP", "separatists": "~SEP", "attacker": "~REB", "attackers": "~REB",
                   "armed force": "~MIL", "armed forces": "~MIL"}

IFG_ROLE_KEYS = {
    "Prime Minister": "head_of_government",
    "Secretary of State for Defence": "defence_minister",
    "Foreign Secretary": "foreign_minister",
    "Secretary of State for Foreign and Commonwealth Affairs": "foreign_minister",
    "Secretary of State for Foreign, Commonwealth and Development Affairs": "foreign_minister",
    "Chancellor of the Exchequer": "finance_minister",
    "Home Secretary": "interior_minister",
    "Secretary of State for the Home Department": "interior_minister",
    "Deputy Prime Minister": "deputy_head_of_government",
}

# Gleditsch-Ward / COW numbers whose country cannot be voted from Phoenix names (below) and
# whose COW abbreviation is not the ISO code. Facts of the two code lists.
GW_FIXED = {
    2: "USA", 20: "CAN", 200: "GBR", 220: "FRA", 255: "DEU", 260: "DEU", 265: "DEU",
    290: "POL", 325: "ITA", 365: "RUS", 666: "ISR", 710: "CHN", 740: "JPN", 750: "IND",
    630: "IRN", 640: "TUR", 651: "EGY", 670: "SAU", 369: "UKR", 345: "SRB",
    816: "VNM", 817: "VNM", 678: "YEM", 680: "YEM", 731: "PRK", 732: "KOR", 713: "TWN",
    60: "KNA", 90: "GTM", 91: "HND", 92: "SLV", 165: "URY", 205: "IRL", 221: "MCO", 230: "ESP",
    235: "PRT", 346: "BIH", 625: "SDN", 626: "SSD", 698: "OMN", 860: "TLS",
    331: "SMR", 404: "GNB", 435: "MRT", 663: "JOR", 986: "PLW", 305: "AUT", 900: "AUS",
    349: "SVN", 341: "MNE", 712: "MNG", 225: "CHE", 572: "SWZ", 590: "MUS",
}


@dataclass(eq=False)
class Entity:
    id: str
    kind: str
    name: str
    country: str | None
    default_code: str | None = None
    aliases: set = field(default_factory=set)
    surnames: set = field(default_factory=set)
    spells: list = field(default_factory=list)  # [start, end, code, role, role_key, src]
    sources: set = field(default_factory=set)
    birth_year: int | None = None
    un_member: bool = False
    name_candidates: list = field(default_factory=list)
    weak: set = field(default_factory=set)  # Phoenix synonyms (cities, regions) of a country


class Builder:
    def __init__(self, data: Path):
        self.data = data
        self.entities: list[Entity] = []
        self.by_id: dict[str, Entity] = {}
        self.country_codes: set[str] = set()
        self.notes: list[str] = []

    # -- entities ---------------------------------------------------------------------------
    def entity(self, eid: str, kind: str, name: str, country: str | None) -> Entity:
        e = self.by_id.get(eid)
        if e is None:
            e = Entity(eid, kind, name, country)
            self.by_id[eid] = e
            self.entities.append(e)
        return e

    def country_of(self, code: str | None) -> str | None:
        if not code:
            return None
        head = code[:3]
        if head in self.country_codes:
            return head
        if head in ("IGO", "NGO", "IMG", "MNC", "NGM"):
            return None
        return None

    # -- countries ----------------------------------------------------------------------------
    def countries(self) -> None:
        src = json.loads((self.data / "gazetteer-countries/countries.json").read_text("utf-8"))
        capitals: dict[str, list[str]] = defaultdict(list)
        for c in src:
            code = c["cca3"]
            self.country_codes.add(code)
            e = self.entity(f"country:{code}", "country", c["name"]["common"], code)
            e.default_code = code
            e.un_member = bool(c.get("unMember"))
            e.sources.add("gazetteer")
            names = [c["name"]["common"], c["name"]["official"], *c.get("altSpellings", [])]
            for nm in names:
                n = normalise(nm)
                # two-letter ISO codes in altSpellings ("IL", "IN", "IS") read as English words
                if len(n) <= 2 and n not in RESERVED_SHORT:
                    continue
                e.aliases.add(n)
            dem = (c.get("demonyms") or {}).get("eng") or {}
            for v in dem.values():
                if v:
                    e.aliases.add(normalise(v))
                    e.aliases.add(normalise(v) + "s")
            for cap in c.get("capital", []):
                capitals[normalise(cap)].append(code)
        with open(self.data / "gazetteer-countries/ngec_countries_nationalities.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                e = self.by_id.get(f"country:{row['CCA3']}")
                if e is None:
                    continue
                for nm in [row["Name"], *row["Nationality"].split(",")]:
                    n = normalise(nm)
                    if len(n) > 2:
                        e.aliases.add(n)
        # a capital shared by no other country and not itself a country name stands for its
        # country ("Washington said"): the country's code with no sector, as CAMEO, GDELT and the
        # codebook code it; the seats named below (the Kremlin, the White House) are the government
        country_names = {a for x in self.entities for a in x.aliases}
        for cap, codes in sorted(capitals.items()):
            if len(set(codes)) != 1 or cap in CAPITAL_SKIP or cap in country_names or len(cap) < 4:
                continue
            code = codes[0]
            e = self.entity(f"seat:{code}:{slug(cap)}", "capital", cap.title(), code)
            e.default_code = code
            e.aliases.add(cap)
            e.sources.add("gazetteer")
        for alias, code in SEATS.items():
            e = self.entity(f"seat:{code[:3]}:{slug(alias.removeprefix('the '))}", "capital",
                            alias.removeprefix("the ").title(), code[:3])
            e.default_code = code
            e.aliases.add(alias)
            e.sources.add("dyadwire")
        for short, code in RESERVED_SHORT.items():
            self.by_id[f"country:{code}"].aliases.add(short)

    # -- Phoenix actor dictionaries ---------------------------------------------------------
    def phoenix(self) -> None:
        d = self.data / "phoenix-dictionaries"
        files = [("Phoenix.Countries.actors.txt", "institution"),
                 ("Phoenix.International.actors.txt", "org"),
                 ("Phoenix.MilNonState.actors.txt", "group")]
        records = {}
        for fname, kind in files:
            errs: list[str] = []
            records[fname] = read_actors(d / fname, errors=errs)
            self.notes += errs
        # CAMEO country codes that the gazetteer lacks (e.g. historical states) come from
        # undated three-letter country records
        for r in records["Phoenix.Countries.actors.txt"]:
            if len(r.codes) == 1 and r.codes[0].is_default and len(r.codes[0].code) == 3 \
                    and r.codes[0].code.isalpha() and r.codes[0].code.isupper():
                self.country_codes.add(r.codes[0].code)
        self._country_names = {normalise(e.name): e for e in self.entities if e.kind == "country"}
        self._bodies: dict[tuple[str, str], list] = defaultdict(list)
        for fname, kind in files:
            for r in records[fname]:
                self._phoenix_record(r, kind)
        self.cluster_bodies()

    def _phoenix_record(self, r, kind: str) -> None:
        codes = [c for c in r.codes if c.code and c.code not in ("---", "+++", "###")]
        if not codes:
            return
        dated = [c for c in codes if not c.is_default]
        aliases = {normalise(p) for p in r.phrases}
        aliases.discard("")
        default = r.default_code
        if default in ("---", "+++", "###"):
            default = None
        if not dated and default and len(default) == 3 and default in self.country_codes \
                and kind == "institution":
            e = self.by_id.get(f"country:{default}")
            if e is None:
                e = self.entity(f"country:{default}", "country", r.name.title(), default)
                e.default_code = default
            e.weak |= aliases - e.aliases
            e.aliases |= aliases
            e.sources.add("phoenix")
            return
        if dated and kind == "institution":
            # a country whose code changed for a while (IRQ / IRQOCC 2003-2006): one country
            home = self._country_names.get(normalise(r.name))
            if home is not None:
                home.weak |= aliases - home.aliases
                home.aliases |= aliases
                return
        if dated and kind == "institution" and all(len(c.code) == 3 for c in codes):
            # a state whose code changed over time (e.g. a renamed country): its names are
            # aliases of the state it is now (date-dependent state codes are a known gap)
            now = default or max(dated, key=lambda c: (c.end is None, c.end or c.start)).code
            e = self.by_id.get(f"country:{now}")
            if e is not None:
                e.weak |= aliases - e.aliases
                e.aliases |= aliases
                return
        if dated and not set(normalise(r.name).split()) & BODY_WORDS:
            votes = Counter(self.country_of(c.code) for c in codes if self.country_of(c.code))
            country = votes.most_common(1)[0][0] if votes else None
            if country is None:
                # an international official (e.g. a Secretary-General): keep the organisation code
                country = None
            e = self.entity(f"person:{country or 'INT'}:{slug(r.name)}", "person", r.name.title(), country)
            e.default_code = e.default_code or default
            for c in dated:
                end = c.end.isoformat() if c.end else None
                if end is None:
                    # the dictionary is of ~2014: an open ">date" role is not evidence for later
                    end = PHOENIX_HORIZON
                start = c.start.isoformat() if c.start else None
                if start is not None and start > end:
                    continue
                e.spells.append([start, end, c.code, None, None, SRC_PHOENIX])
            e.aliases |= aliases
            e.sources.add("phoenix")
            return
        if default is None and dated:
            default = max(dated, key=lambda c: (c.end is None, c.end or c.start)).code
        country = self.country_of(default)
        name = _display(r.name)
        if self._is_identity_code(default):
            # clustered later: one body may be listed under several primary phrases
            self._bodies[(kind, default)].append((name, aliases, country))
            return
        e = self.entity(f"{kind}:{default}:{slug(name)}", kind, name, country)
        e.name_candidates.append(name)
        e.default_code = default
        e.aliases |= aliases
        e.sources.add("phoenix")

    def cluster_bodies(self) -> None:
        """Records sharing a code that names one body (IGOUNO, IMGMUSALQ) are one entity when
        they are one body: they share an alias, one is the other's acronym, or their names are
        spelling variants ("Al Qa'ida" / "El Qaida"). People filed under the body's code
        (its leaders) stay separate entities with the body's code."""
        from rapidfuzz import fuzz

        for (kind, code), recs in sorted(self._bodies.items()):
            parent = list(range(len(recs)))

            def find(i):
                while parent[i] != i:
                    parent[i] = parent[parent[i]]
                    i = parent[i]
                return i

            keys = [normalise(n) for n, _, _ in recs]
            for i in range(len(recs)):
                for j in range(i + 1, len(recs)):
                    a, b = keys[i], keys[j]
                    same = bool(recs[i][1] & recs[j][1]) or _is_acronym(a, b) or _is_acronym(b, a) \
                        or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 85)
                    if same:
                        parent[find(i)] = find(j)
            groups: dict[int, list[int]] = defaultdict(list)
            for i in range(len(recs)):
                groups[find(i)].append(i)
            for g in sorted(groups.values()):
                names = [recs[i][0] for i in g]
                eid = f"{kind}:{code}:{slug(names[0])}"
                e = self.entity(eid, kind, names[0], recs[g[0]][2])
                e.name_candidates.extend(names)
                e.default_code = code
                for i in g:
                    e.aliases |= recs[i][1]
                e.sources.add("phoenix")

    def _is_identity_code(self, code: str | None) -> bool:
        if not code or len(code) < 6 or len(code) % 3:
            return False
        last = code[-3:]
        return last not in self.agent_codes and last not in self.country_codes

    def merge_twins(self) -> None:
        """Phoenix sometimes lists one person twice, once undated (BASHAR_AL-ASSAD [SYRGOV]) and
        once with dated roles: fold the undated line into the person."""
        people = {(e.country, slug(e.name)): e for e in self.entities if e.kind == "person"}
        keep = []
        for e in self.entities:
            twin = people.get((e.country, slug(e.name))) if e.kind == "institution" else None
            if twin is not None:
                twin.aliases |= e.aliases
                twin.default_code = twin.default_code or e.default_code
                del self.by_id[e.id]
                continue
            keep.append(e)
        self.entities = keep

    def org_aliases(self) -> None:
        for alias, full in ORG_ALIASES.items():
            for e in self.entities:
                if e.kind == "org" and full in e.aliases:
                    e.aliases.add(normalise(alias))
                    break

    # -- people from tables -------------------------------------------------------------------
    def _people_index(self):
        idx: dict[tuple[str, str], list[Entity]] = defaultdict(list)
        for e in self.entities:
            if e.kind == "institution" and len(normalise(e.name).split()) >= 2 \
                    and not set(normalise(e.name).split()) & BODY_WORDS:
                # undated Phoenix lines such as BASHAR_AL-ASSAD [SYRGOV] are people too
                idx[(e.country, normalise(e.name))].append(e)
                continue
            if e.kind != "person":
                continue
            keys = {normalise(e.name)} | {a for a in e.aliases if len(a.split()) <= 4}
            for k in keys:
                idx[(e.country, k)].append(e)
                last = k.split()[-1] if k else ""
                if len(k.split()) >= 2 and len(last) >= 2:
                    idx[(e.country, "~" + last)].append(e)
        return idx

    def find_person(self, country: str | None, name: str, start: str | None = None,
                    end: str | None = None, birth_year: int | None = None) -> Entity | None:
        """An existing person of `country` called `name` (full name, or surname when the name is
        one word), preferring one whose known spells overlap [start, end]."""
        n = normalise(name)
        idx = self._pidx
        cands = list(dict.fromkeys(idx.get((country, n), [])))
        if not cands and len(n.split()) == 1:
            cands = list(dict.fromkeys(idx.get((country, "~" + n), [])))
        if not cands and len(n.split()) >= 2:
            first = n.split()[0]
            # "G.W. Bush" (initials, as Archigos writes) meets "George W. Bush"
            cands = [e for e in dict.fromkeys(idx.get((country, "~" + n.split()[-1]), []))
                     if normalise(e.name).split()[0] == first
                     or (len(first) <= 3 and normalise(e.name).startswith(first[0]))]
        if not cands and len(n.split()) >= 2:
            # "Ali Khamenei" within "Hojatolislam Sayyed Ali Khamenei"
            toks = set(n.split())
            cands = [e for e in dict.fromkeys(idx.get((country, "~" + n.split()[-1]), []))
                     if toks <= set(normalise(e.name).split())]
        if birth_year:
            same = [e for e in cands if e.birth_year in (None, birth_year)]
            cands = same
        for e in cands:
            if e.kind == "institution":
                e.kind = "person"
        def overlaps(e):
            for s in e.spells:
                s0, s1 = s[0] or "0000", s[1] or "9999"
                if s0 <= (end or "9999") and (start or "0000") <= s1 and "GOV" in s[2]:
                    return True
            return False

        if len(n.split()) == 1 and start:
            # a bare surname joins a known person only when their offices overlap in time
            ov = [e for e in cands if overlaps(e)]
            return ov[0] if len(ov) == 1 else None
        if len(cands) <= 1:
            return cands[0] if cands else None
        if start:
            ov = [e for e in cands if overlaps(e)]
            if len(ov) == 1:
                return ov[0]
        return None

    def add_person(self, country: str | None, name: str, src: str, key: str) -> Entity:
        e = self.entity(f"person:{country or 'INT'}:{key}", "person", name, country)
        e.aliases.add(normalise(name))
        e.sources.add(src)
        self._index_one(e)
        return e

    def _index_one(self, e: Entity) -> None:
        for k in {normalise(e.name)} | e.aliases:
            self._pidx[(e.country, k)].append(e)
            last = k.split()[-1] if k else ""
            if len(k.split()) >= 2 and len(last) >= 2:
                self._pidx[(e.country, "~" + last)].append(e)

    def extras(self, path: Path) -> None:
        rows = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cols = line.rstrip("\n").split("\t")
                cols += [""] * (8 - len(cols))
                rows.append(cols)
        by_name: dict[str, Entity] = {}
        for name, aliases, country, code, role, role_key, start, end in rows:
            iso = country if country in self.country_codes else None
            e = by_name.get(name)
            if e is None:
                e = self.find_person(iso, name)
                for a in filter(None, aliases.split("|")):
                    e = e or self.find_person(iso, a)
                if e is None:
                    e = self.add_person(iso, name, "extra", slug(name))
                by_name[name] = e
            e.name = name  # the hand-kept full name is the canonical one
            e.sources.add("extra")
            e.aliases.add(normalise(name))
            for a in filter(None, aliases.split("|")):
                e.aliases.add(normalise(a))
            e.spells.append([start or None, end or None, code, role, role_key, SRC_EXTRA])
            self._index_one(e)

    def ifg(self) -> None:
        d = self.data / "uk-ministers-ifg"
        people: dict[str, list[dict]] = defaultdict(list)
        with open(d / "person.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                people[row["id"]].append(row)
        posts = {}
        with open(d / "post.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                posts[row["id"]] = row
        ents: dict[str, Entity] = {}
        with open(d / "appointment.csv", encoding="utf-8") as f:
            appts = sorted(csv.DictReader(f), key=lambda r: (r["start_date"], r["id"]))
        for a in appts:
            rows = people.get(a["person_id"])
            post = posts.get(a["post_id"])
            if not rows or not post:
                continue
            e = ents.get(a["person_id"])
            if e is None:
                current = sorted(rows, key=lambda r: r["end_date"] or "9999")[-1]
                name = current["display_name"] or current["name"]
                # "Lord X" is a title: the person's earlier plain name is the better canonical
                plain = [r for r in rows if not r["name"].startswith(("Lord ", "Baroness "))]
                if plain:
                    name = sorted(plain, key=lambda r: r["end_date"] or "9999")[-1]["name"]
                e = self.find_person("GBR", name) or self.add_person(
                    "GBR", name, "ifg", slug(name) + "-" + a["person_id"][:8])
                for r in rows:
                    for k in ("name", "display_name", "normalized_name"):
                        if r[k]:
                            e.aliases.add(normalise(r[k]))
                e.sources.add("ifg")
                self._index_one(e)
                ents[a["person_id"]] = e
            pname = post["display_name"] or post["name"]
            role_key = IFG_ROLE_KEYS.get(post["name"]) or IFG_ROLE_KEYS.get(pname) or "minister"
            code = "GBRGOVMIL" if role_key == "defence_minister" else "GBRGOV"
            e.spells.append([a["start_date"] or None, a["end_date"] or None, code, pname,
                             role_key, SRC_IFG])

    # -- leaders ------------------------------------------------------------------------------
    def _gw_to_iso(self, rows: list[tuple[int, str, str]]) -> dict[int, str]:
        """Map GW/COW country numbers to ISO3 by voting: leaders' names looked up among Phoenix
        people, whose codes carry the CAMEO (ISO3) country; falls back to the COW abbreviation
        when it is an ISO3 code, and to GW_FIXED."""
        name_country: dict[str, Counter] = defaultdict(Counter)
        for e in self.entities:
            if e.kind == "person" and e.country:
                for k in {normalise(e.name)} | e.aliases:
                    name_country[k][e.country] += 1
                    if len(k.split()) >= 2:
                        name_country[k.split()[-1]][e.country] += 1
        votes: dict[int, Counter] = defaultdict(Counter)
        abbr: dict[int, str] = {}
        for ccode, stateabb, leader in rows:
            abbr[ccode] = stateabb
            n = normalise(leader)
            for k in (n, n.split()[-1] if n else ""):
                if k in name_country and len(name_country[k]) == 1:
                    votes[ccode].update(name_country[k])
                    break
        out: dict[int, str] = {}
        for ccode in sorted(abbr):
            if ccode in GW_FIXED:
                out[ccode] = GW_FIXED[ccode]
                continue
            v = votes.get(ccode)
            if v:
                top, n = v.most_common(1)[0]
                if n >= 2 and n >= 0.6 * sum(v.values()):
                    out[ccode] = top
                    continue
            if abbr[ccode] in self.country_codes:
                out[ccode] = abbr[ccode]
            else:
                self.notes.append(f"no ISO3 for GW/COW {ccode} {abbr[ccode]}: leaders skipped")
        self.gw_map = {c: (abbr[c], out.get(c)) for c in abbr}
        return out

    def leaders(self) -> None:
        arch = _read_csv(self.data / "leaders-archigos/archigos_4.1_spells.csv")
        reign = _read_csv(self.data / "leaders-reign/leaderlist_3_21.csv")
        rows = [(int(r["ccode"]), r["idacr"], r["leader"]) for r in arch]
        rows += [(int(r["ccode"]), r["stateabb"], r["leader"]) for r in reign]
        gw = self._gw_to_iso(rows)

        def year(s):
            try:
                return int(float(s))
            except (TypeError, ValueError):
                return None

        # REIGN: exact start day, end month only; the successor's start gives the end day
        spells = []  # (iso, name, start, end, birth, src, key)
        by_country: dict[int, list[dict]] = defaultdict(list)
        for r in reign:
            if year(r["syear"]) is None:
                continue
            by_country[int(r["ccode"])].append(r)
        for cc, rs in by_country.items():
            if cc not in gw:
                continue
            rs.sort(key=lambda r: (year(r["syear"]), year(r["smonth"]), year(r["sdate"])))
            starts = [f"{year(r['syear']):04d}-{year(r['smonth']):02d}-{year(r['sdate']):02d}" for r in rs]
            for i, r in enumerate(rs):
                ey, em = year(r["eyear"]), year(r["emonth"])
                end = None
                if ey and em:
                    nxt = [s for s in starts[i + 1:] if s[:7] == f"{ey:04d}-{em:02d}"]
                    end = nxt[0] if nxt else f"{ey:04d}-{em:02d}-{calendar.monthrange(ey, em)[1]:02d}"
                spells.append((gw[cc], r["leader"], starts[i], end, year(r["birthyear"]),
                               SRC_REIGN, r["leadid"]))
        for r in arch:
            cc = int(r["ccode"])
            if cc not in gw or not r["startdate"] or r["startdate"] < "1900":
                continue
            end = r["enddate"] or None
            if end == "2015-12-31" and "Still in Office" in (r["exit"] or ""):
                end = None
            spells.append((gw[cc], r["leader"], r["startdate"], end, year(r["yrborn"]),
                           SRC_ARCHIGOS, r["leadid"]))
        # one person per (country, leader name, birth year) within these two sources
        spells.sort(key=lambda s: (s[0], s[2], -s[5]))
        for iso, name, start, end, born, src, leadid in spells:
            if start < "1945":
                continue  # leader spells older than the news we code only add noise
            e = self.find_person(iso, name, start, end, born if born and born > 0 else None)
            if e is None:
                key = slug(name) + (f"-{born}" if born and born > 0 else f"-{leadid[:8]}")
                e = self.add_person(iso, name, SRC_NAMES[src], key)
            if born and born > 0 and e.birth_year is None:
                e.birth_year = born
            e.sources.add(SRC_NAMES[src])
            e.spells.append([start, end, iso + "GOV", "Leader", "leader", src])

    # -- agents -------------------------------------------------------------------------------
    def agents(self) -> dict[str, str]:
        out: dict[str, str] = {}
        files = [self.data / "plover/PLOVER_agents.txt",
                 self.data / "phoenix-dictionaries/Phoenix.agents.txt"]  # Phoenix wins
        for p in files:
            errs: list[str] = []
            for a in read_agents(p, errors=errs):
                code = f"{a.code}~" if a.prefix else f"~{a.code}"
                phrase = a.phrase
                forms = [phrase]
                if phrase.endswith("MINIST"):  # TABARI stem left in the file
                    forms = [phrase + s for s in ("ER", "ERS", "RY", "RIES")]
                elif phrase.endswith("MINISTS"):
                    continue
                for f in forms:
                    n = normalise(f)
                    if n and a.code not in NON_AGENT_CODES:
                        out[n] = code
                    elif n:
                        out.pop(n, None)
            self.notes += errs
        for k, v in EXTRA_AGENTS.items():
            out.setdefault(k, v)
        for k, v in out.items():
            if v.startswith("~") and v[1:4] in CODEBOOK_SECTORS:
                # an armed branch of a faith ("~MUSUAF", "~BUDUAF") is armed men first
                armed = any(v[i:i + 3] in ("UAF", "REB") for i in range(4, len(v), 3))
                out[k] = "~REB" if armed else "~" + CODEBOOK_SECTORS[v[1:4]]
        out.update(CODEBOOK_AGENTS)
        for phrase, key in AGENT_ROLE_KEYS.items():
            # every office the knowledge base can name a holder for is an agent phrase
            out.setdefault(phrase, "~MIL" if key == "military_chief" else "~GOV")
        return out

    # -- clean-up and output ----------------------------------------------------------------
    def settle_spells(self) -> None:
        """Cut an open-ended spell where a better source shows the person's time ended.

        Phoenix ">date" spells and leader spells "still in office" at the end of a dataset
        would otherwise last for ever (Biden would be USAGOV from 2009 on)."""
        for e in self.entities:
            if not e.spells:
                continue
            e.spells.sort(key=lambda s: (s[0] or "", -s[5], s[2]))
            for s in e.spells:
                if not (s[1] is None or (s[5] == SRC_PHOENIX and s[1] == PHOENIX_HORIZON)):
                    continue
                better = [t for t in e.spells if t[5] > s[5]]
                if not better:
                    continue
                start = s[0] or ""
                # the better source's spell that contains this one's start (or starts within a
                # few weeks of it) says when that time in office ended
                cover = [t for t in better if (t[0] or "") <= start <= (t[1] or "9999")
                         or (t[0] and start and abs(_days(t[0]) - _days(start)) <= 45)]
                if cover and all(t[1] is not None for t in cover):
                    s[1] = max(t[1] for t in cover)
                elif cover:
                    s[1] = None if s[5] != SRC_PHOENIX else s[1]
                elif not cover and all(t[1] is not None for t in better):
                    later_end = max(t[1] for t in better)
                    if later_end >= start:
                        s[1] = later_end
            for s in e.spells:
                if s[1] is not None and s[0] is not None and s[1] < s[0]:
                    s[1] = s[0]

    def finish(self) -> dict:
        for e in self.entities:
            if len(set(e.name_candidates)) > 1:
                e.name = _central_name(e.name_candidates, e.aliases)
        for e in self.entities:
            if e.kind == "person":
                n = normalise(e.name)
                e.aliases.add(n)
                # a middle initial is often left out ("George Bush" for George W. Bush); where
                # that names two people (his father), the date decides (`KnowledgeBase._choose`)
                for a in list(e.aliases):
                    words = a.split()
                    short = [w for k, w in enumerate(words) if not (0 < k < len(words) - 1 and len(w) == 1)]
                    if len(words) >= 3 and len(short) >= 2 and short != words:
                        e.aliases.add(" ".join(short))
                words = n.split()
                if len(words) >= 2 and len(words[-1]) >= 4 and words[-1] not in SURNAME_STOP:
                    e.surnames.add(words[-1])
                elif len(words) == 1:
                    # leader tables give only a surname: it is the weak alias, not a full name
                    if len(n) >= 3 and n not in SURNAME_STOP:
                        e.surnames.add(n)
                    e.aliases.discard(n)
        ents = sorted(self.entities, key=lambda e: e.id)
        index = {e.id: i for i, e in enumerate(ents)}
        aliases: dict[str, list[int]] = defaultdict(list)
        surnames: dict[str, list[int]] = defaultdict(list)
        for e in ents:
            for a in e.aliases:
                if a and a not in ALIAS_STOP and not a.isdigit():
                    aliases[a].append(index[e.id])
            for s in e.surnames:
                surnames[s].append(index[e.id])
        # short aliases reserved for one country
        for short, code in RESERVED_SHORT.items():
            aliases[short] = [index[f"country:{code}"]]
        for a, lst in aliases.items():
            lst.sort(key=lambda i: (KIND_RANK[ents[i].kind], not ents[i].un_member,
                                    normalise(ents[i].name) != a, ents[i].id))
            # a seat of government named by its city stands for the government, not the land
            seats = [i for i in lst if ents[i].kind == "capital"]
            if seats:
                lst[:] = seats + [i for i in lst if ents[i].kind not in ("capital", "country")]
        weak = sorted({a for e in ents if e.kind == "country" for a in e.weak
                       if a in aliases and ents[aliases[a][0]].kind == "country"})
        # a plain country name is that country, whatever else lists it as a synonym
        for e in ents:
            if e.kind == "country":
                n = normalise(e.name)
                if n in aliases:
                    aliases[n].sort(key=lambda i: (ents[i].id != e.id,))
        return {
            "format": 1,
            "entities": [[e.id, e.kind, e.name, e.country, e.default_code] for e in ents],
            "spells": [[s[:5] + [s[5]] for s in e.spells] for e in ents],
            "aliases": {k: v for k, v in sorted(aliases.items())},
            "surnames": {k: sorted(v) for k, v in sorted(surnames.items())},
            "weak_aliases": weak,
            "country_codes": sorted(self.country_codes),
            "agent_role_keys": AGENT_ROLE_KEYS,
        }


def _display(phrase: str) -> str:
    """A dictionary phrase as a name: "THE UNITED NATIONS" -> "United Nations", "NATO" kept."""
    words = phrase.split()
    if len(words) > 1 and words[0] == "THE":
        words = words[1:]
    if len(words) == 1 and len(words[0]) <= 5:
        return words[0]
    small = {"OF", "THE", "AND", "FOR", "IN", "ON", "DE", "AL"}
    return " ".join(w.lower() if w in small and i else w.capitalize() for i, w in enumerate(words))


def _is_acronym(short: str, long: str) -> bool:
    """"un" of "united nations", "icc" of "international criminal court"."""
    words = [w for w in long.split() if w not in ("of", "the", "and", "for")]
    return " " not in short and 2 <= len(short) <= 6 and len(words) >= 2 \
        and short == "".join(w[0] for w in words)


def _central_name(names: list[str], aliases: set[str]) -> str:
    """A body listed under several primary phrases is named by the phrase most of its aliases
    contain ("International Criminal Court" in "icc ... international criminal court judge"),
    so a person or sub-unit filed under the body's code does not name it. Ties: first listed;
    an acronym gives way to its spelling-out."""
    def score(item):
        i, n = item
        k = normalise(n)
        hits = sum(1 for a in aliases if k and (f" {k} " in f" {a} "))
        return (-hits, i)
    best = min(enumerate(names), key=score)[1]
    for n in names:
        if _better_name(n, best):
            return n
    return best


def _better_name(new: str, old: str) -> bool:
    """For a body listed under several primary phrases, whether `new` names it better than `old`."""
    # the first listing is the dictionary's main name; an acronym gives way only to its own
    # spelling-out ("UN" -> "United Nations")
    if " " in old or len(old) > 5:
        return False
    initials = "".join(w[0] for w in new.split() if w.lower() not in ("of", "the", "and"))
    return initials.upper() == old.upper().replace(".", "")


def _days(iso: str) -> int:
    from datetime import date

    return date.fromisoformat(iso).toordinal()


def _read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # REIGN has a few Windows-1252 names
    return list(csv.DictReader(text.splitlines()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "src/dyadwire/actors/data")
    args = ap.parse_args(argv)
    if not (args.data / "phoenix-dictionaries").is_dir():
        print(f"error: {args.data} has no phoenix-dictionaries/; pass --data DIR", file=sys.stderr)
        return 2
    b = Builder(args.data)
    agents = b.agents()
    b.agent_codes = {c.replace("~", "")[i:i + 3] for c in agents.values()
                     for i in range(0, len(c.replace("~", "")), 3)}
    b.countries()
    b.phoenix()
    b.merge_twins()
    b.org_aliases()
    b._pidx = b._people_index()
    b.extras(args.out / "roles_extra.tsv")
    b.ifg()
    b.leaders()
    b.settle_spells()
    kb = b.finish()
    kb["agents"] = dict(sorted(agents.items()))
    args.out.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(kb, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    out = args.out / "kb.json.gz"
    with open(out, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, compresslevel=9) as gz:
            gz.write(raw)
    kinds = Counter(e[1] for e in kb["entities"])
    n_spells = sum(len(s) for s in kb["spells"])
    print(f"wrote {out} ({out.stat().st_size:,} bytes; {len(raw):,} uncompressed)")
    print(f"entities {dict(sorted(kinds.items()))}; spells {n_spells}; aliases {len(kb['aliases'])}; "
          f"surnames {len(kb['surnames'])}; agents {len(kb['agents'])}")
    for n in b.notes[:40]:
        print("note:", n, file=sys.stderr)
    if len(b.notes) > 40:
        print(f"note: ... {len(b.notes) - 40} more", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
