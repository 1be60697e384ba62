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

Who is the target: the passive subject; else the object when it is an actor; else the first actor
inside the verb phrase in sentence order ("restored ties with X", "fired shells at X", "memos sent
by X"), leaving out the setting ("in X" on the verb is a target only when no one else is, "after
...", dates); else what the open complement is done to ("vowed to wage war on X"); else the
subject of a complement clause ("warned that X ..."). Coordinated sources that name no one else
act on each other for cooperation and consultation roots (03-06) and for "spoke/talked"; a `%`
pattern codes both directions. A source must resolve to an actor. "refused to meet X" is a
refusal (12x). A light verb ("target", "hit") takes its code from its instrument ("sanctions
targeting X" is 163). An attribution after its report (", an official said") is not an event, and
a target-less event in a temporal background clause ("after crowds burned its embassy") is
dropped when the sentence has news of its own.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dyadwire.nlp import extensions
from dyadwire.nlp.lexicon import EXPECT_VERBS, INTENT_VERBS, REPORTING_VERBS, UNDERGOING_VERBS
from dyadwire.nlp.mentions import country_holds
from dyadwire.nlp.modality import (
    asked_to_act,
    clause_chain,
    clause_modality,
    condition,
    is_conditional_conjunction,
    noun_modality,
    requested_by,
)
from dyadwire.nlp.senses import sports_result

# What is threatened is not planned: "threatened to attack X" is one event, a threat (CAMEO 13),
# of military force (138) when the complement is an attack, a fight or mass violence (18-20).
THREAT_LEMMAS = {"threaten"}
MILITARY_ROOTS = {"18", "19", "20"}
# Verbs whose kind of action is given by the instrument named with them.
INSTRUMENT_LEMMAS = {"target", "hit"}
# Verbs that, with coordinated subjects and no object, say the subjects talked with each other.
CONVERSE_LEMMAS = {"speak", "talk", "confer", "chat"}
REFUSE_LEMMAS = {"refuse", "decline", "reject"}
# The CAMEO refusal for the root of what is refused: to meet or negotiate (04) 125, to cooperate
# materially (06) 121, to give aid (07) 122, to yield (08) 124, to agree or cooperate (03, 05) 120.
REFUSALS = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124"}
# Event roots done together when coordinated actors name no one else: "A and B agreed",
# "A and B renewed ties", "A and B held talks" (intent, consultation, diplomatic and material
# cooperation). "A and B protested" is not mutual.
RECIPROCAL_ROOTS = {"03", "04", "05", "06"}
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
    """Codes events from the verb, nominal and discard dictionaries, loaded in `initialize`
    (the built-in ones, extended or replaced by the PETRARCH dictionaries in `dictionaries`)."""

    def __init__(self, dictionaries: str | None = None, replace: bool = False):
        self.dictionaries, self.replace = dictionaries, replace
        self.verbs = None

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        from dyadwire.ontology import event_dictionaries

        self.verbs, self.nominal_code, self.discards = event_dictionaries(
            self.dictionaries, replace=self.replace)

    @classmethod
    def with_dictionaries(cls, verbs, nominal_code, discards) -> EventExtractor:
        """A coder over dictionaries already loaded (tests, a user's own tables)."""
        coder = cls()
        coder.verbs, coder.nominal_code, coder.discards = verbs, nominal_code, discards
        return coder

    def __call__(self, doc: Doc) -> Doc:
        if self.verbs is None:
            self.initialize()
        actors = _ActorIndex(doc)
        found: list[dict] = []
        sents = list(doc.sents)
        # every event needs a source the actors component resolved: a sentence without any
        # actor mention has none, and its verbs need not be looked up
        starts = [sent.start for sent in sents]
        with_actors = {bisect.bisect_right(starts, i) - 1 for i in actors.by_token}
        set_aside = []
        for sentence_index, sent in enumerate(sents):
            if sentence_index not in with_actors:
                continue
            discard = self.discards.find(sent.text) if self.discards is not None else None
            if discard is not None or sports_result(sent):
                reason = f"discard phrase: {discard.phrase}" if discard is not None else "sports result"
                set_aside.append({"sentence_index": sentence_index, "reason": reason})
                continue
            found.extend(self._sentence_events(sent, sentence_index, actors))
        doc._.dw_events = found
        doc._.dw_set_aside = set_aside
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
                # "launched a bombing and shelling offensive": the object is the verb's event
                for obj in verb.children:
                    if obj.dep_ == "dobj":
                        covered.update(t.i for t in obj.subtree)
        for noun in sent:
            if noun.pos_ != "NOUN" or noun.i in covered:
                continue
            code = self.nominal_code(noun.lemma_.lower())
            if code:
                for event in self._noun_events(noun, code, actors):
                    event["sentence_index"] = sentence_index
                    events.append(event)
        # "... five years after crowds burned its embassy": a past event given as background, with
        # no one it was done to, is not the news when the sentence reports one of its own
        if any(not _background(sent.doc[e["trigger_i"]]) for e in events):
            events = [e for e in events if e["target"] is not None or not _background(sent.doc[e["trigger_i"]])]
        return _drop_framing_statements(events)

    # -- verbal events -----------------------------------------------------------------------

    def _verb_events(self, verb: Token, actors: _ActorIndex) -> Iterator[dict]:
        if is_conditional_conjunction(verb):
            return  # ", provided Iran complies": a condition, not a gift
        matches = self.verbs.match(verb)
        if not matches:
            return
        # An open complement of a verb that itself codes refines it: not an event of its own.
        if verb.dep_ == "xcomp" and self.verbs.match(verb.head) and verb.head.lemma_ not in INTENT_VERBS | EXPECT_VERBS:
            return
        if verb.lemma_ in REPORTING_VERBS and any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children):
            return  # "Y did Z, an official said": an attribution, the news is Z
        if requested_by(verb) is not None:
            return  # "urged X to withdraw", "called for X to investigate": asked for, not done
        best = matches[0]
        sources, targets = _verb_parties(verb, best, actors)
        code, pattern, trigger = best.code, best.pattern, _trigger_text(verb)
        if verb.lemma_ in INSTRUMENT_LEMMAS and best.pattern.split(" ")[0].upper() == best.pattern.split(" ")[0]:
            # "sanctions targeting X", "a campaign of sanctions ... targeting X": what "target" or
            # "hit" means comes from the instrument named with it
            instrument = self._instrument(verb)
            if instrument is not None:
                code, pattern = instrument
        if verb.lemma_ in THREAT_LEMMAS and code[:2] == "13":
            threatened = next((c for c in verb.children if c.dep_ == "xcomp"), None)
            done = self.verbs.match(threatened) if threatened is not None else []
            if done and done[0].code[:2] in MILITARY_ROOTS:
                code = "138"
        # who did it must be known: a name the knowledge base does not resolve is not a source
        sources = [p for p in sources if p.actor is not None]
        if not sources:
            return
        modality = clause_modality(verb)
        if modality == "conditional" and code[:2] in {"03", *OFFER_INTENTS}:
            # A cooperative act offered on a condition is an offer, CAMEO's expression of intent,
            # addressed to whoever must meet the condition when nobody else is named.
            if code[:2] in OFFER_INTENTS:
                code = _intent_code(code)
            own = {p.actor.get("country") for p in sources if p.actor}
            if not [t for t in targets if not (t.actor and t.actor.get("country") in own)]:
                clause = condition(verb)
                subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                found = [p for p in actors.parties(subject) if p.actor is not None]
                if found:
                    targets = found
        reported = _is_reported(verb)
        if verb.dep_ == "xcomp" and verb.head.lemma_ in REFUSE_LEMMAS:
            # "refused to meet X" is a refusal (CAMEO 12), asserted, not a negated meeting
            code = REFUSALS.get(best.code[:2], "120")
            pattern = f"{verb.head.lemma_.upper()} to {best.pattern}"
            trigger = f"{verb.head.text} to {trigger}"
            modality = clause_modality(verb.head)
        if len(sources) > 1 and best.code[:2] in RECIPROCAL_ROOTS and targets \
                and all(is_place(t.token) for t in targets):
            # "A and B signed an accord in Hanoi": they act on each other, not on the place
            targets = []
        reciprocal = not targets and len(sources) > 1 and not best.compound and (
            best.code[:2] in RECIPROCAL_ROOTS or verb.lemma_ in CONVERSE_LEMMAS)
        if reciprocal and best.code[:2] not in RECIPROCAL_ROOTS:
            code = "040"  # "the two spoke": a conversation, a consultation (04), not a statement
        for source, target in _kept_dyads(sources, targets, best.compound, reciprocal):
            yield {
                "trigger_i": verb.i,
                "trigger": trigger,
                "cameo": code,
                "pattern": pattern,
                # the other codes the dictionary offered, best first, for re-ranking
                "candidates": [[m.code, m.specificity] for m in matches[:5]],
                "source": source.as_dict(),
                "target": target.as_dict() if target else None,
                "modality": modality,
                "reported": reported,
                "confidence": _confidence(best, source, target),
                "frames": verb.dep_ == "ROOT" and verb.lemma_ in REPORTING_VERBS,
            }

    def _instrument(self, verb: Token) -> tuple[str, str] | None:
        """(code, pattern) of the event noun that says what a light verb's action is: in its
        subject, or for a participle clause in its head's subject or object."""
        scopes = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        # "targeted X with sanctions" (the parser may hang "with" on the object)
        for head in [verb, *[c for c in verb.children if c.dep_ == "dobj"]]:
            scopes += [c for c in head.children if c.dep_ == "prep" and c.lower_ == "with"]
        if verb.dep_ in ("advcl", "acl", "conj", "xcomp") and verb.head.i != verb.i:
            scopes += [c for c in verb.head.children if c.dep_ in ("nsubj", "dobj")]
            if verb.dep_ == "acl":
                scopes.append(verb.head)
        for scope in scopes:
            for tok in scope.subtree:
                if tok.pos_ == "NOUN":
                    code = self.nominal_code(tok.lower_) or self.nominal_code(tok.lemma_.lower())
                    if code:
                        return code, f"{verb.lemma_.upper()} with noun:{tok.lower_}"
        return None

    # -- nominal events ----------------------------------------------------------------------

    def _noun_events(self, noun: Token, code: str, actors: _ActorIndex) -> Iterator[dict]:
        source_tok, target_tok = _noun_parties(noun)
        sources = actors.parties(source_tok) if source_tok is not None else []
        targets = actors.parties(target_tok) if target_tok is not None else []
        between = _between(noun)
        if between:
            # "talks between X and Y": both sides act, in both directions.
            parties = [p for tok in between for p in actors.parties(tok)]
            if not any(p.actor is not None for p in parties):
                return  # as for any event, someone in it must be known
            pairs = [(a, b) for a in parties for b in parties if a is not b and not _same(a, b)]
        else:
            sources = [p for p in sources if p.actor is not None]
            if not sources:
                return
            pairs = [(s, t) for s in sources for t in (targets or [None])]
        modality = noun_modality(noun)
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

    def head_of(self, token: Token) -> Token:
        """The head token of the actor mention `token` lies in ("Gondor" in "Gondor's army")."""
        mention = self.by_token.get(token.i)
        return token.doc[mention["head"]] if mention is not None else token

    def parties(self, token: Token | None) -> list[Party]:
        """The actors `token` stands for: its mention, each conjunct's, each member of a group
        mention ("the two sides", "lawmakers in A and B")."""
        if token is None:
            return []
        token = self.head_of(token)
        heads = _list_members(token)
        parties = []
        absorbed: set[int] = set()
        for head in heads:
            if head.i in absorbed:
                continue
            actor = self.actor_for(head)
            if actor is not None and actor.get("members"):
                parties.extend(Party(head, member) for member in actor["members"])
                absorbed.update(actor.get("absorbs", ()))
            elif actor is not None or head.pos_ in ("PROPN",):
                parties.append(Party(head, actor))
        seen: list[Party] = []
        for party in parties:
            if not any(party.token.i == other.token.i and (party.actor or {}).get("code") == (other.actor or {}).get("code")
                       for other in seen):
                seen.append(party)
        return seen


def _list_members(token: Token) -> list[Token]:
    """The token and the other items of the list it heads: "A, B, C and D" (spaCy often reads
    "A, B" as an apposition when more conjuncts follow it)."""
    out = [token]
    stack = [token]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ == "conj" or (child.dep_ == "appos" and any(c.dep_ == "conj" for c in child.children)):
                if child.i > token.i and child not in out:
                    out.append(child)
                    stack.append(child)
    return sorted(out, key=lambda t: t.i)


def is_place(head: Token) -> bool:
    """"positions in Iraq", "hauled away near Berlin": the mention is where it happened
    (`dyadwire_where` places it), not whom it was done to."""
    return head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS


def _same(a: Party, b: Party) -> bool:
    if a.actor and b.actor:
        if country_holds(a.actor, b.actor):
            return True  # "Libya's foreign minister" and "Libya": one side
        if a.actor.get("code") != b.actor.get("code"):
            return False  # members of one group actor ("THE_SHIRE [FRO/BIL/SAM]") differ
        ids = (a.actor.get("entity_id"), b.actor.get("entity_id"))
        if ids[0] and ids[0] == ids[1]:
            return True
        if all(str(i).startswith(("country:", "seat:")) for i in ids):
            return True  # a country and its capital ("Vietnam ... in Hanoi") are one actor
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
    if verb.dep_ in ("conj", "xcomp", "advcl", "acomp") and verb.head.i != verb.i:
        if verb.dep_ == "xcomp":
            obj = next((c for c in verb.head.children if c.dep_ in ("dobj", "dative")), None)
            if obj is not None:  # object control: "urged X to de-escalate"
                return obj
        head = verb.head
        head_passive = any(c.dep_ == "nsubjpass" for c in head.children)
        if head_passive and verb.dep_ == "xcomp":
            # "X was expected to visit", "X is slated to meet": the passive subject acts
            return next(c for c in head.children if c.dep_ == "nsubjpass")
        return _subject(head, head_passive)
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
            if pobj is not None and pobj.ent_type_ not in ("DATE", "TIME"):  # "called on Wednesday"
                return pobj
    for child in children:
        if child.dep_ == "prt":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "the village attacked by troops"
        return verb.head
    return None


# Prepositions whose object is a setting (place, time, cause), not whom the event is done to.
SETTING_PREPS = {"in", "inside", "during", "after", "before", "since", "until", "amid", "despite",
                 "throughout", "within", "because", "as", "like", "than", "via", "through", "under"}
PLACE_PREPS = {"in", "inside", "within", "throughout"}
# Prepositions that say where, whatever the verb: "arrested near Berlin", "outside Kabul".
LOCATIVE_PREPS = PLACE_PREPS | {"near", "outside", "around", "across"}
# Dependents after the verb that belong to another clause or say nothing about the target.
_NOT_TARGET_DEPS = {"advcl", "relcl", "parataxis", "ccomp", "csubj", "npadvmod", "tmod", "punct",
                    "cc", "mark", "nsubj", "nsubjpass", "agent", "appos"}


def _target_token(verb: Token, passive: bool, actors: _ActorIndex, exclude: Token | None = None) -> Token | None:
    """Whom the event is done to: the passive subject; else the object when it is an actor; else
    the first actor inside the verb phrase, in sentence order ("restored ties with X", "fired
    shells at X", "condemned an attack by X"), leaving out settings ("in X", "after ...")."""
    if passive:
        return next((c for c in verb.children if c.dep_ in ("nsubjpass", "csubjpass")), None)
    skip = set()
    if exclude is not None:
        skip = {t.i for t in exclude.subtree}
    if verb.lemma_.lower() in TRANSFER_LEMMAS:
        recipient = _recipient(verb, actors)
        if recipient is not None:
            return recipient
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "attr", "oprd") and child.i not in skip and actors.actor_for(child) is not None:
            return child
    found = []
    places = []  # actors named as the place of the event, a target only when nothing else is

    def walk(tok: Token, setting: bool = False) -> None:
        for child in tok.children:
            if child.i in skip or child.dep_ in _NOT_TARGET_DEPS and not (child.dep_ == "agent" and tok.i != verb.i):
                continue  # "welcomed memos sent by X": an agent inside the object names the target
            if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
                continue
            if child.dep_ in ("xcomp",) and child.pos_ in ("VERB", "AUX"):
                continue
            if child.dep_ == "prep" and child.lower_ in SETTING_PREPS and tok.pos_ in ("VERB", "AUX"):
                # "met in Paris": the place of the event; "asylum in X" is what is sought
                if child.lower_ in PLACE_PREPS:
                    walk(child, True)
                continue
            if child.dep_ == "poss" and child.pos_ == "PRON":
                continue  # "welcomed their resumption of ties with X": "their" is the doer
            if child.i > verb.i and (actors.actor_for(child) is not None) and child.dep_ != "conj":
                (places if setting else found).append(child)
                continue  # the outermost actor of a phrase; its conjuncts come with it
            if child.ent_type_ in ("DATE", "TIME") and child.pos_ != "PROPN":
                continue
            walk(child, setting)

    walk(verb)
    if not found:
        # "vowed to wage war on X", "agreed to cooperate with X": the complement's target
        for child in verb.children:
            if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX") and child.i > verb.i:
                walk(child)
    if found:
        return min(found, key=lambda t: t.i)
    if places:  # "arrived in X", "troops killed five in X"
        return min(places, key=lambda t: t.i)
    # "X warned that Y ...", "X believes Y can cope": the complement's subject is what it is about
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i > verb.i:
            subj = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.pos_ != "PRON" and actors.actor_for(subj) is not None:
                return subj
    return _object(verb, passive)


# Verbs of sending and giving: their object is what moves ("sent an envoy", "deployed troops",
# "supplied fighter jets"), and whom the act is aimed at is the recipient ("to X", "into X").
TRANSFER_LEMMAS = frozenset({
    "send", "dispatch", "deploy", "deliver", "give", "provide", "supply", "ship", "hand", "lend",
    "transfer", "airlift", "sell", "donate", "rush", "fly",
})


def _recipient(verb: Token, actors: _ActorIndex) -> Token | None:
    """The actor a transfer goes to: a dative ("gave Kyiv tanks") or the object of "to",
    "into" or "for" after the verb, also inside the moved thing's phrase ("sent troops to X")."""
    for child in verb.children:
        if child.dep_ == "dative" and actors.actor_for(child) is not None:
            return child
    heads = [verb, *[c for c in verb.children if c.dep_ == "dobj"]]
    for head in heads:
        for prep in head.children:
            if prep.dep_ in ("prep", "dative") and prep.lower_ in ("to", "into") and prep.i > verb.i:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None and actors.actor_for(pobj) is not None:
                    return pobj
    return None


def _agent_phrase(verb: Token, actors: _ActorIndex) -> Token | None:
    """The doer named after a verb whose subject undergoes it: "faced criticism from X"."""
    for tok in verb.subtree:
        if tok.dep_ in ("prep", "agent") and tok.lower_ in ("from", "by") and tok.i > verb.i:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None and actors.actor_for(pobj) is not None:
                return pobj
    return None


def _noun_parties(noun: Token) -> tuple[Token | None, Token | None]:
    """Source and target of an event noun: "X's visit to Y", "an attack by X on Y"."""
    source = target = None
    for child in noun.children:
        if child.dep_ == "poss":
            source = child
        elif child.dep_ in ("amod", "compound") and (child.ent_type_ in ("NORP", "GPE", "ORG") or child.pos_ == "PROPN"):
            source = source or child  # "Israeli airstrikes", "the US assassination of X"
        elif child.dep_ == "prep":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            if child.lower_ == "by" or child.lower_ == "from" and noun.lemma_.lower() in FROM_SOURCE_NOUNS:
                source = pobj  # "an attack by X", "condemnation from X"
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
    if target is None and noun.dep_ == "dobj" and noun.head.lemma_ in UNDERGO_LEMMAS and source is not None:
        # "X drew condemnation from Y", "X faced criticism from Y": X is the target
        target = _subject(noun.head, False)
    if source is None and noun.dep_ in ("dobj", "pobj", "attr"):
        # "X held talks with Y", "X was in Y for talks with Z": the clause's subject acts.
        verb = noun.head if noun.dep_ != "pobj" else noun.head.head
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in UNDERGOING_VERBS:
            # "X died in an ambush": X is whom the ambush was done to
            target = target or _subject(verb, False)
        elif verb.pos_ in ("VERB", "AUX"):
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


# CAMEO's intent codes for the acts an offer may promise: meet (036), cooperate diplomatically
# (030), materially (031), give aid (033), yield (035); the four-digit ones keep their subtype.
OFFER_INTENTS = {"04": "036", "05": "030", "06": "031", "07": "033", "08": "035"}
_INTENT_SUBTYPES = {
    "061": "0311", "062": "0312", "063": "0313", "064": "0314",
    "071": "0331", "072": "0332", "073": "0333", "074": "0334",
    "081": "0351", "082": "0352", "084": "0353", "085": "0354", "086": "0355", "087": "0356",
}


def _intent_code(code: str) -> str:
    return _INTENT_SUBTYPES.get(code[:3], OFFER_INTENTS[code[:2]])


def _is_reported(token: Token) -> bool:
    """The event is someone's claim: it sits under an accusation or a report, not a statement."""
    for tok in clause_chain(token):
        head = tok.head
        if tok.dep_ in ("ccomp", "pcomp", "xcomp") and head.lemma_ in ("accuse", "allege", "claim", "blame", "deny", "report"):
            return True
        if tok.dep_ == "pcomp" and head.dep_ == "prep" and head.head.lemma_ in ("accuse", "blame"):
            return True
    return False


# Event nouns whose "from X" names the doer: statements and reactions come from someone.
FROM_SOURCE_NOUNS = {"condemnation", "criticism", "praise", "warning", "threat", "appeal", "call", "demand",
                     "request", "protest", "rebuke", "denunciation", "accusation", "support", "apology",
                     "offer", "invitation", "pressure", "complaint", "objection", "assurance"}
# Verbs whose subject undergoes the event named by their object: "drew condemnation from X".
UNDERGO_LEMMAS = {"draw", "receive", "face", "attract", "earn", "suffer", "get", "meet", "incur", "provoke"}
BACKGROUND_MARKS = {"after", "since", "before", "until"}


def _background(token: Token) -> bool:
    """The token is in a temporal clause that dates another event ("after X did Y")."""
    for tok in clause_chain(token):
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in tok.children):
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


def _verb_parties(verb: Token, best, actors: _ActorIndex) -> tuple[list, list]:
    """(sources, targets) of a verb's event, from the pattern's slots or the parse."""
    passive = best.passive or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    src_tok = best.source or _subject(verb, passive)
    sources = actors.parties(src_tok)
    if best.target is not None and best.target.ent_type_ not in ("DATE", "TIME"):
        # (a pattern's slot may catch a date: "called on Wednesday for X to ...")
        targets = actors.parties(best.target)
    elif passive and best.passive and not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        # "X faced criticism": the subject undergoes the event; the doer is named by "from/by"
        targets = actors.parties(_subject(verb, False))
        sources = actors.parties(_agent_phrase(verb, actors))
    else:
        targets = actors.parties(_target_token(verb, passive, actors, exclude=src_tok))
    if not any(p.actor for p in targets):
        # "called for Russia to withdraw", "demanded that Israel halt": whom the request is made
        # of is the one asked to act
        doer = asked_to_act(verb)
        if doer is not None and actors.actor_for(doer) is not None:
            targets = actors.parties(doer)
    return sources, targets


def _kept_dyads(sources: list, targets: list, compound: bool, reciprocal: bool) -> list[tuple]:
    """The pairs of `_dyads` whose two sides are two parties. A source whose only target is its
    own country named bare ("Bolivia's president ... Bolivia") keeps the event with no target:
    it acted, on someone the clause does not name as a second party."""
    kept = []
    for source, target in _dyads(sources, targets, compound, reciprocal):
        if target is None or not _same(source, target):
            kept.append((source, target))
        elif not reciprocal and not any(s is source for s, _ in kept) \
                and source.actor and target.actor and country_holds(source.actor, target.actor):
            kept.append((source, None))
    # a source that has a second party after all needs no event without one
    return [(s, t) for s, t in kept if t is not None or not any(k is s and u is not None for k, u in kept)]


def _dyads(sources: list, targets: list, compound: bool, reciprocal: bool) -> list[tuple]:
    """The (source, target) pairs an event makes."""
    if reciprocal:
        # "A and B renewed ties", "A and B agree": each conjunct acts on the other
        return [(a, b) for a in sources for b in sources if a is not b and not _same(a, b)]
    if compound:
        # a `%` pattern: the two conjoined actors act on each other
        return [(s, t) for s in sources for t in targets] + [(t, s) for s in sources for t in targets]
    return [(s, t) for s in sources for t in (targets or [None])]


@Language.factory(
    "dyadwire_events",
    default_config={"dictionaries": None, "replace": False},
    assigns=["doc._.dw_events", "doc._.dw_set_aside"],
    requires=["token.dep", "token.lemma", "token.tag", "doc.sents"],
)
def make_events(nlp: Language, name: str, dictionaries: str | None, replace: bool):
    """Code events with the built-in CAMEO verb dictionary, extended (or, with `replace`,
    replaced) by the PETRARCH verb and discard dictionaries in the folder `dictionaries`
    (loaded in `initialize`)."""
    return EventExtractor(dictionaries, replace)


extensions.register()
