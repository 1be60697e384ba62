"""The actor knowledge base: who a mention is, as of a date.

`KnowledgeBase.builtin()` loads the tables compiled by `tools/build_actors.py` (countries,
seats of government, organisations, armed groups, agents, people with dated roles) once per
process. `kb.resolve(text, on)` turns a mention ("Gantz", "the Israeli defence minister",
"U.S.", "Washington", "UN") into a `Resolution`: a CAMEO-style code, the country, the sector,
a stable entity id, the canonical name and the role held on that date.

Conventions:
- `code` is country (or organisation) + the first sector: Phoenix codes a defence minister
  `ISRGOVMIL`; we report `ISRGOV` (sector GOV, role "Defence Minister") and keep the dictionary
  code in `full_code`. Military chiefs are `...MIL`. Legislatures and legislators, which Phoenix
  files as `...GOVLEG`, are `...LEG`, as the codebook has them.
- For an international organisation, `country` is the organisation's own code ("UNO" for
  IGOUNO), as in `dyadwire.model.Actor`, and `sector` is IGO. An NGO of no one country has no
  country (sector NGO); a militant group of no one country (CAMEO's IMG: al Qaeda) no country and
  sector REB, as the codebook (docs/codebook.md) codes them.
- A person's code on a date comes from the best source whose spell covers the date
  (hand-kept facts > UK IfG > REIGN > Archigos > Phoenix); outside every spell, the default.
"""

from __future__ import annotations

import gzip
import json
import threading
from dataclasses import dataclass, replace
from datetime import date
from importlib import resources
from pathlib import Path

from dyadwire.nlp.lexicon import HONORIFICS, RANKS

from .names import normalise, strip_determiner
from .petrarch import read_actors, read_agents

__all__ = ["KnowledgeBase", "Resolution", "split_code"]

# prefixes of codes for bodies that are not one country
TRANSNATIONAL = ("IGO", "NGO", "IMG", "MNC", "NGM", "UIS", "REG")
# words before a name that say nothing about who is meant: forms of address, ranks, and the
# words of offices ("Defence Minister X": the office is read elsewhere, the name says who)
_HONORIFICS = HONORIFICS | RANKS | {
    "president", "prime", "minister", "secretary", "defense", "defence", "foreign", "finance",
    "chief", "chairman", "king", "queen", "prince", "sheikh", "ayatollah", "senator", "sen", "rep",
    "former", "ex", "vice", "deputy", "acting", "premier", "chancellor", "lord", "lady",
    "baroness", "judge", "justice", "rabbi", "mayor", "governor", "gov", "ambassador", "envoy",
    "spokesman", "spokeswoman", "strategic", "affairs", "national", "security", "adviser",
    "advisor", "head", "leader", "elect", "president-elect", "field", "air", "vice-admiral"}
_NON_AGENT = {"NON", "UNK"}
# leading words that do not change who is meant ("top Iranian officials", "senior US officials")
_LEADING_SKIP = {"top", "senior", "high", "highranking", "leading", "powerful", "new", "outgoing",
                 "incoming", "then", "current", "serving", "acting"}
_TITLE_WORD = {"president": "president", "prime minister": "minister", "premier": "premier",
               "chancellor": "chancellor", "vice president": "vice president"}  # agent-file markers for "not an agent"
_SOURCE_NAMES = {1: "phoenix", 2: "archigos", 3: "reign", 4: "ifg", 5: "roles_extra", 9: "user"}
_CACHE_MAX = 100_000
_MISS = object()
_MIN_FUZZY_LEN = 8  # never fuzzy-match short strings: "Iran"/"Iraq", "Oman"/"Omar"
_FUZZY_CUTOFF = 90.0


@dataclass(frozen=True)
class Resolution:
    """Who a mention is, as of a date."""

    text: str
    code: str | None  # CAMEO-style, country/org + first sector: "USA", "ISRGOV", "IGOUNO"
    country: str | None  # ISO3, or the organisation code ("UNO") for international bodies
    sector: str | None  # agent code: GOV, MIL, REB, COP, IGO...
    entity_id: str | None  # stable per real-world entity; None for generic agents
    name: str | None  # canonical name
    role: str | None = None  # office held on that date, when known
    kind: str | None = None  # country | capital | org | group | institution | person | agent
    full_code: str | None = None  # the dictionary's code before reduction ("ISRGOVMIL")
    match: str = "exact"  # exact | surname | compose | fuzzy | agent

    def to_actor(self):
        from dyadwire.model import Actor

        return Actor(text=self.text, code=self.code, country=self.country, sector=self.sector,
                     entity_id=self.entity_id, name=self.name, role=self.role)


# "X-backed group": X supports the group, which is not X's (unlike "X-led", "X-based").
_BACKED_BY = frozenset({"backed", "funded", "financed", "supported", "sponsored", "trained"})
# CAMEO's sector (agent) codes: a code that begins with one and no country names no country.
SECTOR_CODES = frozenset({
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "LEG", "MED", "BUS", "CRM", "CVL", "EDU",
    "ELI", "HLH", "HRI", "LAB", "REF", "REL", "SPY", "UAF", "AGR", "DEV", "ENV", "INS", "SEP",
    "RAD", "MOD", "PPL"})
# The organisations whose "country" the codebook (docs/codebook.md), like the NGEC gazetteer,
# names otherwise than the last three letters of their Phoenix code: the European Union is EUR
# (Phoenix IGOEUREEC, after the European Economic Community), the African Union AFR (IGOAFROAU,
# after its predecessor, the Organisation of African Unity).
ORGANISATION_COUNTRY = {"EEC": "EUR", "OAU": "AFR"}


def split_code(code: str | None, country_codes: frozenset[str] | set[str]) -> tuple[str | None, str | None, str | None]:
    """A CAMEO actor code -> (reduced code, country, first sector).

    "ISRGOVMIL" -> ("ISRGOV", "ISR", "GOV"); "IGOUNO" -> ("IGOUNO", "UNO", "IGO");
    "IGOWSTNAT" -> ("IGOWSTNAT", "NAT", "IGO"); "IGOEUREEC" -> ("IGOEUREEC", "EUR", "IGO");
    "USA" -> ("USA", "USA", None);
    "PSEREBHMS" -> ("PSEREB", "PSE", "REB"); "USAGOVLEG" -> ("USALEG", "USA", "LEG");
    "NGOHRIAMN" -> ("NGOHRIAMN", None, "NGO"); "IMGMUSALQ" -> ("IMGMUSALQ", None, "REB")."""
    if not code:
        return None, None, None
    code = code.strip().upper()
    head = code[:3]
    if head in TRANSNATIONAL:
        # IGO + (region/type) + body: the body's own code is the last three letters
        # ("IGOWSTNAT" -> NAT); the whole code is kept because it names the body. A company
        # or NGO based in one country carries it next ("MNCUSAMED" -> USA).
        if head in ("MNC", "NGO") and code[3:6] in country_codes:
            return code, code[3:6], head
        if head == "NGO":
            return code, None, head  # Amnesty, the Red Cross: no country, as the codebook has them
        if head == "IMG":
            # al Qaeda, Islamic State: militants of no one country, REB as the codebook's
            # sectors have them (it has no IMG)
            return code, None, "REB"
        org = code[-3:] if len(code) >= 6 else None
        return code, ORGANISATION_COUNTRY.get(org, org), head
    if head not in country_codes and head in SECTOR_CODES:
        # a sector alone, as Phoenix codes news agencies ("REUTERS [MED]"): no country
        return code, None, head
    if head in country_codes or len(code) == 3:
        if code[3:9] == "GOVLEG":
            # Phoenix files legislatures and legislators under government ("USAGOVLEG" for the
            # Senate); the codebook, like ICEWS, makes them their own sector
            return head + "LEG", head, "LEG"
        sector = code[3:6] or None
        return code[:6], head, sector
    # an actor code that is not country-led (e.g. fictional "HOB", user codes): keep it whole
    return code, None, None




class KnowledgeBase:
    """Actors, agents and people with dated roles; see the module docstring."""

    _builtin: KnowledgeBase | None = None
    _lock = threading.Lock()

    def __init__(self, tables: dict):
        self._entities: list[list] = tables["entities"]
        self._spells: list[list] = tables["spells"]
        self._aliases: dict[str, list[int]] = tables["aliases"]
        self._surnames: dict[str, list[int]] = tables["surnames"]
        self._agents: dict[str, str] = tables["agents"]
        self._country_codes = frozenset(tables["country_codes"])
        self._weak = frozenset(tables.get("weak_aliases", ()))
        self._role_keys: dict[str, str] = tables.get("agent_role_keys", {})
        self._fuzzy_choices: list[str] | None = None
        self._fuzzy_index: _BigramIndex | None = None
        self._fuzzy_aliases: dict[str, str | None] = {}
        self._cache: dict = {}
        self._horizon: date | None = None
        self._by_id: dict[str, int] | None = None
        self._role_index: dict[tuple[str, str], list[int]] | None = None
        self._max_alias_words = max((a.count(" ") + 1 for a in self._aliases), default=1)
        self._max_agent_words = max((a.count(" ") + 1 for a in self._agents), default=1)

    # -- construction -----------------------------------------------------------------------
    @classmethod
    def builtin(cls) -> KnowledgeBase:
        """The knowledge base compiled into the package; loaded on first use, once per process."""
        if cls._builtin is None:
            with cls._lock:
                if cls._builtin is None:
                    ref = resources.files("dyadwire.actors") / "data" / "kb.json.gz"
                    with ref.open("rb") as f:
                        tables = json.loads(gzip.decompress(f.read()))
                    cls._builtin = cls(tables)
        return cls._builtin

    @classmethod
    def empty(cls) -> KnowledgeBase:
        return cls({"entities": [], "spells": [], "aliases": {}, "surnames": {}, "agents": {},
                    "country_codes": [], "agent_role_keys": {}})

    def with_dictionaries(self, actors: str | Path | list | None = None,
                          agents: str | Path | list | None = None,
                          replace: bool = False) -> KnowledgeBase:
        """A new knowledge base with a user's PETRARCH actor/agent dictionaries added.

        `actors`/`agents` are a path, a list of paths, or records from `read_actors` /
        `read_agents`.
        With `replace=False` the user's phrases are added and win over built-in ones that read
        the same; with `replace=True` only the user's actors (and agents, if given) are used,
        keeping the built-in country-code list so codes still split into country and sector."""
        base = KnowledgeBase.empty() if replace else self
        ents = list(base._entities)
        spells = list(base._spells)
        aliases = {k: list(v) for k, v in base._aliases.items()}
        surnames = {k: list(v) for k, v in base._surnames.items()}
        agent_map = dict(base._agents) if not (replace and agents is not None) else {}
        if replace and agents is None:
            agent_map = dict(self._agents)
        if actors is not None:
            for r in _records(actors, read_actors):
                codes = [c for c in r.codes if c.code and c.code not in ("---", "+++", "###")]
                dated = [c for c in codes if not c.is_default]
                default = r.default_code if r.default_code not in ("---", "+++", "###") else None
                _, country, _ = split_code(default or (codes[0].code if codes else None),
                                           self._country_codes)
                kind = "person" if dated else ("country" if default and len(default) == 3 else "org")
                idx = len(ents)
                ents.append([f"user:{normalise(r.name).replace(' ', '-')}", kind, r.name.title(),
                             country, default])
                spells.append([[c.start.isoformat() if c.start else None,
                                c.end.isoformat() if c.end else None, c.code, None, None, 9]
                               for c in dated])
                for p in r.phrases:
                    n = normalise(p)
                    # mentions are looked up without their article: "THE_AU" is met as "AU"
                    for key in dict.fromkeys((n, strip_determiner(n))):
                        if key:
                            aliases[key] = [idx] + [i for i in aliases.get(key, []) if ents[i][0] != ents[idx][0]]
        if agents is not None:
            for a in _records(agents, read_agents):
                n = normalise(a.phrase)
                if n:
                    agent_map[n] = f"{a.code}~" if a.prefix else f"~{a.code}"
        return KnowledgeBase({"entities": ents, "spells": spells, "aliases": aliases,
                              "surnames": surnames, "agents": agent_map,
                              "country_codes": sorted(self._country_codes),
                              "agent_role_keys": self._role_keys})

    # -- facts -------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._entities)

    def stats(self) -> dict:
        from collections import Counter

        kinds = Counter(e[1] for e in self._entities)
        return {"entities": len(self._entities), **{f"kind_{k}": v for k, v in sorted(kinds.items())},
                "spells": sum(len(s) for s in self._spells), "aliases": len(self._aliases),
                "agents": len(self._agents)}

    def agent(self, noun: str) -> str | None:
        """The sector of an agent noun or phrase ("minister" -> "GOV", "troops" -> "MIL")."""
        code = self.agent_code(noun)
        return code[:3] if code else None

    def agent_code(self, noun: str) -> str | None:
        """The full agent code ("defence minister" -> "GOVMIL"), without the '~'."""
        raw = self._agents.get(strip_determiner(normalise(noun)))
        code = raw.replace("~", "") if raw else None
        return None if code in _NON_AGENT else code

    @property
    def horizon(self) -> date:
        """The last day this knowledge base knows about (the latest date of any role spell).
        An office still held has no end date; "until the horizon" is what the data can vouch
        for, and it depends only on the data, never on the day the program runs."""
        if self._horizon is None:
            days = [d for spells in self._spells for s in spells for d in s[:2] if d]
            self._horizon = date.fromisoformat(max(days)[:10]) if days else date(1970, 1, 1)
        return self._horizon

    def entity(self, entity_id: str) -> dict | None:
        """Everything known about one entity: kind, name, country, default code, dated spells."""
        if self._by_id is None:
            self._by_id = {e[0]: i for i, e in enumerate(self._entities)}
        i = self._by_id.get(entity_id)
        return None if i is None else self._entity_dict(i)

    def _entity_dict(self, i: int) -> dict:
        eid, kind, name, country, default = self._entities[i]
        return {"entity_id": eid, "kind": kind, "name": name, "country": country,
                "default_code": default,
                "spells": [{**dict(zip(("start", "end", "code", "role", "role_key"), s[:5])),
                            "source": _SOURCE_NAMES.get(s[5], str(s[5]))} for s in self._spells[i]]}

    # -- resolution --------------------------------------------------------------------------
    def resolve(self, text: str, on: date | None = None, *, fuzzy: bool = True) -> Resolution | None:
        """Who `text` is on date `on` (None: the undated default). None when unknown.

        `fuzzy` also tries spelling variants of the names the knowledge base knows ("Yassir
        Arafat"); callers that know `text` is not a name (a whole noun phrase) turn it off.
        """
        if not text or not text.strip():
            return None
        key = (text, on, fuzzy)
        hit = self._cache.get(key, _MISS)
        if hit is not _MISS:
            return hit
        r = self._resolve(text, on, fuzzy)
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()
        self._cache[key] = r
        return r

    def _resolve(self, text: str, on: date | None, fuzzy: bool = True) -> Resolution | None:
        norm = strip_determiner(normalise(text))
        if not norm:
            return None
        has_upper = any(ch.isupper() for ch in text)
        day = on.isoformat() if on else None
        words = norm.split(" ")
        if len(words) > 1 and words[0] in _LEADING_SKIP and norm not in self._aliases:
            # "new" and "top" say nothing about who is meant, except in a name ("New Zealand")
            r = self._resolve(" ".join(text.split()[1:]) or text, on, fuzzy) if len(text.split()) > 1 else None
            return replace(r, text=text) if r else None
        if len(words) > 1 and words[0] in ("former", "ex"):
            # a former office holder: the country's elite, not today's holder
            r = self._resolve(" ".join(text.split()[1:]), None, fuzzy) if len(text.split()) > 1 else None
            if r is None or not r.country or r.kind not in ("agent", "person"):
                return r and replace(r, text=text)
            return replace(r, text=text, code=r.country + "ELI", sector="ELI", role=None,
                           full_code=r.country + "ELI",
                           entity_id=r.entity_id if r.kind == "person" and r.match != "compose" else None,
                           name=r.name if r.kind == "person" and r.match != "compose" else None)
        r = self._office_holder(text, norm, day, has_upper)
        if r is None:
            r = self._exact(text, norm, day, has_upper)
        if r is None:
            r = self._compose(text, norm, day, has_upper)
        if r is None and fuzzy and _names_something(text):
            r = self._fuzzy(text, norm, day)
        return r

    def to_actor(self, text: str, on: date | None = None):
        """`resolve` as a `dyadwire.model.Actor` (only `text` set when unknown)."""
        from dyadwire.model import Actor

        r = self.resolve(text, on)
        return r.to_actor() if r else Actor(text=text)

    def _short_ok(self, norm: str, has_upper: bool) -> bool:
        # "us", "uk", "un" are codes only when written as codes: "attacked us" is a pronoun
        return len(norm.replace(" ", "")) > 3 or has_upper

    def _exact(self, text: str, norm: str, day: str | None, has_upper: bool) -> Resolution | None:
        if not self._short_ok(norm, has_upper):
            return None
        cands = self._aliases.get(norm)
        if cands and norm in self._weak and has_upper and day and norm in self._surnames:
            # a city Phoenix lists under its country ("Austin") vs a person in office that day
            r = self._choose_surname(text, self._surnames[norm], day, active_only=True)
            if r is not None:
                return r
        if cands:
            return self._choose(text, cands, day, "exact")
        cands = self._surnames.get(norm)
        if cands and has_upper:
            return self._choose_surname(text, cands, day)
        return None

    def _choose(self, text: str, cands: list[int], day: str | None, match: str) -> Resolution | None:
        # candidates are stored best-first (country, seat, organisation, institution, person);
        # among people, prefer one holding an office on the date
        people = [i for i in cands if self._entities[i][1] == "person"]
        if day and len(people) > 1 and len(people) == len(cands):
            active = [i for i in people if self._active_spell(i, day)]
            if active:
                cands = active
        return self._make(text, cands[0], day, match)

    def _choose_surname(self, text: str, cands: list[int], day: str | None,
                        country: str | None = None, active_only: bool = False) -> Resolution | None:
        if country:
            cands = [i for i in cands if self._entities[i][3] == country]
        if not cands:
            return None
        if len(cands) == 1 and not active_only:
            return self._make(text, cands[0], day, "surname")
        if day:
            active = [(self._active_spell(i, day), i) for i in cands]
            active = [(s, i) for s, i in active if s is not None]
            # two different people with one surname: only a date that singles one out decides;
            # a better-sourced office that day (hand-kept, IfG, leader lists) beats a stale
            # open-ended Phoenix line
            if len(active) == 1:
                return self._make(text, active[0][1], day, "surname")
            if active:
                best = max(s[5] for s, _ in active)
                top = [i for s, i in active if s[5] == best]
                if best > 1 and len(top) == 1:
                    return self._make(text, top[0], day, "surname")
        return None

    def _active_spell(self, i: int, day: str) -> list | None:
        best = None
        for s in self._spells[i]:
            if (s[0] is None or s[0] <= day) and (s[1] is None or day <= s[1]):
                # higher source rank wins; then the later start (the newer office)
                if best is None or (s[5], s[0] or "") > (best[5], best[0] or ""):
                    best = s
        return best

    def _role_on(self, i: int, day: str | None) -> str | None:
        spells = self._spells[i]
        if not spells:
            return None
        if day is None:
            return None
        roles = [s for s in spells if s[3] and (s[0] is None or s[0] <= day) and (s[1] is None or day <= s[1])]
        if not roles:
            return None
        roles.sort(key=lambda s: (s[5], s[4] not in (None, "minister", "leader"), s[0] or ""))
        return roles[-1][3]

    def _make(self, text: str, i: int, day: str | None, match: str) -> Resolution:
        eid, kind, name, country, default = self._entities[i]
        full = default
        role = None
        if kind == "person":
            spells = self._spells[i]
            spell = self._active_spell(i, day) if day else None
            if spell is not None:
                full = spell[2]
                role = self._role_on(i, day)
            elif default:
                pass  # the dictionary's own default line
            elif day is None and spells:
                # known only through offices and no date given: the latest office
                latest = max(spells, key=lambda s: (s[0] or "", s[5]))
                full, role = latest[2], latest[3]
            elif country:
                full = country + "ELI"  # out of office: an elite, as Phoenix codes former officials
        code, ccountry, sector = split_code(full, self._country_codes)
        if kind == "person" and ccountry is None and country:
            ccountry = country
        return Resolution(text=text, code=code, country=ccountry if ccountry else country,
                          sector=sector, entity_id=eid, name=name, role=role, kind=kind,
                          full_code=full, match=match)

    # -- composition: "Israeli defence minister", "US military", "Defense Minister Benny Gantz"
    def _compose(self, text: str, norm: str, day: str | None, has_upper: bool) -> Resolution | None:
        words = norm.split(" ")
        if len(words) < 2:
            return self._agent_only(text, norm, day)
        # 1. a titled name: the longest tail that names an entity ("defense minister benny gantz")
        for k in range(1, len(words)):
            tail = " ".join(words[k:])
            head = words[:k]
            cands = self._aliases.get(tail)
            if cands and self._entities[cands[0]][1] == "person" and len(tail) > 3:
                return self._choose(text, cands, day, "exact")
            if cands is None and has_upper and all(w in _HONORIFICS or self._country_word(w) for w in head):
                country = self._country_prefix(head)
                sc = self._surnames.get(tail)
                if sc:
                    r = self._choose_surname(text, sc, day, country)
                    if r is not None:
                        return r
        # 2. a person's "administration"/"government" is their country's government
        if words[-1] in ("administration", "government", "cabinet") and len(words) <= 4:
            who = self._exact(text, " ".join(words[:-1]), day, has_upper)
            if who is not None and who.kind == "person" and who.country:
                return Resolution(text=text, code=who.country + "GOV", country=who.country,
                                  sector="GOV", entity_id=None, name=f"{who.name} {words[-1]}",
                                  role=None, kind="agent", full_code=who.country + "GOV",
                                  match="compose")
        # 3. a prefix agent before a country ("msf arnor" -> NGOARN, "msf arnor diplomat" ->
        #    NGOARNGOV): PETRARCH writes a `CODE~` agent in front of the actor's code
        for k in range(1, min(len(words) - 1, self._max_agent_words) + 1):
            raw = self._agents.get(" ".join(words[:k]))
            if not raw or not raw.endswith("~") or raw.replace("~", "") in _NON_AGENT:
                continue
            rest_text = " ".join(text.split()[k:]) if len(text.split()) == len(words) else " ".join(words[k:])
            inner = self._resolve(rest_text, None if day is None else date.fromisoformat(day))
            if inner is not None and inner.code and inner.country:
                prefix = raw.replace("~", "")
                return replace(inner, text=text, code=prefix + inner.code, sector=prefix,
                               full_code=prefix + (inner.full_code or inner.code), entity_id=None,
                               name=None, kind="agent", match="compose")
        # 4. country/organisation + agent ("israeli defense minister", "iranian targets")
        for k in range(min(len(words) - 1, self._max_alias_words), 0, -1):
            head = " ".join(words[:k])
            if not self._short_ok(head, has_upper):
                continue
            cands = self._aliases.get(head)
            if not cands:
                continue
            base = self._make(text, cands[0], day, "compose")
            if base.kind not in ("country", "capital", "org", "group", "institution"):
                continue
            rest = words[k:]
            if rest[0] in _BACKED_BY:
                # "Iranian-backed militias" are not Iran's: the group is named by what follows
                r = self._resolve(" ".join(rest[1:]), date.fromisoformat(day) if day else None, False)
                return replace(r, text=text) if r else None
            own = self._aliases.get(" ".join(rest))
            if own and base.country and self._entities[own[0]][3] == base.country \
                    and self._entities[own[0]][1] != "country":
                # "US Joint Chiefs of Staff": the country's own institution
                return self._make(text, own[0], day, "compose")
            agent_phrase, agent = self._agent_in(rest)
            if base.kind == "country" or base.kind == "capital":
                country = base.country
                if agent is None:
                    return replace(base, match="compose")
                sector = agent.replace("~", "")[:3]
                prefix = agent.endswith("~")
                code = (sector + country) if prefix else (country + sector)
                r = Resolution(text=text, code=code, country=country, sector=sector,
                               entity_id=None, name=None, role=None, kind="agent",
                               full_code=(country + agent.replace("~", "")) if not prefix else code,
                               match="compose")
                return self._with_holder(r, agent_phrase, day) if base.kind == "country" else r
            if agent is None:
                return replace(base, match="compose")
            return replace(base, match="compose", entity_id=base.entity_id)
        return self._agent_only(text, norm, day)

    def _office_holder(self, text: str, norm: str, day: str | None, has_upper: bool) -> Resolution | None:
        """"US president", "German chancellor" on a date: the person holding the office, before
        any dictionary line that spells the phrase out as an institution."""
        if not day:
            return None
        words = norm.split(" ")
        for k in (1, 2):
            rest = " ".join(words[k:])
            if len(words) <= k or rest not in self._role_keys:
                continue
            head = " ".join(words[:k])
            cands = self._aliases.get(head)
            if not cands or not self._short_ok(head, has_upper) \
                    or self._entities[cands[0]][1] != "country":
                continue
            country = self._entities[cands[0]][3]
            agent = (self._agents.get(rest) or "~GOV").replace("~", "")
            sector = agent[:3]
            base = Resolution(text=text, code=country + sector, country=country, sector=sector,
                              entity_id=None, name=None, role=None, kind="agent",
                              full_code=country + agent, match="compose")
            r = self._with_holder(base, rest, day)
            if r.entity_id is not None:
                return r
        return None

    def _agent_only(self, text: str, norm: str, day: str | None) -> Resolution | None:
        phrase, agent = self._agent_in(norm.split(" "))
        if agent is None or phrase != norm:
            return None
        sector = agent.replace("~", "")[:3]
        return Resolution(text=text, code=None, country=None, sector=sector, entity_id=None,
                          name=None, role=None, kind="agent", full_code=agent.replace("~", ""),
                          match="agent")

    def _agent_in(self, words: list[str]) -> tuple[str | None, str | None]:
        """The longest agent phrase ending at the last word (the head noun), else anywhere."""
        n = len(words)
        for size in range(min(n, self._max_agent_words), 0, -1):
            phrase = " ".join(words[n - size:])
            code = self._agents.get(phrase)
            if code is not None:
                if code.replace("~", "") in _NON_AGENT:
                    return None, None
                return phrase, code
        return None, None

    def _country_word(self, w: str) -> bool:
        c = self._aliases.get(w)
        return bool(c) and self._entities[c[0]][1] == "country"

    def _country_prefix(self, words: list[str]) -> str | None:
        for w in words:
            c = self._aliases.get(w)
            if c and self._entities[c[0]][1] == "country":
                return self._entities[c[0]][3]
        return None

    def _with_holder(self, r: Resolution, agent_phrase: str | None, day: str | None) -> Resolution:
        """"the Israeli defence minister" on a date is the person holding that office then."""
        key = self._role_keys.get(agent_phrase or "")
        if not key or not r.country:
            return r
        role = " ".join(w.capitalize() if w not in ("of", "the") else w for w in (agent_phrase or "").split())
        if not day:
            return replace(r, role=role)
        if self._role_index is None:
            idx: dict[tuple[str, str], list[int]] = {}
            for i, spells in enumerate(self._spells):
                for s in spells:
                    if s[4]:
                        idx.setdefault((self._entities[i][3] or "", s[4]), []).append(i)
            self._role_index = idx
        # "president" is the head of state in the US and the head of government in Iran: the
        # office's own title must say it
        word = _TITLE_WORD.get(agent_phrase or "")
        keys = ("head_of_state", "head_of_government") if word == "president" else (key,)
        holders = []
        for k in keys:
            for i in dict.fromkeys(self._role_index.get((r.country, k), [])):
                for s in self._spells[i]:
                    if s[4] == k and (s[0] is None or s[0] <= day) and (s[1] is None or day <= s[1]) \
                            and (word is None or word in (s[3] or "").lower()):
                        holders.append((i, s))
                        break
        if len({self._entities[i][0] for i, _ in holders}) != 1:
            return replace(r, role=role)
        i, s = holders[0]
        code, country, sector = split_code(s[2], self._country_codes)
        return replace(r, entity_id=self._entities[i][0], name=self._entities[i][2], role=s[3] or role,
                       code=code, sector=sector, full_code=s[2], kind="person")

    # -- spelling variants --------------------------------------------------------------------
    def _fuzzy(self, text: str, norm: str, day: str | None) -> Resolution | None:
        if len(norm) < _MIN_FUZZY_LEN or " " not in norm and len(norm) < 10:
            return None
        alias = self._fuzzy_aliases.get(norm, _MISS)
        if alias is _MISS:
            # which alias a name is a variant of does not depend on the date: searched once
            alias = self._fuzzy_alias(norm)
            if len(self._fuzzy_aliases) >= _CACHE_MAX:
                self._fuzzy_aliases.clear()
            self._fuzzy_aliases[norm] = alias
        return self._choose(text, self._aliases[alias], day, "fuzzy") if alias else None

    def prepare(self) -> None:
        """Build now what the first spelling-variant search would build (~0.3 s): a process
        that forks workers calls this first, so that they share one index."""
        if self._fuzzy_choices is None:
            self._fuzzy_choices = [a for a in self._aliases if len(a) >= _MIN_FUZZY_LEN]
        if self._fuzzy_index is None:
            self._fuzzy_index = _BigramIndex(self._fuzzy_choices, _FUZZY_CUTOFF)

    def _fuzzy_alias(self, norm: str) -> str | None:
        from rapidfuzz import fuzz, process

        self.prepare()
        lo, hi = len(norm) * 0.8, len(norm) * 1.25
        # only the choices that can reach the cutoff, in their own order: the same best hit
        hit = process.extractOne(norm, self._fuzzy_index.possible(norm, lo, hi), scorer=fuzz.ratio,
                                 score_cutoff=_FUZZY_CUTOFF,
                                 processor=None)
        if hit is None or not (lo <= len(hit[0]) <= hi) or not _words_agree(norm, hit[0]):
            return None
        return hit[0]


_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


def _names_something(text: str) -> bool:
    """A capitalised word other than a leading determiner: fuzzy matching is for spelling
    variants of names ("Moammar Gaddafi"), and a phrase without one names nobody."""
    return any(w[:1].isupper() for w in text.split() if w.lower() not in _DETERMINERS)


def _words_agree(query: str, alias: str) -> bool:
    """Every word of each has a close variant in the other: "Yassir Arafat" is "Yasir Arafat",
    but "Josh Howard" is not "John Howard" and "North America" is not "Ort America"."""
    from rapidfuzz import fuzz

    q = [w for w in query.split() if len(w) > 2]
    a = [w for w in alias.split() if len(w) > 2]
    close = lambda w, others: max((fuzz.ratio(w, o) for o in others), default=0) >= 80  # noqa: E731
    return all(close(w, a) for w in q) and all(close(w, q) for w in a)


class _BigramIndex:
    """Which fuzzy choices can reach `fuzz.ratio >= cutoff` with a query, by shared bigrams.

    ratio >= cutoff needs an Indel distance d <= (1 - cutoff/100) * (n + m), and strings that far
    apart share at least max(n, m) - 1 - 2d bigrams (the q-gram lemma), so the choices sharing
    fewer can be left out without changing `extractOne`'s answer: the survivors keep their order.
    Only choices whose length is within the window `_fuzzy` accepts are counted: choices are
    held sorted by length, and each bigram's postings are sliced to the window by binary search.
    """

    def __init__(self, choices: list[str], cutoff: float):
        import collections

        import numpy as np

        self._np = np
        self.cutoff = cutoff
        order = sorted(range(len(choices)), key=lambda i: (len(choices[i]), i))
        self.original = np.array(order, dtype=np.int32)  # position -> index in `choices`
        self.choices = [choices[i] for i in order]
        self.lengths = np.fromiter((len(c) for c in self.choices), dtype=np.int32, count=len(order))
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for pos, c in enumerate(self.choices):
            for gram, k in collections.Counter(c[j:j + 2] for j in range(len(c) - 1)).items():
                ids, counts = postings.setdefault(gram, ([], []))
                ids.append(pos)
                counts.append(k)
        self.postings = {g: (np.array(ids, dtype=np.int32), np.array(counts, dtype=np.int32))
                         for g, (ids, counts) in postings.items()}
        self._by_original = choices

    def possible(self, query: str, lo: float, hi: float) -> list[str]:
        import collections

        np = self._np
        n = len(query)
        a = int(np.searchsorted(self.lengths, lo, side="left"))
        b = int(np.searchsorted(self.lengths, hi, side="right"))
        if a >= b:
            return []
        shared = np.zeros(b - a, dtype=np.int32)
        for gram, k in collections.Counter(query[j:j + 2] for j in range(n - 1)).items():
            hit = self.postings.get(gram)
            if hit is None:
                continue
            ids, counts = hit
            i, j = np.searchsorted(ids, a), np.searchsorted(ids, b)
            if i < j:
                shared[ids[i:j] - a] += np.minimum(counts[i:j], k)
        m = self.lengths[a:b]
        # one more than the bound allows, against rounding at the cutoff
        dmax = np.floor((1 - self.cutoff / 100) * (n + m)).astype(np.int32) + 1
        keep = np.sort(self.original[a:b][shared >= np.maximum(n, m) - 1 - 2 * dmax])
        return [self._by_original[i] for i in keep]


def _records(source, reader) -> list:
    """Records from a path, a list of paths, or a list of records."""
    if isinstance(source, (str, Path)):
        return reader(source)
    out = []
    for item in source:
        if isinstance(item, (str, Path)):
            out.extend(reader(item))
        else:
            out.append(item)
    return out
