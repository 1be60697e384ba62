"""The `dyadwire_coref` component: who pronouns, descriptions and pairs refer to.

No coreference model is available offline, so this is rule-based. It runs after
`dyadwire_roles` and before `dyadwire_events`, reads `doc._.dw_actors`, the role evidence, the
parse and the entities, and:

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

from spacy.language import Language
from spacy.tokens import Doc

from dyadwire.nlp import extensions
from dyadwire.nlp.lexicon import ROLE_NOUNS
from dyadwire.nlp.mentions import (
    BODY_HEADS,
    MAX_SENTENCES_BACK,
    MILITARY_NOUNS,
    PAIR_NOUNS_PARTY,
    PAIR_NOUNS_PERSON,
    PERSON_PRONOUNS,
    PERSON_ROLE_NOUNS,
    PLURAL_PRONOUNS,
    RESOLUTION_KEYS,
    THING_PRONOUNS,
    antecedent_person,
    candidates,
    home_country,
    index_mentions,
    is_person,
    is_plural,
    mark_people,
    norm_words,
    pick,
    public,
    quoted_tokens,
    resolution,
    resolved,
    sentence_numbers,
    tokens_among,
)
from dyadwire.nlp.resolving import UsesResolver


class Coreference(UsesResolver):
    def __call__(self, doc: Doc) -> Doc:
        mentions = list(doc._.dw_actors)
        mark_people(doc, mentions)
        home = home_country(doc, mentions)
        added = []
        self._descriptions(doc, mentions, doc._.dw_role_evidence)
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

    def _pronouns(self, doc: Doc, mentions: list[dict]) -> list[dict]:
        quoted = quoted_tokens(doc)
        covered = index_mentions(mentions)
        added = []
        for t in tokens_among(doc, PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS):
            low = t.lower_
            if t.pos_ != "PRON" or t.i in quoted:
                continue
            if low in PERSON_PRONOUNS:
                ante = antecedent_person(doc, mentions, t)
            elif low in THING_PRONOUNS:
                if low == "it" and t.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj"):
                    continue
                cands = [(d, m) for d, m in candidates(doc, mentions, t)
                         if not is_person(m) and not is_plural(doc, m) and m.get("country")
                         and (doc[m["head"]].ent_type_ in ("GPE", "ORG", "NORP")
                              or doc[m["head"]].lemma_.lower() in BODY_HEADS)]
                if low == "it":
                    # "it" is an actor only when the last sentence's main subject was one
                    cands = [(d, m) for d, m in cands if d <= 1
                             and doc[m["head"]].dep_ in ("nsubj", "nsubjpass")
                             and doc[m["head"]].head.dep_ == "ROOT"]
                ante = pick(doc, cands, t)
            elif low in PLURAL_PRONOUNS:
                cands = [(d, m) for d, m in candidates(doc, mentions, t)
                         if is_plural(doc, m) or doc[m["head"]].dep_ == "conj"]
                ante = pick(doc, cands, t)
                if ante is not None and doc[ante["head"]].dep_ == "conj":
                    first = covered.get(doc[ante["head"]].head.i)
                    if first is not None and first is not ante:
                        ante = {"members": [public(first), public(ante)],
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
            if is_person(ante):
                m["person"] = True
            added.append(m)
        mentions.extend(added)
        return []

    def _descriptions(self, doc: Doc, mentions: list[dict], rows: list[dict]) -> None:
        from dyadwire.actors.evidence import role_key

        titles: dict[str, set[str]] = {}
        for row in rows:
            titles.setdefault(row["entity_id"], set()).update(
                norm_words(row.get("title_text") or "") | norm_words(row.get("role") or ""))
        keys_of: dict[str, set[str]] = {}
        for row in rows:
            if row.get("role_key"):
                keys_of.setdefault(row["entity_id"], set()).add(row["role_key"])
        covered = index_mentions(mentions)
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
                             "person": False, "_description": True})
        ordered = sorted(mentions, key=lambda x: x["start"])
        for m in ordered:
            if m.get("_pronoun") or (m.get("entity_id") and is_person(m)) or m.get("members"):
                continue
            head = doc[m["head"]]
            if head.tag_ == "NNP" and resolved(m):
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
            earlier = [o for o in ordered if o["end"] <= m["start"] and resolved(o) and not o.get("members")]
            found = None
            for o in reversed(earlier):
                if m.get("country") and o.get("country") and o["country"] != m["country"]:
                    continue
                if is_person(o) and o.get("entity_id") and lemma in PERSON_ROLE_NOUNS:
                    okeys = set(keys_of.get(o["entity_id"], ()))
                    if o.get("role"):
                        rk = role_key(o["role"], self.kb)
                        if rk:
                            okeys.add(rk)
                    owords = titles.get(o["entity_id"], set()) | norm_words(o.get("role") or "")
                    military = lemma in MILITARY_NOUNS and o.get("sector") == "MIL"
                    if (key and key in okeys) or (not key and (lemma in owords or military)):
                        found = o
                        break
                elif not is_person(o) and doc[o["head"]].lemma_.lower() == lemma \
                        and doc[o["head"]].tag_ == head.tag_:
                    found = o
                    break
            if found is None and m.get("_description"):
                mentions.remove(m)
            if found is not None:
                keep_country = m.get("country")
                m.update(resolution(found), antecedent=found["text"])
                m["person"] = is_person(found)
                if keep_country and not m.get("country"):
                    m["country"] = keep_country

    def _pairs(self, doc: Doc, mentions: list[dict]) -> list[dict]:
        covered = index_mentions(mentions)
        sent_of = sentence_numbers(doc)
        added = []
        for t in tokens_among(doc, ("two", "both")):
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
            m["members"] = [public(a), public(b)]
            m["antecedent"] = f"{a['text']}; {b['text']}"
            if existing is None:
                added.append(m)
        mentions.extend(added)
        return []

    def _recent_pair(self, doc, mentions, before: int, kind: str, sent_of) -> tuple[dict, dict] | None:
        earlier = [m for m in mentions if m["end"] <= before and resolved(m) and not m.get("members")
                   and not m.get("_pronoun") and m.get("country")]
        if kind == "person":
            # a person or a phrase of theirs ("Austin's visit", "Gallant's office")
            earlier = [m for m in earlier if str(m.get("entity_id") or "").startswith(("person:", "news:"))
                       and (is_person(m) or any(doc[i].ent_type_ == "PERSON" for i in range(m["start"], m["end"])))]
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

    def _fill_country(self, doc: Doc, mentions: list[dict], home: str | None) -> None:
        """A group named by its sector alone ("police", "the rebels", "parliament", "troops")
        belongs to the country the article is clearly set in, as CAMEO coders read it. (Not the
        country one sentence names: "police arrested students in Moscow" may be foreign
        students, and PETRARCH's coders leave them so.)"""
        if not home:
            return
        for m in mentions:
            code = m.get("code") or ""
            if m.get("country") or (code and not code.startswith("---")) or not m.get("sector") \
                    or m.get("members"):
                continue
            m.update(country=home, code=home + m["sector"], antecedent=f"the article's country ({home})")


@Language.factory(
    "dyadwire_coref",
    assigns=["doc._.dw_actors"],
    requires=["doc._.dw_actors", "doc._.dw_role_evidence", "token.dep", "doc.ents", "doc.sents"],
)
def make_coref(nlp: Language, name: str):
    """Add mentions for pronouns, descriptions and pairs to `doc._.dw_actors` (see the module
    doc); descriptions are matched against the role evidence and the run's resolver."""
    return Coreference()


extensions.register()
