"""The `dyadwire_events` component: who did what to whom, read off the dependency parse.

Reads the parse, the lemmas and the actor mentions of `dyadwire_actors`; writes
`doc._.dw_events`, one plain dict per event (see `nlp/extensions.py` for the shape).

How a sentence becomes events:
- Verbal events: a verb the CAMEO verb dictionary knows gives the code; its pattern may name
  the source and target slots, else the subject is the source (the passive agent when passive)
  and the target comes from the object, the dative, or a prepositional object ("met with X").
- Chains: a verb's open complement refines it instead of standing alone ("urged X to
  de-escalate" is one appeal to X); a complement of a refusal, plan or expectation verb is
  that verb's event ("refused to meet": a refusal; "plans to visit": a planned visit).
- Nominal events: an event noun ("talks", "visit", "airstrikes") with its possessor or
  "between X and Y" as the parties, when no verb event already covers it.
- Compound actors: each conjunct of a source or target gives its own event.
- Reported speech: "X said Y did Z" codes Z with Y as its source; the statement itself is an
  event only when it reports no other event.
- Modality from the clause: negation, will/slated/plans (planned), expected, would/could
  (hypothetical), if/provided that (conditional).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dyadwire.nlp import extensions

SAY_LEMMAS = {"say", "tell", "state", "announce", "add", "claim", "report", "note", "declare", "insist", "write", "warn"}
# Verbs whose complement is the event they frame: the frame sets the complement's modality.
PLAN_LEMMAS = {"plan", "intend", "schedule", "slate", "set", "prepare", "aim", "seek", "want", "hope", "decide", "vow", "pledge", "promise", "agree", "offer", "threaten"}
EXPECT_LEMMAS = {"expect", "likely", "due", "poise"}
HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should"}
FUTURE_AUX = {"will", "shall", "'ll"}
CONDITIONAL_MARKS = {"if", "unless", "provided", "providing", "whether"}
TARGET_PREPS = {"with", "to", "against", "on", "at", "from", "for", "into", "toward", "towards", "upon", "over"}


@dataclass(frozen=True)
class Party:
    """One side of an event: the token that heads it and its resolved actor, if any."""

    token: Token
    actor: dict | None

    def as_dict(self) -> dict:
        base = {"text": self.token.text, "i": self.token.i}
        if self.actor:
            base.update({k: v for k, v in self.actor.items() if k not in ("start", "end", "head")})
            base["text"] = self.actor["text"]
        return base


class EventExtractor:
    def __init__(self, verbs, nominal_code, discards):
        self.verbs = verbs
        self.nominal_code = nominal_code
        self.discards = discards

    def __call__(self, doc: Doc) -> Doc:
        actors = _ActorIndex(doc)
        found: list[dict] = []
        for sentence_index, sent in enumerate(doc.sents):
            if self.discards is not None and self.discards.matches(sent.text):
                continue
            found.extend(self._sentence_events(sent, sentence_index, actors))
        doc._.dw_events = found
        return doc

    # -- per sentence ------------------------------------------------------------------------

    def _sentence_events(self, sent: Span, sentence_index: int, actors: _ActorIndex) -> list[dict]:
        events: list[dict] = []
        covered: set[int] = set()  # tokens that are the parties or objects of a verb event
        for verb in sent:
            if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("aux", "auxpass"):
                continue
            for event in self._verb_events(verb, actors):
                event["sentence_index"] = sentence_index
                events.append(event)
                covered.update(t.i for t in verb.subtree if t.dep_ in ("dobj", "pobj", "attr", "nsubj", "nsubjpass"))
        for noun in sent:
            if noun.pos_ != "NOUN" or noun.i in covered:
                continue
            code = self.nominal_code(noun.lemma_.lower())
            if code:
                for event in self._noun_events(noun, code, actors):
                    event["sentence_index"] = sentence_index
                    events.append(event)
        return _drop_framing_statements(events)

    # -- verbal events -----------------------------------------------------------------------

    def _verb_events(self, verb: Token, actors: _ActorIndex) -> Iterator[dict]:
        matches = self.verbs.match(verb)
        if not matches:
            return
        # An open complement of a verb that itself codes refines it: not an event of its own.
        if verb.dep_ == "xcomp" and self.verbs.match(verb.head) and verb.head.lemma_ not in PLAN_LEMMAS | EXPECT_LEMMAS:
            return
        best = matches[0]
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        src_tok = best.source or _subject(verb, passive)
        tgt_tok = best.target or _object(verb, passive)
        sources = actors.parties(src_tok)
        targets = actors.parties(tgt_tok) if tgt_tok is not None else []
        if not sources:
            return
        modality = _modality(verb)
        reported = _is_reported(verb)
        for source in sources:
            for target in targets or [None]:
                if target is not None and source.actor and target.actor and _same(source, target):
                    continue
                yield {
                    "trigger_i": verb.i,
                    "trigger": _trigger_text(verb),
                    "cameo": best.code,
                    "pattern": best.pattern,
                    # the other codes the dictionary offered, best first, for re-ranking
                    "candidates": [[m.code, m.specificity] for m in matches[:5]],
                    "source": source.as_dict(),
                    "target": target.as_dict() if target else None,
                    "modality": modality,
                    "reported": reported,
                    "confidence": _confidence(best, source, target),
                    "frames": verb.dep_ == "ROOT" and verb.lemma_ in SAY_LEMMAS,
                }

    # -- nominal events ----------------------------------------------------------------------

    def _noun_events(self, noun: Token, code: str, actors: _ActorIndex) -> Iterator[dict]:
        source_tok, target_tok = _noun_parties(noun)
        sources = actors.parties(source_tok) if source_tok is not None else []
        targets = actors.parties(target_tok) if target_tok is not None else []
        between = _between(noun)
        if between:
            # "talks between X and Y": both sides act, in both directions.
            parties = [p for tok in between for p in actors.parties(tok)]
            pairs = [(a, b) for a in parties for b in parties if a is not b and not _same(a, b)]
        else:
            if not sources:
                return
            pairs = [(s, t) for s in sources for t in (targets or [None])]
        modality = _noun_modality(noun)
        for source, target in pairs:
            yield {
                "trigger_i": noun.i,
                "trigger": noun.text,
                "cameo": code,
                "pattern": f"noun:{noun.lemma_.lower()}",
                "source": source.as_dict(),
                "target": target.as_dict() if target else None,
                "modality": modality,
                "reported": _is_reported(noun.head) if noun.head.i != noun.i else False,
                "confidence": 0.45 + (0.15 if target is not None else 0.0),
                "frames": False,
            }


# -- parties ---------------------------------------------------------------------------------


class _ActorIndex:
    """Actor mentions by token, and the parties a token stands for (conjuncts included)."""

    def __init__(self, doc: Doc):
        self.by_token: dict[int, dict] = {}
        for mention in doc._.dw_actors if Doc.has_extension("dw_actors") else []:
            for i in range(mention["start"], mention["end"]):
                self.by_token.setdefault(i, mention)

    def actor_for(self, token: Token) -> dict | None:
        mention = self.by_token.get(token.i)
        if mention is not None:
            return mention
        # "his Israeli counterpart, Lt. Gen. X": the apposition names whom the head means.
        for child in token.children:
            if child.dep_ == "appos" and child.i in self.by_token:
                return self.by_token[child.i]
        return None

    def parties(self, token: Token | None) -> list[Party]:
        if token is None:
            return []
        heads = [token, *[c for c in token.conjuncts if c.i > token.i]]
        parties = []
        for head in heads:
            actor = self.actor_for(head)
            if actor is not None or head.pos_ in ("PROPN",):
                parties.append(Party(head, actor))
        return parties


def _same(a: Party, b: Party) -> bool:
    if a.actor and b.actor:
        ids = (a.actor.get("entity_id"), b.actor.get("entity_id"))
        if ids[0] and ids[0] == ids[1]:
            return True
        return a.actor.get("code") == b.actor.get("code") and a.actor.get("text") == b.actor.get("text")
    return a.token.i == b.token.i


def _subject(verb: Token, passive: bool) -> Token | None:
    if passive:
        for child in verb.children:
            if child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        return None
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
    # Shared subject: "X met Y and signed Z"; control: "X agreed to meet Y".
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        if verb.dep_ == "xcomp":
            obj = next((c for c in verb.head.children if c.dep_ in ("dobj", "dative")), None)
            if obj is not None:  # object control: "urged X to de-escalate"
                return obj
        return _subject(verb.head, any(c.dep_ == "nsubjpass" for c in verb.head.children))
    if verb.dep_ == "relcl":
        return verb.head
    if verb.dep_ == "acl" and verb.tag_ == "VBG":  # "troops attacking the village"
        return verb.head
    return None


def _object(verb: Token, passive: bool) -> Token | None:
    if passive:
        return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    children = list(verb.children)
    for dep in ("dobj", "dative"):
        for child in children:
            if child.dep_ == dep:
                return child
    for child in children:
        if child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    for child in children:
        if child.dep_ == "prt":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "the village attacked by troops"
        return verb.head
    return None


def _noun_parties(noun: Token) -> tuple[Token | None, Token | None]:
    """Source and target of an event noun: "X's visit to Y", "an attack by X on Y"."""
    source = target = None
    for child in noun.children:
        if child.dep_ == "poss":
            source = child
        elif child.dep_ == "amod" and child.ent_type_ in ("NORP", "GPE"):
            source = source or child
        elif child.dep_ == "prep":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            if child.lower_ == "by":
                source = pobj
            elif child.lower_ in ("to", "with", "against", "on", "of") and target is None:
                target = pobj
        elif child.dep_ == "acl":
            # "airstrikes attributed to X that ...", "an attack carried out by X"
            for prep in child.children:
                if prep.dep_ in ("prep", "agent") and prep.lower_ in ("to", "by"):
                    source = next((c for c in prep.children if c.dep_ == "pobj"), source)
        elif child.dep_ == "relcl":
            obj = next((c for c in child.children if c.dep_ == "dobj"), None)
            if obj is not None and target is None:
                target = obj
    if source is None and noun.dep_ in ("dobj", "pobj", "attr"):
        # "X held talks with Y", "X was in Y for talks with Z": the clause's subject acts.
        verb = noun.head if noun.dep_ != "pobj" else noun.head.head
        if verb.pos_ in ("VERB", "AUX"):
            source = _subject(verb, False)
    return source, target


def _between(noun: Token) -> list[Token]:
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("between", "among"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return [pobj, *pobj.conjuncts]
    return []


# -- modality --------------------------------------------------------------------------------


def _clause_chain(token: Token) -> Iterator[Token]:
    """The token and the verbs that frame it: "is slated to visit" yields visit, slated."""
    yield token
    while token.dep_ in ("xcomp", "ccomp", "conj") and token.head.i != token.i:
        token = token.head
        yield token
        if token.dep_ == "ccomp":
            break


def _modality(verb: Token) -> str:
    chain = list(_clause_chain(verb))
    for tok in chain:
        if any(c.dep_ == "neg" for c in tok.children):
            return "negated"
    for tok in chain:
        if any(c.dep_ == "advcl" and _conditional_clause(c) for c in tok.children):
            return "conditional"
        if any(c.dep_ == "prep" and c.lower_ in ("provided", "providing") for c in tok.children):
            return "conditional"
    for tok in chain:
        auxes = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
        if auxes & HYPOTHETICAL_AUX:
            return "hypothetical"
        if tok.lemma_ in EXPECT_LEMMAS and tok.i != verb.i:
            return "expected"
        if (auxes & FUTURE_AUX) or (tok.lemma_ in PLAN_LEMMAS and tok.i != verb.i):
            return "planned"
        if "going" in {c.lower_ for c in tok.children} and tok.tag_ == "VB":
            return "planned"
    return "asserted"


def _conditional_clause(clause: Token) -> bool:
    return any(c.dep_ in ("mark", "prep", "advmod") and c.lower_ in CONDITIONAL_MARKS for c in clause.children) or (
        clause.lemma_ in ("provide",) and clause.tag_ in ("VBN", "VBG")
    )


def _noun_modality(noun: Token) -> str:
    if any(c.lower_ in ("upcoming", "planned", "proposed", "scheduled", "forthcoming", "next") for c in noun.children):
        return "planned"
    if noun.head.pos_ in ("VERB", "AUX") and noun.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return _modality(noun.head)
    return "asserted"


def _is_reported(token: Token) -> bool:
    """The event is someone's claim: it sits under an accusation or a report, not a statement."""
    for tok in _clause_chain(token):
        head = tok.head
        if tok.dep_ in ("ccomp", "pcomp", "xcomp") and head.lemma_ in ("accuse", "allege", "claim", "blame", "deny", "report"):
            return True
        if tok.dep_ == "pcomp" and head.dep_ == "prep" and head.head.lemma_ in ("accuse", "blame"):
            return True
    return False


def _trigger_text(verb: Token) -> str:
    particles = [c.text for c in verb.children if c.dep_ == "prt"]
    return " ".join([verb.text, *particles])


def _confidence(match, source: Party, target: Party | None) -> float:
    score = 0.35 + min(0.25, 0.05 * getattr(match, "specificity", 0))
    if source.actor and source.actor.get("code"):
        score += 0.15
    if target is not None and target.actor and target.actor.get("code"):
        score += 0.15
    return min(score, 0.95)


def _drop_framing_statements(events: list[dict]) -> list[dict]:
    """A statement that reports another event in the same sentence is not itself the news."""
    if len(events) < 2:
        return [{k: v for k, v in e.items() if k != "frames"} for e in events]
    kept = [e for e in events if not e["frames"]]
    return [{k: v for k, v in e.items() if k != "frames"} for e in (kept or events)]


@Language.factory(
    "dyadwire_events",
    default_config={"dictionaries": None, "replace": False},
    assigns=["doc._.dw_events"],
    requires=["token.dep", "token.lemma", "token.pos", "doc.sents"],
)
def make_events(nlp: Language, name: str, dictionaries: str | None, replace: bool):
    """Code events with the built-in CAMEO verb dictionary, extended (or, with `replace`,
    replaced) by the PETRARCH verb and discard dictionaries in the folder `dictionaries`."""
    from dyadwire.ontology import event_dictionaries

    verbs, nominal_code, discards = event_dictionaries(dictionaries, replace=replace)
    return EventExtractor(verbs, nominal_code, discards)


extensions.register()
