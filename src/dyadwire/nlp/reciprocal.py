"""The `dyadwire_reciprocal` component: a meeting is done by both of its parties.

"X met Y", "X held talks with Y", "X phoned Y" tell of one consultation that both sides took
part in; the codebook (docs/codebook.md, root 04) codes it both ways, as careful coders of the
real-news gold set did (on its development part, 48 of the 63 consultations with a target were
also coded in the other direction). A visit is the exception to plain symmetry: the visitor
makes it (042) and the one visited hosts it (043). Mediation (045) is not symmetric: the mediator
acts on the parties.

The verb dictionary finds the consultation once, from the grammatical subject; this component
adds the other direction for each consultation with a known target, after `dyadwire_parties`
has found the targets the dictionary missed. With a user's own ontology (`replace`) it changes
nothing: PETRARCH-style dictionaries code one direction.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dyadwire.nlp import extensions

# the code of the other direction, for the consultation codes that have one
CONVERSE = {"04": "04", "040": "040", "041": "041", "042": "043", "043": "042", "044": "044",
            "046": "046"}


def converse(event: dict) -> dict | None:
    """The same consultation seen from its target, or None when the event has none."""
    code = CONVERSE.get(event.get("cameo") or "")
    source, target = event.get("source"), event.get("target")
    if code is None or not source or not target or not (target.get("code") or target.get("country")):
        return None
    return {**event, "cameo": code, "source": target, "target": source,
            "candidates": [[code, 0]], "converse_of": event["cameo"]}


def add_converses(doc: Doc) -> Doc:
    events = list(doc._.dw_events)
    have = {_dyad(e) for e in events}
    for event in list(events):
        other = converse(event)
        if other is not None and _dyad(other) not in have:
            events.append(other)
            have.add(_dyad(other))
    doc._.dw_events = events
    return doc


def _dyad(event: dict) -> tuple:
    """What makes two consultations of one sentence the same: sentence, root and the two sides
    (whichever words carry them: "met" and "talks" in one sentence are one consultation)."""
    def side(party):
        party = party or {}
        return party.get("entity_id") or party.get("code") or party.get("text")
    return (event["sentence_index"], (event.get("cameo") or "")[:2],
            side(event.get("source")), side(event.get("target")))


@Language.factory(
    "dyadwire_reciprocal",
    default_config={"dictionaries": None, "replace": False},
    assigns=["doc._.dw_events"],
    requires=["doc._.dw_events"],
)
def make_reciprocal(nlp: Language, name: str, dictionaries: str | None, replace: bool):
    """Build the component that codes a consultation in both directions (see the module doc)."""
    if replace:
        return extensions.unchanged
    return add_converses


extensions.register()
