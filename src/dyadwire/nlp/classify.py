"""The `dyadwire_classify` component: what kind of event each sentence reports, and how sure we are.

Reads the parse, the word vectors and the events of `dyadwire_events`; rewrites "cameo" and
"confidence" of the events in `doc._.dw_events` and adds `doc._.dw_sentence_classes`.

The verb dictionary codes an event from one verb and its pattern; it cannot weigh the rest of the
sentence ("launched an assault", "held talks after the strike"), and it codes nothing when it finds
no actor. A sentence model adds that view: a multinomial logistic regression over the sentence's
word vectors, its verbs' dictionary classes and the dictionary's own choice predicts the penta
class (0 statement, 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
conflict) of the sentence's main event. Its weights are package data trained by
`tools/train_classifier.py`; its probabilities are temperature-scaled on held-out folds.

What it does with the probabilities, per sentence:
- every event's "confidence" becomes the calibrated probability of its code's penta class (the
  dictionary's heuristic score is kept as "dictionary_confidence");
- an event whose code's class is unlikely takes the most likely class among its other candidate
  codes, when that class is clearly more probable;
- when no event of the sentence has the class the model is sure of, the sentence's main event is
  re-coded to that class (the root of that class nearest the trigger), "recoded": true;
- a sentence with no event but a confident class gets one from `dyadwire_stand_ins`, which
  reads `doc._.dw_sentence_classes` (`stand_in_event` here makes it).

`doc._.dw_sentence_classes` holds, per sentence, {"sentence_index", "penta_class",
"probabilities": [p0..p4]}: plain lists, as every dyadwire extension.
"""

from __future__ import annotations

import functools
import json
from importlib import resources

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dyadwire.nlp import extensions
from dyadwire.nlp.lexicon import BELIEF_VERBS, REPORTING_VERBS, REQUEST_VERBS, UNDERGOING_VERBS
from dyadwire.nlp.modality import asked_to_act

# A reporting or belief verb's complement is what someone said or thinks, not an act of theirs.
REPORTING_OR_BELIEF = REPORTING_VERBS | BELIEF_VERBS

DATA_FILE = "classifier.json"
FORMAT_VERSION = 1
CLASSES = 5
VECTOR_WIDTH = 300
# The blocks of the feature vector, in order, with their widths: `sentence_features` builds it,
# the training script records it, and loading checks that the two agree.
FEATURE_BLOCKS = (
    ("content_vector", VECTOR_WIDTH),  # mean vector of the sentence's nouns, verbs, adjectives
    ("verb_vector", VECTOR_WIDTH),  # mean vector of its verbs
    ("root_vector", VECTOR_WIDTH),  # the vector of the sentence's syntactic root
    ("trigger_vector", VECTOR_WIDTH),  # the vector of the main dictionary event's trigger
    ("dictionary_class", CLASSES + 1),  # penta class of the main dictionary event, or "none"
    ("specificity", 1),  # of the main dictionary event's pattern, scaled to [0, 1]
    ("verb_classes", CLASSES),  # share of the sentence's dictionary verbs in each class
    ("root_class", CLASSES),  # the root verb's dictionary class
    ("noun_classes", CLASSES),  # share of its event nouns in each class
    ("bias", 1),
)
FEATURES = sum(width for _, width in FEATURE_BLOCKS)


class ClassifierDataError(RuntimeError):
    """The packaged classifier does not fit this code (retrain with tools/train_classifier.py)."""


# -- features ---------------------------------------------------------------------------------


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v


class _DocVectors:
    """Each token's row in the vectors table, looked up once per Doc: `token.vector` asks the
    table one token at a time, and a sentence's features read every content word."""

    def __init__(self):
        self._doc: Doc | None = None
        self._rows: list[int] = []

    def rows(self, doc: Doc) -> list[int]:
        if self._doc is not doc:
            from spacy.attrs import ORTH

            self._doc = doc
            self._rows = doc.vocab.vectors.find(keys=doc.to_array([ORTH]).ravel()).tolist()
        return self._rows


_DOC_VECTORS = _DocVectors()


def _mean_vector(tokens: list[Token]) -> np.ndarray:
    """The unit mean of the tokens' vectors (those that have one), as `np.mean` of `t.vector`."""
    if not tokens:
        return np.zeros(VECTOR_WIDTH, dtype=np.float32)
    doc = tokens[0].doc
    rows = _DOC_VECTORS.rows(doc)
    found = [rows[t.i] for t in tokens if rows[t.i] >= 0]
    if not found:
        return np.zeros(VECTOR_WIDTH, dtype=np.float32)
    return _unit(np.mean(doc.vocab.vectors.data[found], axis=0))


@functools.lru_cache(maxsize=1)
def _penta_of() -> dict[str, int]:
    from dyadwire.ontology import cameo

    return {c.code: c.penta_class for c in cameo.codes()}


def penta_class(code: str) -> int | None:
    """The penta class of a CAMEO code, or of its parent when the code itself is unknown."""
    table = _penta_of()
    while code:
        if code in table:
            return table[code]
        code = code[:-1] if len(code) > 2 else ""
    return None


def main_event(events: list[dict]) -> dict | None:
    """The sentence's main event: the most confident asserted one (as the evaluation reads it)."""
    if not events:
        return None
    return max(events, key=lambda e: (e.get("modality") == "asserted", e.get("confidence", 0.0)))


def sentence_features(sent: Span, events: list[dict], verbs) -> np.ndarray:
    """The feature vector of one sentence and the dictionary events found in it."""
    doc = sent.doc
    content = [t for t in sent if not t.is_stop and t.pos_ in ("NOUN", "VERB", "ADJ")]
    verb_tokens = [t for t in sent if t.pos_ == "VERB"]
    root = sent.root
    trigger = np.zeros(VECTOR_WIDTH, dtype=np.float32)
    dictionary_class = np.zeros(CLASSES + 1, dtype=np.float32)
    specificity = 0.0
    main = main_event(events)
    if main is not None:
        tok = doc[main["trigger_i"]]
        if tok.has_vector:
            trigger = _unit(tok.vector)
        cls = penta_class(main["cameo"])
        dictionary_class[CLASSES if cls is None else cls] = 1.0
        if main.get("candidates"):
            specificity = min(float(main["candidates"][0][1]), 8.0) / 8.0
    else:
        dictionary_class[CLASSES] = 1.0
    verb_classes = np.zeros(CLASSES, dtype=np.float32)
    root_class = np.zeros(CLASSES, dtype=np.float32)
    noun_classes = np.zeros(CLASSES, dtype=np.float32)
    from dyadwire.ontology import nominal_code

    for tok in sent:
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
            matches = verbs.match(tok)
            cls = penta_class(matches[0].code) if matches else None
            if cls is not None:
                verb_classes[cls] += 1
                if tok.i == root.i:
                    root_class[cls] = 1.0
        elif tok.pos_ == "NOUN":
            code = nominal_code(tok.lemma_.lower())
            cls = penta_class(code) if code else None
            if cls is not None:
                noun_classes[cls] += 1
    verb_classes /= max(float(verb_classes.sum()), 1.0)
    noun_classes /= max(float(noun_classes.sum()), 1.0)
    return np.concatenate([
        _mean_vector(content), _mean_vector(verb_tokens),
        _unit(root.vector) if root.has_vector else np.zeros(VECTOR_WIDTH, dtype=np.float32),
        trigger, dictionary_class, [specificity], verb_classes, root_class, noun_classes, [1.0],
    ]).astype(np.float32)


# -- the model --------------------------------------------------------------------------------


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


class SentenceModel:
    """Weights (features x classes), a temperature, and the root prototypes for re-coding."""

    def __init__(self, data: dict):
        if data.get("format") != FORMAT_VERSION:
            raise ClassifierDataError(f"classifier format {data.get('format')!r}, expected {FORMAT_VERSION}")
        blocks = [tuple(b) for b in data["feature_blocks"]]
        if blocks != [tuple(b) for b in FEATURE_BLOCKS]:
            raise ClassifierDataError("the classifier was trained on other features; rerun tools/train_classifier.py")
        self.weights = np.asarray(data["weights"], dtype=np.float32)
        if self.weights.shape != (FEATURES, CLASSES):
            raise ClassifierDataError(f"classifier weights have shape {self.weights.shape}, expected {(FEATURES, CLASSES)}")
        self.temperature = float(data["temperature"])
        self.roots = {code: np.asarray(vec, dtype=np.float32) for code, vec in data["root_prototypes"].items()}
        self.thresholds = dict(data["thresholds"])
        self.meta = {k: v for k, v in data.items() if k not in ("weights", "root_prototypes")}

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        return softmax((features @ self.weights) / self.temperature)

    def root_for(self, cls: int, trigger: Token | None) -> str:
        """The CAMEO root of class `cls` whose dictionary verbs lie nearest the trigger; for a
        statement-class verb of asking others to act ("called for X to resign"), an appeal (02);
        for a violent death ("died in the blast"), an assault (18) on the one who died: nearest
        by vector would be mass violence (20), which one death is not."""
        roots = [r for r in self.roots if penta_class(r) == cls]
        if trigger is not None and trigger.lemma_ in REQUEST_VERBS and "02" in roots:
            return "02"
        if trigger is not None and trigger.lemma_ in UNDERGOING_VERBS and "18" in roots:
            return "18"
        if trigger is None or not trigger.has_vector:
            return roots[0]
        vec = _unit(trigger.vector)
        return max(roots, key=lambda r: float(vec @ self.roots[r]))


@functools.lru_cache(maxsize=1)
def load_model() -> SentenceModel:
    """The packaged model, read on first use."""
    path = resources.files("dyadwire.nlp").joinpath("data", DATA_FILE)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ClassifierDataError(f"{DATA_FILE} is missing; run tools/train_classifier.py") from None
    return SentenceModel(json.loads(text))


# -- decisions --------------------------------------------------------------------------------


def decide(probabilities: np.ndarray, events: list[dict], thresholds: dict) -> list[dict]:
    """The sentence's events re-coded and with calibrated confidence (new dicts, same order).

    Pure: the training script replays it on held-out folds to choose the thresholds.
    """
    p = [float(x) for x in probabilities]
    best = int(np.argmax(p))
    out = []
    for event in events:
        event = dict(event)
        event.setdefault("dictionary_confidence", event.get("confidence"))
        cls = penta_class(event["cameo"])
        current = p[cls] if cls is not None else 0.0
        # (a) another candidate code whose class is clearly likelier
        for code, _ in event.get("candidates") or []:
            other = penta_class(code)
            if other is not None and p[other] >= thresholds["candidate_ratio"] * current and p[other] > current:
                event["cameo"], cls, current = code, other, p[other]
        event["confidence"] = round(current, 4)
        out.append(event)
    if out and p[best] >= thresholds["recode"] and all(penta_class(e["cameo"]) != best for e in out):
        main = main_event(out)
        if "noun:" in (main.get("pattern") or ""):
            # An explicit event noun ("sanctions", "airstrikes") says what happened more surely
            # than a sentence-level guess: the model only recodes what a bare verb decided.
            return out
        main["cameo_dictionary"] = main["cameo"]
        main["recoded"] = True
        main["recode_class"] = best  # the root is chosen by the component, which sees the trigger
        main["confidence"] = round(p[best], 4)
    return out


# -- the component ----------------------------------------------------------------------------


class SentenceClassifier:
    """Re-ranks events with the packaged sentence model, loaded in `initialize`."""

    def __init__(self):
        self.verbs = self.model = None

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        from dyadwire.ontology import VerbDictionary

        self.verbs, self.model = VerbDictionary.builtin(), load_model()

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None:
            self.initialize()
        model = self.model
        by_sentence: dict[int, list[dict]] = {}
        for event in doc._.dw_events:
            by_sentence.setdefault(event["sentence_index"], []).append(event)
        events: list[dict] = []
        classes: list[dict] = []
        for index, sent in enumerate(doc.sents):
            found = by_sentence.get(index, [])
            probs = model.probabilities(sentence_features(sent, found, self.verbs))
            best = int(np.argmax(probs))
            classes.append({"sentence_index": index, "penta_class": best,
                            "probabilities": [round(float(x), 4) for x in probs]})
            decided = decide(probs, found, model.thresholds)
            for event in decided:
                if event.pop("recode_class", None) is not None:
                    trigger = doc[event["trigger_i"]] if event.get("trigger_i") is not None else None
                    event["cameo"] = model.root_for(best, trigger)
            events.extend(decided)
        seen = set(range(len(classes)))
        events.extend(e for i, found in by_sentence.items() if i not in seen for e in found)
        doc._.dw_events = events
        doc._.dw_sentence_classes = classes
        return doc

def stand_in_event(sent: Span, index: int, cls: int, p: float, model: SentenceModel,
                   scale: float = 1.0) -> dict | None:
    """An event for a sentence the dictionary did not code: its root verb and that verb's
    subject and object, coded with the class the sentence model is sure of."""
    parties = fallback_parties(sent)
    if parties is None:
        return None
    verb, source, target = parties
    actors = _actor_index(sent.doc)
    negated = any(c.dep_ == "neg" for c in verb.children)
    return {
        "trigger_i": verb.i,
        "trigger": verb.text,
        "cameo": model.root_for(cls, verb),
        "pattern": "classifier",
        "candidates": [],
        "source": _party(source, actors) if source is not None else None,
        "target": _party(target, actors) if target is not None else None,
        "modality": "negated" if negated else "asserted",
        "reported": False,
        "confidence": round(p * scale, 4),
        "dictionary_confidence": None,
        "sentence_index": index,
    }


def _actor_index(doc: Doc) -> dict[int, dict]:
    actors: dict[int, dict] = {}
    for mention in doc._.dw_actors if Doc.has_extension("dw_actors") else []:
        for i in range(mention["start"], mention["end"]):
            actors.setdefault(i, mention)
    return actors


def fallback_parties(sent: Span) -> tuple[Token, Token | None, Token | None] | None:
    """(verb, source, target) of a sentence's root verb, or None when it cannot carry an event.

    Every ConfliBERT sentence reports an event, so the sentence model never learnt that "Spain
    has been a member since 1986" or "Fans celebrated" report none; what keeps such sentences
    out is the grammar and the actors: the root must be a verb of doing (not a stative verb like
    "be" or "include", nor a reporting verb whose complement is the news), and the doer (for a
    passive without "by ...", the one it was done to; the source is then unknown) must be an
    actor the knowledge base placed in a country or organisation.
    """
    verb = sent.root
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() in STATIVE_LEMMAS:
        return None
    if verb.lemma_.lower() in REPORTING_OR_BELIEF and any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return None  # "X said Y ...": what was reported is not something X did
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    if subject.dep_ == "nsubjpass" or verb.lemma_.lower() in UNDERGOING_VERBS:
        # "X was kidnapped", "X died": X underwent it; who did it is known only from "by ..."
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        source = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        parties = (verb, source, subject)
    else:
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
        parties = (verb, subject, obj if obj is not None else asked_to_act(verb))
    actors = _actor_index(sent.doc)
    # as for the dictionary's events, who did it must be an actor the knowledge base placed (for
    # "X was attacked", whom it was done to)
    doer = parties[1] if parties[1] is not None else parties[2]
    code = (actors.get(doer.i) or {}).get("code") or ""
    if not code or code.startswith("---"):
        return None
    return parties


# Verbs that say how things are, not what was done: a sentence built on one ("Spain has been a
# member since 1986", "The parties are: ...", "The plan includes ...") reports no event.
STATIVE_LEMMAS = frozenset({
    "be", "have", "remain", "become", "seem", "appear", "include", "contain", "consist", "exist",
    "belong", "lack", "own", "possess", "resemble", "equal", "cost", "mean", "involve", "depend",
    "deserve", "matter",
})


def _party(token: Token, actors: dict[int, dict]) -> dict:
    mention = actors.get(token.i)
    party = {"text": token.text, "i": token.i}
    if mention is not None:
        party.update({k: v for k, v in mention.items() if k not in ("start", "end", "head")})
        party["text"] = mention["text"]
    else:
        party["text"] = " ".join(t.text for t in token.subtree if t.dep_ in ("compound", "amod") or t.i == token.i)
    return party


@Language.factory(
    "dyadwire_classify",
    default_config={"dictionaries": None, "replace": False},
    assigns=["doc._.dw_events", "doc._.dw_sentence_classes"],
    requires=["doc._.dw_events", "token.dep", "token.lemma", "doc.sents"],
)
def make_classify(nlp: Language, name: str, dictionaries: str | None, replace: bool):
    """Re-rank and calibrate the events of `dyadwire_events` with the packaged sentence model,
    and record each sentence's class probabilities (`doc._.dw_sentence_classes`).

    The model's classes are those of the built-in CAMEO dictionary: when a user's dictionaries
    replace it (`replace`), the codes are the user's ontology and the component leaves them be.
    """
    if replace:
        return extensions.unchanged
    return SentenceClassifier()
