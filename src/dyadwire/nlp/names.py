"""The `dyadwire_names` component: names and descriptions the article itself links.

Runs after `dyadwire_actors` (and `dyadwire_article_dates`) and refines `doc._.dw_actors`:

- a description in apposition to a name is that person ("his Israeli counterpart, Lt. Gen. X");
- a bare surname is the person the article named in full before ("Gantz" after "Benny Gantz");
  one the article never names in full, out of office that day, of a country it never names, is
  dropped (an American called Lewis is no former British minister).

It also marks which mentions name people (the "person" key, `mentions.mark_people`).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dyadwire.nlp import extensions
from dyadwire.nlp.mentions import index_mentions, is_person, mark_people, resolution


class NameLinks:
    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.dw_actors
        mark_people(doc, mentions)
        self._appositions(doc, mentions)
        self._surnames(doc, mentions)
        doc._.dw_actors = mentions
        return doc

    def _appositions(self, doc: Doc, mentions: list[dict]) -> None:
        """"his Israeli counterpart, Lt. Gen. X": the description is X."""
        by_token = index_mentions(mentions)
        for m in mentions:
            if is_person(m) and m.get("entity_id"):
                continue
            head = doc[m["head"]]
            for child in head.children:
                if child.dep_ != "appos":
                    continue
                other = by_token.get(child.i)
                if other is None or other is m or not is_person(other) or not other.get("entity_id"):
                    continue
                if m.get("country") and other.get("country") and m["country"] != other["country"]:
                    continue
                found = resolution(other)
                if not other.get("role") and m.get("sector") and other.get("country"):
                    # "the foreign minister, X": the report's own title says what X is on its date,
                    # where the knowledge base has no office of X's for that day
                    titled = {"code": other["country"] + m["sector"], "sector": m["sector"]}
                    found.update(titled)
                    other.update(titled)
                m.update(found, antecedent=other["text"])
                m["person"] = True
                break

    def _surnames(self, doc: Doc, mentions: list[dict]) -> None:
        """A bare surname is the person the article named in full before."""
        full, unknown = [], []
        for m in sorted(mentions, key=lambda x: x["start"]):
            if not is_person(m) or not m.get("entity_id"):
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
                    m.update(resolution(src), antecedent=src["text"])
                elif not ids and str(m.get("entity_id")).startswith("person:") and m.get("country") \
                        and not m.get("role") and not _placed(m, mentions):
                    unknown.append(m)
        # A surname alone that the knowledge base gave to someone the article never names in
        # full, who holds no office that day and whose country it never names ("Lewis", an
        # American, is no former British minister) is nobody the coder knows: careful readers
        # would not accept it. One in office that day ("Mubarak", "Blinken") is often named so.
        for m in unknown:
            mentions.remove(m)


def _placed(mention: dict, mentions: list[dict]) -> bool:
    """The person's country is named in the text by another mention (not a person's)."""
    country = mention.get("country")
    return bool(country) and any(o.get("country") == country and not is_person(o) for o in mentions if o is not mention)


@Language.factory(
    "dyadwire_names",
    assigns=["doc._.dw_actors"],
    requires=["doc._.dw_actors", "token.dep", "doc.ents"],
)
def make_names(nlp: Language, name: str) -> NameLinks:
    """Build the component that links appositions and surnames (see the module doc)."""
    return NameLinks()


extensions.register()
