"""The `dyadwire_article_dates` component: the dates an undated article can bear.

An article with no date of its own still names people by office: "President-elect Joe Biden"
fits only 2020-11-07..2021-01-20. This component intersects the spells of the offices the text
gives people (from the run's knowledge base), writes the range to `doc._.dw_date_range` (basis
"inferred"; None for a dated article or when no title dates it), and, when the range is narrow,
resolves the article's people again on its middle day, so that they carry the office they held
then. `dyadwire_when` dates the article's events with the range.
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from dyadwire.nlp import extensions
from dyadwire.nlp.resolving import UsesResolver
from dyadwire.nlp.when import _base_date, range_precision

__all__ = ["ArticleDates", "infer_date_range", "make_article_dates"]

# Re-resolve an undated article's people only on a range this narrow: on a wider one the middle
# day is too loose a guess of who held which office.
MAX_INFER_DAYS = 2 * 366


class ArticleDates(UsesResolver):
    def __call__(self, doc: Doc) -> Doc:
        from dyadwire.actors.evidence import extract_evidence

        doc._.dw_date_range = None
        if _base_date(doc) is not None:
            return doc
        rng = infer_date_range(doc, self.kb, extract_evidence(doc, self.kb))
        doc._.dw_date_range = rng
        if rng is not None:
            start, end = date.fromisoformat(rng["start"]), date.fromisoformat(rng["end"])
            if (end - start).days <= MAX_INFER_DAYS:
                self._reresolve(doc._.dw_actors, start + (end - start) / 2)
        return doc

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


def _matching_spells(kb, row: dict) -> list[tuple[date, date]]:
    """The spells of the knowledge base's person in which they held the office the title names."""
    from dyadwire.actors.evidence import role_key

    eid = row.get("entity_id") or ""
    if not eid.startswith("person:") or kb is None:
        return []
    entity = kb.entity(eid)
    if not entity:
        return []
    key = row.get("role_key")
    if not key:
        return []
    out = []
    for s in entity["spells"]:
        skey = s.get("role_key") or (role_key(s["role"], kb) if s.get("role") else None)
        if skey != key or not s.get("start"):
            continue
        start = date.fromisoformat(s["start"])
        end = date.fromisoformat(s["end"]) if s.get("end") else max(start, kb.horizon)
        out.append((start, end))
    return out


def infer_date_range(doc: Doc, kb=None, rows: list[dict] | None = None) -> dict | None:
    """The dates an undated article can bear, from the offices its text gives people.

    "President-elect Joe Biden" fits 2020-11-07..2021-01-20; with "Defense Minister Benny Gantz"
    (2020-05-17..2022-12-29) the intersection stays the same. A title whose spells would empty
    the intersection is left out (and listed under "conflicts"): we never guess. Returns None when
    no title dates the article, else {"start", "end", "precision", "basis": "inferred",
    "clues": [{"person", "role", "spans"}], "conflicts": [...]}.
    """
    if kb is None:
        from dyadwire.actors import knowledge_base

        kb = knowledge_base()
    if rows is None:
        from dyadwire.actors.evidence import extract_evidence

        rows = extract_evidence(doc, kb)
    window: list[tuple[date, date]] | None = None  # a union of intervals
    clues, conflicts = [], []
    seen = set()
    for row in rows:
        spells = _matching_spells(kb, row)
        ident = (row.get("entity_id"), row.get("role_key"))
        if not spells or ident in seen:
            continue
        seen.add(ident)
        if window is None:
            options = sorted(spells)
        else:
            # a spell's last day is its successor's first: touching spells do not overlap
            options = sorted((max(a, c), min(b, d)) for a, b in spells for c, d in window
                             if max(a, c) < min(b, d))
        if not options:
            conflicts.append({"person": row["person"], "role": row.get("role")})
            continue
        window = options
        clues.append({"person": row["person"], "role": row.get("role"),
                      "spans": [[a.isoformat(), b.isoformat()] for a, b in spells]})
    if window is None:
        return None
    # two terms in office left apart: the range covers both, and its precision says how loose
    start, end = min(a for a, _ in window), max(b for _, b in window)
    return {"start": start.isoformat(), "end": end.isoformat(),
            "precision": range_precision(start, end), "basis": "inferred", "clues": clues,
            "conflicts": conflicts}


@Language.factory(
    "dyadwire_article_dates",
    assigns=["doc._.dw_date_range", "doc._.dw_actors"],
    requires=["doc._.dw_actors", "token.dep", "doc.ents"],
)
def make_article_dates(nlp: Language, name: str) -> ArticleDates:
    """Build the component that dates undated articles (see the module doc)."""
    return ArticleDates()


extensions.register()
