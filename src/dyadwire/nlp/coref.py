"""The `dyadwire_coref` component: who pronouns and descriptions refer to, read off the parse.

No coreference model is available offline, so this is rule-based. It runs after
`dyadwire_actors` and before `dyadwire_events`, reads `doc._.dw_actors`, the parse, the entities
and `doc._.dw_article_date`, and:

- dates an undated article: the offices its text gives people ("President-elect Joe Biden") fit
  only some dates; the intersection goes to `doc._.dw_date_range` (basis "inferred") and the
  article's mentions are resolved again on it (see `dyadwire.nlp.when.infer_date_range`);
- writes role evidence (`dyadwire.actors.evidence`) to `doc._.dw_role_evidence`, and uses it for
  the people the knowledge base does not know on that date;
- links a description to the name in apposition ("his Israeli counterpart, Lt. Gen. X");
- resolves a bare surname to the full name used earlier in the article;
- adds mentions for pronouns (he/she/his/her/they/their/its...), choosing a recent, salient,
  compatible antecedent (a person for he/she, an organisation or country for its, a plural or
  a pair for they);
- resolves definite descriptions ("the premier", "the US's top military chief", "the official")
  to the most recent person whose office or title matches, or the last mention with that head;
- gives "the two sides", "both countries", "the two" a "members" list: the two most recent
  parties seen together;
- fills the country of an institution named without one ("the Defense Ministry said") when the
  article is clearly set in one country.

Every mention it adds or changes carries "antecedent": the text of what it refers to. Mentions
it adds have the shape of `dyadwire_actors`' ("start", "end", "head", "text", "code", "country",
"sector", "entity_id", "name", "role").
"""

from __future__ import annotations

import re

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Token

from dyadwire.actors.evidence import evidence_code
from dyadwire.nlp import extensions
from dyadwire.nlp.resolving import UsesResolver

RESOLUTION_KEYS = ("code", "country", "sector", "entity_id", "name", "role")
PERSON_PRONOUNS = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
THING_PRONOUNS = {"its", "it", "itself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
PAIR_NOUNS_PARTY = {"side", "country", "nation", "government", "ally", "party", "state", "capital"}
PAIR_NOUNS_PERSON = {"leader", "man", "woman", "minister", "official", "general", "chief",
                     "president", "counterpart", "diplomat", "commander"}
ROLE_NOUNS = {"premier", "minister", "president", "president-elect", "chancellor", "general",
              "chief", "commander", "secretary", "spokesman", "spokeswoman", "official",
              "ambassador", "envoy", "king", "prince", "chairman", "admiral", "colonel",
              "diplomat", "adviser", "advisor", "leader", "prime", "emir", "monarch", "sheikh"}
# "the general" is a military officer, whatever the office: matched on the sector
MILITARY_NOUNS = {"general", "admiral", "colonel", "commander"}
# heads of definite descriptions that may stand for a named person's office
PERSON_ROLE_NOUNS = ROLE_NOUNS - {"official", "diplomat"}
INSTITUTION_HEADS = {"ministry", "government", "cabinet", "army", "military", "police",
                     "parliament", "office", "presidency", "navy", "embassy", "knesset",
                     "department", "prosecutor", "court"}
_RANK_WORDS = {"gen": "general", "lt": "lieutenant", "col": "colonel", "maj": "major",
               "adm": "admiral", "brig": "brigadier", "capt": "captain"}
# heads of phrases that name a body "it"/"its" can stand for (not "trip", "approval")
BODY_HEADS = INSTITUTION_HEADS | {"administration", "organisation", "organization", "group",
                                  "movement", "alliance", "council", "agency", "regime", "state",
                                  "country", "union", "coalition", "party", "force", "company"}
MAX_SENTENCES_BACK = 3
MAX_INFER_DAYS = 2 * 366  # re-resolve an undated article's actors only on a range this narrow


def _register() -> None:
    extensions.register()
    for name in ("dw_role_evidence",):
        if not Doc.has_extension(name):
            getter, setter = extensions._list_extension(name)
            Doc.set_extension(name, getter=getter, setter=setter)
    if not Doc.has_extension("dw_date_range"):
        Doc.set_extension("dw_date_range", default=None)


def _is_person(m: dict) -> bool:
    return bool(m.get("_person"))


def _mark_people(doc: Doc, mentions: list[dict]) -> None:
    """A mention is a person when its head is a name or an office held by the person it
    resolved to: "the Biden administration" or "Milley's trip" carry a person's id, not a person."""
    for m in mentions:
        if "_person" in m:
            continue
        head = doc[m["head"]]
        eid = m.get("entity_id") or ""
        m["_person"] = head.ent_type_ == "PERSON" or (
            eid.startswith(("person:", "news:"))
            and (head.lemma_.lower() in PERSON_ROLE_NOUNS | {"counterpart"}
                 or (head.pos_ == "PROPN" and head.text in (m.get("name") or ""))))


def _is_plural(doc: Doc, m: dict) -> bool:
    head = doc[m["head"]]
    return head.tag_ in ("NNS", "NNPS") or bool(m.get("members"))


def _resolved(m: dict) -> bool:
    return bool(m.get("country") or m.get("code") or m.get("members"))


def _resolution(m: dict) -> dict:
    return {k: m.get(k) for k in RESOLUTION_KEYS}


def _sentence_numbers(doc: Doc) -> list[int]:
    """The sentence number of every token, computed once per Doc."""
    key = ("dyadwire", "_sentence_numbers")
    cached = doc.user_data.get(key)
    if cached is None or len(cached) != len(doc):
        cached = [0] * len(doc)
        for n, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                cached[i] = n
        doc.user_data[key] = cached
    return cached


def _tokens_among(doc: Doc, words) -> list[Token]:
    """The tokens whose lowercase form is one of `words`, found on the Doc's LOWER array: a
    Token object is made only for those, not for every word of a long article."""
    import numpy as np
    from spacy.attrs import LOWER

    wanted = np.array([doc.vocab.strings[w] for w in words], dtype=np.uint64)
    return [doc[int(i)] for i in np.nonzero(np.isin(doc.to_array(LOWER), wanted))[0]]


_QUOTE_MARKS = re.compile('[“”"«»]')


def _quoted_tokens(doc: Doc) -> set[int]:
    """Indexes of the tokens inside quotation marks (a pronoun there is the speaker's, not ours).

    Found on the text's characters, not by walking every token: that walk was a quarter of this
    component's time on long articles."""
    ranges, start, inside = [], 0, False
    for m in _QUOTE_MARKS.finditer(doc.text):
        mark = m.group()
        opening = mark in "“«" or (mark == '"' and not inside)
        if opening:
            if not inside:
                start = m.end()
            inside = True
        else:
            if inside:
                ranges.append((start, m.start()))
            inside = False
    if inside:
        ranges.append((start, len(doc.text)))
    tokens: set[int] = set()
    for a, b in ranges:
        span = doc.char_span(a, b, alignment_mode="contract")
        if span is not None:
            tokens.update(range(span.start, span.end))
    return tokens


def _norm_words(text: str) -> set[str]:
    from dyadwire.actors.names import normalise

    return {_RANK_WORDS.get(w, w) for w in normalise(text).split()}


class Coreference(UsesResolver):

    # -- the pipeline step -------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        from dyadwire.actors.evidence import extract_evidence
        from dyadwire.nlp import when

        mentions = list(doc._.dw_actors)
        on = when._base_date(doc)
        rng = None
        undated_rows = None
        if on is None:
            undated_rows = extract_evidence(doc, self.kb)
            rng = when.infer_date_range(doc, self.kb, undated_rows)
            doc._.dw_date_range = rng
            if rng is not None:
                start, end = date.fromisoformat(rng["start"]), date.fromisoformat(rng["end"])
                if (end - start).days <= MAX_INFER_DAYS:
                    self._reresolve(mentions, start + (end - start) / 2)
        _mark_people(doc, mentions)
        day = on or (date.fromisoformat(rng["start"]) + (date.fromisoformat(rng["end"]) - date.fromisoformat(rng["start"])) / 2 if rng else None)
        self._appositions(doc, mentions)
        self._surnames(doc, mentions)
        home = home_country(doc, mentions)
        by_token = self._index(mentions)

        def possessor(token: Token) -> dict | None:
            if token.lower_ in PERSON_PRONOUNS:
                return self._antecedent_person(doc, mentions, token)
            m = by_token.get(token.i)
            return m

        if undated_rows is not None and rng is None:
            rows = undated_rows  # nothing dates the article: the evidence stays undated
        else:
            rows = extract_evidence(
                doc, self.kb, on=on or (date.fromisoformat(rng["start"]) if rng else None),
                on_end=date.fromisoformat(rng["end"]) if rng and not on else None,
                article_id=doc.user_data.get(("dyadwire", "article_id")), home_country=home,
                resolve_possessor=possessor)
        doc._.dw_role_evidence = rows
        self._use_evidence(doc, mentions, rows, day)
        mentions.extend(self._learned_people(doc, mentions, day))
        self._titled(doc, mentions, rows)
        added = []
        self._descriptions(doc, mentions, rows)
        added += self._pronouns(doc, mentions)
        added += self._pairs(doc, mentions)
        self._fill_country(doc, mentions, home)
        doc.user_data.pop(("dyadwire", "_sentence_numbers"), None)
        out = []
        for m in mentions + added:
            for k in [k for k in m if k.startswith("_")]:
                del m[k]
            out.append(m)
        doc._.dw_actors = out
        return doc

    @staticmethod
    def _index(mentions: list[dict]) -> dict[int, dict]:
        idx = {}
        for m in mentions:
            for i in range(m["start"], m["end"]):
                idx.setdefault(i, m)
        return idx

    # -- undated articles --------------------------------------------------------------------
    def _reresolve(self, mentions: list[dict], day: date) -> None:
        for m in mentions:
            eid = m.get("entity_id") or ""
            if eid.startswith("person:") and m.get("name"):
                r = self.kb.resolve(m["name"], day)
                if r is not None and r.entity_id == eid:
                    m.update(code=r.code, country=r.country, sector=r.sector, role=r.role)
            elif not eid:
                r = self.kb.resolve(m["text"], day)
                if r is not None and r.entity_id and r.kind == "person":
                    m.update(code=r.code, country=r.country, sector=r.sector,
                             entity_id=r.entity_id, name=r.name, role=r.role)

    # -- apposition and names ----------------------------------------------------------------
    def _appositions(self, doc: Doc, mentions: list[dict]) -> None:
        """"his Israeli counterpart, Lt. Gen. X": the description is X."""
        by_token = self._index(mentions)
        for m in mentions:
            if _is_person(m) and m.get("entity_id"):
                continue
            head = doc[m["head"]]
            for child in head.children:
                if child.dep_ != "appos":
                    continue
                other = by_token.get(child.i)
                if other is None or other is m or not _is_person(other) or not other.get("entity_id"):
                    continue
                if m.get("country") and other.get("country") and m["country"] != other["country"]:
                    continue
                m.update(_resolution(other), antecedent=other["text"])
                m["_person"] = True
                break

    def _surnames(self, doc: Doc, mentions: list[dict]) -> None:
        """A bare surname is the person the article named in full before."""
        full = []
        for m in sorted(mentions, key=lambda x: x["start"]):
            if not _is_person(m) or not m.get("entity_id"):
                continue
            words = [t for t in doc[m["start"]:m["end"]] if t.ent_type_ == "PERSON"]
            if len(words) >= 2:
                full.append((m["start"], words[-1].text.lower(), m))
            elif len(words) == 1 and m["end"] - m["start"] <= 2:
                surname = words[0].text.lower()
                earlier = [f for f in full if f[0] < m["start"] and f[1] == surname]
                ids = {f[2]["entity_id"] for f in earlier}
                if len(ids) == 1 and m.get("entity_id") not in ids:
                    src = earlier[-1][2]
                    m.update(_resolution(src), antecedent=src["text"])

    def _use_evidence(self, doc: Doc, mentions: list[dict], rows: list[dict], day) -> None:
        """People the knowledge base lacks (or knows out of office) get the title the text gives."""
        for m in mentions:
            if m.get("role") and m.get("entity_id", "") and str(m.get("entity_id")).startswith("person:"):
                continue
            text = m["text"]
            for row in rows:
                if row["person"] and row["person"] in text and (
                        not m.get("entity_id") or m.get("entity_id") == row["entity_id"]
                        or not m.get("role")):
                    if m.get("entity_id") and m.get("entity_id") != row["entity_id"] and m.get("role"):
                        continue
                    # Evidence fills what the resolver left open; it never moves a mention the
                    # text already placed in a country to another country, or to none.
                    if m.get("country") and row["country"] != m["country"]:
                        continue
                    m.update(code=evidence_code(row["country"], row["sector"]),
                             country=row["country"], sector=row["sector"],
                             entity_id=row["entity_id"], name=m.get("name") if m.get("entity_id") == row["entity_id"] and m.get("name") else row["person"],
                             role=row["role"])
                    m["_person"] = True
                    break

    def _learned_people(self, doc: Doc, mentions: list[dict], day) -> list[dict]:
        """Names the knowledge base lacks but earlier articles titled (role evidence)."""
        if day is None or not hasattr(self.kb, "evidence_for"):
            return []
        covered = self._index(mentions)
        added = []
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            m = covered.get(ent.root.i)
            if m is not None and m.get("entity_id") and m.get("role"):
                continue
            r = self.kb.resolve(ent.text, day)
            if r is None or r.match != "evidence":
                continue
            res = {"code": r.code, "country": r.country, "sector": r.sector,
                   "entity_id": r.entity_id, "name": r.name, "role": r.role}
            if m is not None:
                m.update(res, antecedent=f"role evidence: {r.name}")
                m["_person"] = True
            else:
                added.append({"start": ent.start, "end": ent.end, "head": ent.root.i,
                              "text": ent.text, **res, "antecedent": f"role evidence: {r.name}",
                              "_person": True})
        return added

    def _titled(self, doc: Doc, mentions: list[dict], rows: list[dict]) -> None:
        """"Milley's spokesman Colonel X": a phrase whose head is X's title is X, not Milley."""
        for row in rows:
            span = row.get("title_tokens")
            if not span or not row.get("entity_id"):
                continue
            for m in mentions:
                if span[0] <= m["head"] < span[1] and m.get("entity_id") != row["entity_id"]:
                    person = next((o for o in mentions if o.get("entity_id") == row["entity_id"]
                                   and o is not m), None)
                    if person is None:
                        continue
                    m.update(_resolution(person), antecedent=person["text"])
                    m["_person"] = True

    # -- pronouns ----------------------------------------------------------------------------
    def _candidates(self, doc: Doc, mentions: list[dict], token: Token):
        sent_of = _sentence_numbers(doc)
        here = sent_of[token.i]
        for m in sorted(mentions, key=lambda x: x["start"]):
            if m["end"] > token.i or not _resolved(m) or m.get("_pronoun"):
                continue
            if token.i in range(m["start"], m["end"]):
                continue
            n = sent_of[m["start"]]
            if here - n > MAX_SENTENCES_BACK:
                continue
            yield here - n, m

    def _pick(self, doc: Doc, cands: list[tuple[int, dict]], token: Token) -> dict | None:
        if not cands:
            return None
        same = [m for d, m in cands if d == 0]
        if same:
            # a subject before the pronoun in its own sentence, else the nearest mention
            subj = [m for m in same if doc[m["head"]].dep_ in ("nsubj", "nsubjpass")]
            return (subj or same)[-1] if subj else same[-1]
        nearest = min(d for d, _ in cands)
        prev = [m for d, m in cands if d == nearest]
        subj = [m for m in prev if doc[m["head"]].dep_ in ("nsubj", "nsubjpass")]
        main = [m for m in subj if doc[m["head"]].head.dep_ == "ROOT"]
        if main:
            return main[0]
        # no main-clause subject (or the parser ran two sentences together): the latest subject
        return subj[-1] if subj else prev[0]

    def _antecedent_person(self, doc: Doc, mentions: list[dict], token: Token) -> dict | None:
        cands = [(d, m) for d, m in self._candidates(doc, mentions, token)
                 if _is_person(m) and not _is_plural(doc, m)]
        return self._pick(doc, cands, token)

    def _pronouns(self, doc: Doc, mentions: list[dict]) -> list[dict]:
        quoted = _quoted_tokens(doc)
        covered = self._index(mentions)
        added = []
        for t in _tokens_among(doc, PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS):
            low = t.lower_
            if t.pos_ != "PRON" or t.i in quoted:
                continue
            if low in PERSON_PRONOUNS:
                ante = self._antecedent_person(doc, mentions, t)
            elif low in THING_PRONOUNS:
                if low == "it" and t.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj"):
                    continue
                cands = [(d, m) for d, m in self._candidates(doc, mentions, t)
                         if not _is_person(m) and not _is_plural(doc, m) and m.get("country")
                         and (doc[m["head"]].ent_type_ in ("GPE", "ORG", "NORP")
                              or doc[m["head"]].lemma_.lower() in BODY_HEADS)]
                if low == "it":
                    # "it" is an actor only when the last sentence's main subject was one
                    cands = [(d, m) for d, m in cands if d <= 1
                             and doc[m["head"]].dep_ in ("nsubj", "nsubjpass")
                             and doc[m["head"]].head.dep_ == "ROOT"]
                ante = self._pick(doc, cands, t)
            elif low in PLURAL_PRONOUNS:
                cands = [(d, m) for d, m in self._candidates(doc, mentions, t)
                         if _is_plural(doc, m) or doc[m["head"]].dep_ == "conj"]
                ante = self._pick(doc, cands, t)
                if ante is not None and doc[ante["head"]].dep_ == "conj":
                    first = covered.get(doc[ante["head"]].head.i)
                    if first is not None and first is not ante:
                        ante = {"members": [_public(first), _public(ante)],
                                "text": f"{first['text']} and {ante['text']}"}
            else:
                continue
            if ante is None:
                continue
            m = {"start": t.i, "end": t.i + 1, "head": t.i, "text": t.text,
                 **{k: ante.get(k) for k in RESOLUTION_KEYS}, "antecedent": ante["text"],
                 "_pronoun": True}
            if ante.get("members"):
                m["members"] = ante["members"]
            if _is_person(ante):
                m["_person"] = True
            added.append(m)
        mentions.extend(added)
        return []

    # -- definite descriptions ---------------------------------------------------------------
    def _descriptions(self, doc: Doc, mentions: list[dict], rows: list[dict]) -> None:
        from dyadwire.actors.evidence import role_key

        titles: dict[str, set[str]] = {}
        for row in rows:
            titles.setdefault(row["entity_id"], set()).update(
                _norm_words(row.get("title_text") or "") | _norm_words(row.get("role") or ""))
        keys_of: dict[str, set[str]] = {}
        for row in rows:
            if row.get("role_key"):
                keys_of.setdefault(row["entity_id"], set()).add(row["role_key"])
        covered = self._index(mentions)
        for t in doc:
            # "the general", "the president-elect": role nouns the actors component left alone
            if t.i in covered or t.tag_ not in ("NN", "NNP") or t.lemma_.lower() not in PERSON_ROLE_NOUNS:
                continue
            left = [c for c in t.lefts]
            if not left or left[0].lower_ != "the" or any(c.i in covered for c in left):
                continue
            mentions.append({"start": left[0].i, "end": t.i + 1, "head": t.i,
                             "text": doc[left[0].i:t.i + 1].text, "code": None, "country": None,
                             "sector": None, "entity_id": None, "name": None, "role": None,
                             "_person": False, "_description": True})
        ordered = sorted(mentions, key=lambda x: x["start"])
        for m in ordered:
            if m.get("_pronoun") or (m.get("entity_id") and _is_person(m)) or m.get("members"):
                continue
            head = doc[m["head"]]
            if head.tag_ == "NNP" and _resolved(m):
                continue  # a name that resolved is not a description ("the old foe Gondor")
            span = doc[m["start"]:m["end"]]
            first = span[0]
            definite = first.lower_ in ("the", "this", "that") or any(
                t.dep_ == "poss" and t.i < head.i for t in span)
            if not definite or head.tag_ not in ("NN", "NNP") or head.lemma_.lower() not in ROLE_NOUNS:
                continue
            words = [t for t in span if t.dep_ not in ("det",) and not t.is_punct
                     and t.tag_ != "POS" and not (t.pos_ in ("PROPN", "ADJ") and t.ent_type_ in ("GPE", "NORP"))]
            phrase = " ".join(t.text for t in words)
            key = role_key(phrase, self.kb)
            lemma = head.lemma_.lower()
            earlier = [o for o in ordered if o["end"] <= m["start"] and _resolved(o) and not o.get("members")]
            found = None
            for o in reversed(earlier):
                if m.get("country") and o.get("country") and o["country"] != m["country"]:
                    continue
                if _is_person(o) and o.get("entity_id") and lemma in PERSON_ROLE_NOUNS:
                    okeys = set(keys_of.get(o["entity_id"], ()))
                    if o.get("role"):
                        rk = role_key(o["role"], self.kb)
                        if rk:
                            okeys.add(rk)
                    owords = titles.get(o["entity_id"], set()) | _norm_words(o.get("role") or "")
                    military = lemma in MILITARY_NOUNS and o.get("sector") == "MIL"
                    if (key and key in okeys) or (not key and (lemma in owords or military)):
                        found = o
                        break
                elif not _is_person(o) and doc[o["head"]].lemma_.lower() == lemma \
                        and doc[o["head"]].tag_ == head.tag_:
                    found = o
                    break
            if found is None and m.get("_description"):
                mentions.remove(m)
            if found is not None:
                keep_country = m.get("country")
                m.update(_resolution(found), antecedent=found["text"])
                m["_person"] = _is_person(found)
                if keep_country and not m.get("country"):
                    m["country"] = keep_country

    # -- "the two sides" ---------------------------------------------------------------------
    def _pairs(self, doc: Doc, mentions: list[dict]) -> list[dict]:
        covered = self._index(mentions)
        sent_of = _sentence_numbers(doc)
        added = []
        for t in _tokens_among(doc, ("two", "both")):
            nxt = t.head if t.head.i > t.i and t.dep_ in ("nummod", "det", "predet", "amod") else None
            if nxt is not None and nxt.lemma_.lower() in PAIR_NOUNS_PARTY:
                kind = "party"
            elif nxt is not None and nxt.lemma_.lower() in PAIR_NOUNS_PERSON:
                kind = "person"
            elif t.lower_ == "two" and t.i > 0 and doc[t.i - 1].lower_ == "the" and t.dep_ in (
                    "nsubj", "nsubjpass", "dobj", "pobj", "conj"):
                nxt, kind = t, "person"
            else:
                continue
            start = t.i - 1 if t.i > 0 and doc[t.i - 1].lower_ == "the" else t.i
            end = nxt.i + 1
            existing = covered.get(nxt.i)
            if existing is not None and existing.get("entity_id"):
                continue
            pair = self._recent_pair(doc, mentions, start, kind, sent_of)
            if pair is None:
                continue
            a, b = pair
            m = existing if existing is not None else {"start": start, "end": end, "head": nxt.i,
                                                        "text": doc[start:end].text}
            m.update({k: None for k in RESOLUTION_KEYS})
            if a.get("country") and a.get("country") == b.get("country"):
                m.update(country=a["country"])
            m["members"] = [_public(a), _public(b)]
            m["antecedent"] = f"{a['text']}; {b['text']}"
            if existing is None:
                added.append(m)
        mentions.extend(added)
        return []

    def _recent_pair(self, doc, mentions, before: int, kind: str, sent_of) -> tuple[dict, dict] | None:
        earlier = [m for m in mentions if m["end"] <= before and _resolved(m) and not m.get("members")
                   and not m.get("_pronoun") and m.get("country")]
        if kind == "person":
            # a person or a phrase of theirs ("Austin's visit", "Gallant's office")
            earlier = [m for m in earlier if str(m.get("entity_id") or "").startswith(("person:", "news:"))
                       and (_is_person(m) or any(doc[i].ent_type_ == "PERSON" for i in range(m["start"], m["end"])))]
        here = sent_of[before] if 0 <= before < len(sent_of) else 0
        by_sent: dict[int, list[dict]] = {}
        for m in earlier:
            by_sent.setdefault(sent_of[m["start"]], []).append(m)
        for n in sorted(by_sent, reverse=True):
            if here - n > MAX_SENTENCES_BACK:
                break
            group = sorted(by_sent[n], key=lambda x: x["start"])
            if n == here:
                group = list(reversed(group))  # nearest first within the sentence itself
            first = group[0]
            for other in group[1:]:
                if kind == "party" and other.get("country") != first.get("country"):
                    return tuple(sorted((first, other), key=lambda x: x["start"]))
                if kind == "person" and other.get("entity_id") != first.get("entity_id"):
                    return tuple(sorted((first, other), key=lambda x: x["start"]))
        return None

    # -- agents without a country --------------------------------------------------------------
    def _fill_country(self, doc: Doc, mentions: list[dict], home: str | None) -> None:
        if not home:
            return
        for m in mentions:
            code = m.get("code") or ""
            if m.get("country") or (code and not code.startswith("---")) or not m.get("sector") \
                    or m.get("members"):
                continue
            head = doc[m["head"]]
            first = doc[m["start"]]
            institution = head.lemma_.lower() in INSTITUTION_HEADS and head.tag_ in ("NN", "NNP") \
                and first.lower_ == "the"
            # "talks with senior security officials" in a sentence that puts the talks in the
            # article's country: that country's officials
            local = head.lemma_.lower() in ROLE_NOUNS and _placed_in(head.sent, home)
            if not (institution or local):
                continue
            m.update(country=home, code=home + m["sector"], antecedent=f"the article's country ({home})")


def _placed_in(sent, country: str) -> bool:
    """The sentence puts something in `country` ("was in Israel", "in Tel Aviv")."""
    from dyadwire import places

    for ent in sent.ents:
        if ent.label_ in ("GPE", "LOC") and ent.root.dep_ == "pobj" and ent.root.head.lower_ in ("in", "at"):
            place = places.geocode(ent.text)
            if place is not None and place.country == country:
                return True
    return False


def _public(m: dict) -> dict:
    return {k: v for k, v in m.items() if not k.startswith("_") and k != "members"}


def home_country(doc: Doc, mentions: list[dict]) -> str | None:
    """The one country an article is set in, or None when that is not clear.

    The lede's place ("was in Israel on Friday") when actors of that country appear; else a
    country with at least 60% of the country-resolved mentions."""
    from dyadwire import places

    counts: dict[str, int] = {}
    for m in mentions:
        c = m.get("country")
        if c and len(c) == 3 and (m.get("code") or "")[:3] == c:
            counts[c] = counts.get(c, 0) + 1
    lede = None
    for n, sent in enumerate(doc.sents):
        if n >= 2:
            break
        for ent in sent.ents:
            if ent.label_ in ("GPE", "LOC") and ent.root.dep_ == "pobj" and ent.root.head.lower_ in ("in", "at"):
                place = places.geocode(ent.text)
                if place is not None and place.country:
                    lede = lede or place.country
    if lede and counts.get(lede, 0) >= 2:
        return lede
    total = sum(counts.values())
    if total >= 2:
        best = max(counts, key=counts.get)
        if counts[best] >= 2 and counts[best] / total >= 0.6:
            return best
    return None


@Language.factory(
    "dyadwire_coref",
    assigns=["doc._.dw_actors"],
    requires=["doc._.dw_actors", "token.dep", "doc.ents", "doc.sents"],
)
def make_coref(nlp: Language, name: str):
    """Add mentions for pronouns, descriptions and pairs to `doc._.dw_actors`, record role
    evidence in `doc._.dw_role_evidence` and the inferred date range of an undated article in
    `doc._.dw_date_range`, using the run's resolver (`initialize`), which knows the role
    evidence earlier runs stored."""
    return Coreference()


_register()
