"""The `dyadwire_roles` component: the offices the text gives people, and their use.

"Finance Minister Bezalel Smotrich", "Israel's police commissioner, Yael X": every title the
text gives a person becomes a role evidence row (`dyadwire.actors.evidence`) in
`doc._.dw_role_evidence`, dated by the article (or its inferred range). The rows then resolve
people the knowledge base lacks or knows out of office, and the names earlier runs titled (the
run's resolver carries the evidence stored before the run). Evidence is stored with the
article; the next run loads it, never this one.
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Token

from dyadwire.actors.evidence import evidence_code
from dyadwire.nlp import extensions
from dyadwire.nlp.mentions import (
    PERSON_PRONOUNS,
    antecedent_person,
    home_country,
    index_mentions,
    mark_people,
    resolution,
)
from dyadwire.nlp.resolving import UsesResolver
from dyadwire.nlp.when import _base_date


class RoleEvidence(UsesResolver):
    def __call__(self, doc: Doc) -> Doc:
        from dyadwire.actors.evidence import extract_evidence

        mentions = doc._.dw_actors
        mark_people(doc, mentions)
        on, rng = _base_date(doc), doc._.dw_date_range
        if on is None and rng is None:
            rows = extract_evidence(doc, self.kb)  # nothing dates the article: undated evidence
            day = None
        else:
            start = date.fromisoformat(rng["start"]) if rng else None
            end = date.fromisoformat(rng["end"]) if rng else None
            day = on or start + (end - start) / 2
            by_token = index_mentions(mentions)

            def possessor(token: Token) -> dict | None:
                if token.lower_ in PERSON_PRONOUNS:
                    return antecedent_person(doc, mentions, token)
                return by_token.get(token.i)

            rows = extract_evidence(
                doc, self.kb, on=on or start, on_end=end if not on else None,
                article_id=doc.user_data.get(("dyadwire", "article_id")),
                home_country=home_country(doc, mentions), resolve_possessor=possessor)
        doc._.dw_role_evidence = rows
        self._use_evidence(doc, mentions, rows, day)
        mentions.extend(self._learned_people(doc, mentions, day))
        self._titled(doc, mentions, rows)
        doc._.dw_actors = mentions
        return doc

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
                    m["person"] = True
                    break

    def _learned_people(self, doc: Doc, mentions: list[dict], day) -> list[dict]:
        """Names the knowledge base lacks but earlier articles titled (role evidence)."""
        if day is None or not hasattr(self.kb, "evidence_for"):
            return []
        covered = index_mentions(mentions)
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
                m["person"] = True
            else:
                added.append({"start": ent.start, "end": ent.end, "head": ent.root.i,
                              "text": ent.text, **res, "antecedent": f"role evidence: {r.name}",
                              "person": True})
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
                    m.update(resolution(person), antecedent=person["text"])
                    m["person"] = True


@Language.factory(
    "dyadwire_roles",
    assigns=["doc._.dw_role_evidence", "doc._.dw_actors"],
    requires=["doc._.dw_actors", "doc._.dw_date_range", "token.dep", "doc.ents", "doc.sents"],
)
def make_roles(nlp: Language, name: str) -> RoleEvidence:
    """Build the component that reads titles as role evidence (see the module doc)."""
    return RoleEvidence()


extensions.register()
