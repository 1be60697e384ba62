"""Where each event happened: the place its clause names, geocoded with dyadwire's gazetteer.

The `dyadwire_where` component reads the sentences, the dependency parse, the GPE/LOC/FAC
entities and `doc._.dw_events`; it adds "location" to each event: {"name", "country" (ISO3), "lat",
"lon", "precision" (country | region | city | site), "text"} or None.

A place counts when the clause puts the event there: a place hanging from "in/at/near/inside/..."
under the trigger ("met in Tel Aviv"), under one of the trigger's arguments ("struck Iranian
targets in Syria") or under a site that does ("at the Kirya base in Tel Aviv": the city), or a
destination of a movement ("travelled to Kyiv", "visited Israel"). Failing that, a place the
clause around the trigger puts something in ("was in Israel on Friday for talks"). The event's own
actors are never its place ("Israel struck Iran" has no place), nor are nationality adjectives
("Israeli officials"). Nothing found: None; we do not guess.

Several places in one clause: the most specific wins (a city over its site, region or country:
"at the Kirya base in Tel Aviv" is Tel Aviv; "in Nablus in the West Bank" is Nablus). Ambiguous
names are settled by the countries the article mentions.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dyadwire import places
from dyadwire.model import Place
from dyadwire.nlp import extensions  # noqa: F401  (registers doc._.dw_* extensions)
from dyadwire.nlp.attachment import (
    CLAUSE_DEPS,
    ON_TRIGGER,
    SUBORDINATE_DEPS,
    from_above,
    is_ancestor,
)

__all__ = ["locate", "context_countries", "make_where", "WhereComponent"]

PLACE_LABELS = {"GPE", "LOC", "FAC"}
LOCATIVE_PREPS = {"in", "at", "near", "inside", "outside", "across", "throughout", "around", "through",
                  "within", "on", "off", "along", "over", "outside of", "inside of", "nearby"}
TOPIC_PREPS = {"on", "over"}
DIRECTIONAL_PREPS = {"to", "into"}
# Events that happen where their mover arrives: "travelled to Kyiv", "sent troops into Syria".
MOVEMENT_LEMMAS = {"travel", "fly", "go", "come", "arrive", "return", "head", "trip", "visit", "journey",
                   "move", "deploy", "send", "dispatch", "tour", "march", "cross", "enter", "invade",
                   "advance", "push", "infiltrate", "withdraw", "retreat", "fire", "launch",
                   "smuggle", "drive", "sail", "land", "flee", "escape", "relocate", "transfer"}
# Verbs whose direct object is the place they happen in: "visited Israel", "invaded Ukraine".
PLACE_OBJECT_LEMMAS = {"visit", "tour", "enter", "invade", "reach", "occupy", "annex", "bomb",
                       "shell", "raid", "storm", "besiege", "patrol", "cross", "overrun", "capture",
                       "recapture", "retake", "seize", "liberate", "encircle", "surround",
                       "evacuate", "bombard", "blockade"}
ARGUMENT_DEPS = {"dobj", "nsubj", "nsubjpass", "attr", "pobj", "dative", "oprd", "appos", "conj"}
AREA_NOUNS = {"city", "town", "village", "region", "province", "capital", "port", "area", "district",
              "governorate", "suburb", "suburbs", "outskirts", "centre", "center", "streets",
              "neighbourhood", "neighborhood", "state", "county", "oblast", "island", "camp"}
# Sites named after the place they are in: "Baghdad airport", "the Gaza crossing".
SITE_NOUNS = {"airport", "base", "airbase", "port", "harbour", "harbor", "crossing", "checkpoint",
              "prison", "refinery", "plant", "barracks", "mosque", "church",
              "square", "bridge", "hospital", "university", "stadium", "palace", "compound"}
PRECISION_RANK = {"city": 4, "site": 3, "region": 2, "country": 1}


def context_countries(doc: Doc) -> set[str]:
    """ISO3 codes of countries the article names or whose nationality adjectives it uses."""
    found: set[str] = set()
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC"):
            place = places.geocode(ent.text)
            if place is not None and place.precision == "country" and place.country:
                found.add(place.country)
        elif ent.label_ == "NORP":
            code = places.nationality_country(ent.text)
            if code:
                found.add(code)
    return found


def _actor_token_ids(event: dict | None) -> set[int]:
    ids: set[int] = set()
    for side in ("source", "target"):
        actor = (event or {}).get(side)
        if isinstance(actor, dict) and isinstance(actor.get("i"), int):
            ids.add(actor["i"])
    return ids


def _climb(token: Token) -> tuple[Token, Token | None, int]:
    """For a place's root token: (word the place phrase hangs from, preposition, nesting depth).

    Through sites and the like: for "at the Kirya base in Tel Aviv", Tel Aviv hangs from "base",
    which hangs from "at" under "met"; the result is ("met", "in", 1).
    """
    prep = None
    head = token
    depth = 0
    if token.dep_ == "pobj" and token.head.pos_ == "ADP":
        prep = token.head
        head = prep.head
    elif token.dep_ in ("appos", "conj") and token.head.i != token.i:
        # "in Tel Aviv, Israel" / "in Gaza and the West Bank": share the first place's attachment.
        return _climb(token.head)
    else:
        return token.head, None, 0
    while head.dep_ == "pobj" and head.head.pos_ == "ADP" and head.pos_ in ("NOUN", "PROPN") \
            and head.head.lower_ in LOCATIVE_PREPS and depth < 3:
        head = head.head.head
        depth += 1
    return head, prep, depth


# "said in Jerusalem that Iran must not ...": the speaker's place, not the event's.
_BLOCK_FROM_ABOVE = SUBORDINATE_DEPS | {"ccomp", "parataxis"}


def _score(ent: Span, trigger: Token, actor_ids: set[int], place: Place) -> int | None:
    root = ent.root
    if trigger.i in range(ent.start, ent.end):
        return None
    # "the city of Kharkiv", "the outskirts of Kyiv", "the Tigray region", "Baghdad airport": the
    # phrase stands where the name would.
    while True:
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_ in AREA_NOUNS:
            root = root.head.head
        elif root.dep_ == "compound" and root.head.lemma_ in AREA_NOUNS | SITE_NOUNS:
            root = root.head
        else:
            break
    if root.dep_ == "dobj" and root.head.i == trigger.i and trigger.lemma_ in PLACE_OBJECT_LEMMAS:
        return 95  # "visited Kyiv", "invaded Ukraine": the place even when it is also the target
    if root.dep_ == "pobj" and root.head.lower_ in DIRECTIONAL_PREPS \
            and root.head.head.i == trigger.i and trigger.lemma_ in MOVEMENT_LEMMAS:
        return 95  # "a visit to Washington", where Washington is also the target (the government)
    if any(t.i in actor_ids for t in ent) or root.i in actor_ids:
        return None
    if root.dep_ == "poss" or (root.dep_ == "compound" and root.head.ent_type_ in ("ORG", "PERSON")):
        return None  # "Israel's army", "the Israel Defense Forces"
    if root.dep_ in ("compound", "nmod", "amod"):
        # "the Gaza ceasefire", "Iran protests" place the trigger; "the US envoy" does not.
        return 90 if root.head.i == trigger.i else None
    head, prep, _ = _climb(root)
    p = prep.lower_ if prep is not None else None
    if p is None:
        if ent.label_ in ("LOC", "FAC") and root.dep_ == "npadvmod" and head.i == trigger.i:
            return 90  # "protesters rallied downtown" style adverbial places
        return None
    # "talks on Iran", "a row over Taiwan" are about a country; "on the Golan Heights", "over the
    # Black Sea" (LOC) are places.
    locative = p in LOCATIVE_PREPS and (
        p not in TOPIC_PREPS or ent.label_ in ("LOC", "FAC")
        or (ent[0].lower_ == "the" and place.precision in ("region", "site")))
    directional = p in DIRECTIONAL_PREPS and head.lemma_ in MOVEMENT_LEMMAS
    if not (locative or directional):
        return None
    if head.i == trigger.i:
        return ON_TRIGGER
    if head.head.i == trigger.i and head.dep_ in ARGUMENT_DEPS | {"dobj", "npadvmod"}:
        return 85  # "struck Iranian targets in Syria", "held talks in Cairo"
    if is_ancestor(head, trigger):
        return from_above(trigger, head, _BLOCK_FROM_ABOVE)
    if is_ancestor(trigger, head):
        # Deeper under the trigger: only through plain phrases, not through another clause
        # ("pressure to investigate the intelligence that led to the war in Iraq").
        hops = 0
        x = head
        while x.i != trigger.i:
            describes_event_noun = (x.dep_ in ("relcl", "acl") and x.head.i == trigger.i
                                    and trigger.pos_ == "NOUN")
            if x.dep_ in CLAUSE_DEPS and not describes_event_noun:
                # ...except the event noun's own clause: "airstrikes that hit targets in Syria"
                return None
            x = x.head
            hops += 1
        return 30 if hops <= 3 else None
    if locative and not any(x.dep_ in SUBORDINATE_DEPS for x in [head, *head.ancestors]):
        return 10  # another locative place in the same sentence
    return None


def _whole_name(ent: Span) -> Span:
    """The entity with the proper nouns its last word is a compound of: the NER sometimes stops
    short of a hyphenated name ("Sharm" of "Sharm el-Sheikh")."""
    doc = ent.doc
    end = ent.end
    while end < ent.sent.end and doc[end].pos_ in ("PROPN", "NOUN") \
            and any(ch.isupper() for ch in doc[end].text) and doc[end - 1].dep_ == "compound" \
            and doc[end - 1].head.i >= end and not doc[end].ent_type_:
        end += 1
    return Span(doc, ent.start, end, label=ent.label_) if end != ent.end else ent


def _place_entities(sent: Span) -> list[tuple[Span, bool]]:
    """(entity, tagged as a place) for the entities of a sentence that may name a place."""
    out = []
    for ent in (_whole_name(e) for e in sent.ents):
        if ent.label_ in PLACE_LABELS:
            out.append((ent, True))
        elif ent.label_ in ("ORG", "PERSON", "NORP", "WORK_OF_ART", "EVENT"):
            # "the Pentagon" (ORG), "Tigray" (NORP): only the hand-written table counts for these,
            # or a city's own name when the parse puts the entity after "in"/"near".
            out.append((ent, False))
    return out


def _after_locative(ent: Span) -> bool:
    root = ent.root
    if root.dep_ == "conj":
        root = root.head
    return root.dep_ == "pobj" and root.head.lower_ in ("in", "near")


def locate(doc: Doc, trigger_i: int, event: dict | None = None,
           context: set[str] | None = None) -> dict | None:
    """The place of the event whose trigger is token `trigger_i`, or None.

    `event` (optional) is the event dict; its source and target are never its place.
    `context` (optional) is `context_countries(doc)`, computed when not given.
    """
    trigger = doc[trigger_i]
    actor_ids = _actor_token_ids(event)
    if context is None:
        context = context_countries(doc)
    best = None
    for ent, tagged in _place_entities(trigger.sent):
        if tagged:
            place = places.geocode(ent.text, context)
        elif _after_locative(ent):
            place = places.gazetteer().lookup(ent.text, context, max_tier=places.TIER_CITY)
        else:
            place = places.geocode(ent.text, context, hand_written_only=True)
        if place is None:
            continue
        score = _score(ent, trigger, actor_ids, place)
        if score is None:
            continue
        rank = (score, PRECISION_RANK.get(place.precision or "", 0), -abs(ent.root.i - trigger.i))
        if best is None or rank > best[0]:
            best = (rank, ent, place)
    if best is None:
        return None
    _, ent, place = best
    location = place.to_dict()
    location["text"] = ent.text
    return location


class WhereComponent:
    """Places every event in `doc._.dw_events`.

    Reads: sentences, dependency parse, entities, `doc._.dw_events`.
    Adds to each event: "location" ({"name", "country", "lat", "lon", "precision", "text"} or None).
    """

    def __init__(self, nlp: Language, name: str = "dyadwire_where"):
        self.name = name

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        places.gazetteer()  # the gazetteer is read once per process, here rather than mid-run

    def __call__(self, doc: Doc) -> Doc:
        events = doc._.dw_events
        if not events:
            return doc
        context = context_countries(doc)
        for event in events:
            trigger_i = event.get("trigger_i")
            if trigger_i is None or not 0 <= trigger_i < len(doc):
                event["location"] = None
                continue
            event["location"] = locate(doc, trigger_i, event, context)
        doc._.dw_events = events
        return doc


@Language.factory("dyadwire_where", assigns=["doc._.dw_events"], requires=["doc.sents", "doc.ents"])
def make_where(nlp: Language, name: str) -> WhereComponent:
    """Build the component that places events (see `WhereComponent`)."""
    return WhereComponent(nlp, name)
