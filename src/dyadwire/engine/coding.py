"""Running the per-document stages: clean, parse with our components, and turn a Doc into Events.

This is pure per-article work: nothing here touches the store, so the same function serves
`dyadwire code` (JSON Lines out), `dyadwire ingest` (into DuckDB) and the Dask path.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from dyadwire.clean import CleanText, clean
from dyadwire.model import Article, CodedArticle
from dyadwire.nlp.finish import coded_article


@dataclass(frozen=True)
class CodingError:
    """An article the pipeline failed on; the run goes on without it."""

    article_id: str
    origin: str
    reason: str


def code_articles(
    articles: Iterable[Article],
    *,
    nlp: Language | None = None,
    workers: int = 1,
    batch_size: int = 16,
    on_error: Callable[[CodingError], None] | None = None,
) -> Iterator[CodedArticle]:
    """Code articles in the order given, yielding each as soon as its batch is parsed.

    Memory stays bounded whatever the input size: articles are pulled lazily, `batch_size` at a
    time, and nothing is kept once yielded. With `workers` > 1 each batch is cleaned, parsed and
    turned into events whole in one of `workers` processes (forked from this one, so the pipeline,
    knowledge base, gazetteer and dictionaries are loaded once, here); only articles go out and
    events come back, never serialised Docs. At most `2 * workers` batches are in flight. Where
    processes cannot be forked (Windows) the batches are coded in this process.
    """
    from dyadwire.nlp.pipeline import load

    nlp = nlp or load()
    report = on_error or _warn
    batches = _batches(articles, batch_size)
    if workers > 1 and _can_fork():
        results = _in_processes(nlp, batches, workers, batch_size)
    else:
        results = (_code_batch(nlp, batch, batch_size) for batch in batches)
    for outcomes in results:
        for outcome in outcomes:
            if isinstance(outcome, CodingError):
                report(outcome)
            else:
                yield outcome


# Articles longer than this are coded in pieces cut at paragraph breaks (spaCy's parser needs
# about 1 GB per 100,000 words; a piece keeps the memory of one parse bounded). The pieces are
# coded as separate documents: no pronoun or description is linked across a cut.
PIECE_CHARS = 100_000
# Longer than this is no news article (a book, a dump, a concatenated corpus): rejected.
MAX_ARTICLE_CHARS = 5_000_000


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(itertools.islice(it, max(1, size))):
        yield batch


def _code_batch(nlp: Language, batch: list[Article], batch_size: int) -> list[CodedArticle | CodingError]:
    """Clean, parse and code one batch, in order; an article that fails anywhere (cleaning,
    tokenising, any pipeline component through spaCy's error handler, finishing) becomes a
    `CodingError` and the rest are coded."""
    from dyadwire.nlp import extensions  # noqa: F401  (registers doc._.dw_* before use)

    outcomes: list[CodedArticle | CodingError | None] = [None] * len(batch)
    cleaned: dict[int, CleanText] = {}
    docs: list[Doc] = []
    for i, article in enumerate(batch):
        try:
            if len(article.text) > MAX_ARTICLE_CHARS:
                raise TooLong(f"too long to be one article ({len(article.text):,} characters; "
                              f"the limit is {MAX_ARTICLE_CHARS:,}): split it into articles")
            cleaned[i] = clean(article.text)
            docs.extend(_make_docs(nlp, i, article, cleaned[i]))
        except Exception as exc:
            outcomes[i] = _error(article, exc)
    failed: dict[int, str] = {}

    def record(proc_name: str, proc, failed_docs: list[Doc], exc: Exception) -> None:
        for doc in failed_docs:
            failed.setdefault(doc.user_data["dw_article"], f"{proc_name}: {type(exc).__name__}: {exc}")

    pieces = _pipe(nlp, docs, batch_size, record)
    if pieces is None:  # a compiled stage (parser, NER) failed the whole batch: one at a time,
        pieces = {}     # each article from fresh Docs (the failed run annotated some already)
        for i in cleaned:
            found = _pipe(nlp, _make_docs(nlp, i, batch[i], cleaned[i]), batch_size, record)
            if found is None:
                failed.setdefault(i, "a compiled pipeline stage (parser, tagger, NER) failed on it")
            else:
                pieces.update(found)
    for i, article in enumerate(batch):
        if outcomes[i] is not None:
            continue
        if i in failed:
            outcomes[i] = CodingError(article.id, article.origin, failed[i])
            continue
        try:
            outcomes[i] = coded_article(pieces[i], article, cleaned[i])
        except Exception as exc:
            outcomes[i] = _error(article, exc)
    return outcomes  # type: ignore[return-value]


def _pipe(nlp: Language, docs: list[Doc], batch_size: int, on_error) -> dict[int, list[Doc]] | None:
    """The Docs through the pipeline, by article, or None when a stage failed the whole batch.

    Our components run under spaCy's error handler (`on_error`): a Doc they fail on is dropped
    from the stream and recorded, the others go on. spaCy's compiled stages cannot take a handler
    (their classes have no attribute for it) and raise instead."""
    pieces: dict[int, list[Doc]] = {}
    previous = nlp.default_error_handler
    nlp.default_error_handler = on_error
    try:
        for doc in nlp.pipe(docs, batch_size=batch_size):
            pieces.setdefault(doc.user_data["dw_article"], []).append(doc)
    except Exception:
        return None
    finally:
        nlp.default_error_handler = previous
    return pieces


def _make_docs(nlp: Language, i: int, article: Article, cleaned: CleanText) -> list[Doc]:
    """The Docs of one article: one, or one per piece of a long article (`PIECE_CHARS`)."""
    text = cleaned.text
    docs = []
    for start, end in _piece_bounds(text, PIECE_CHARS):
        doc = nlp.make_doc(text[start:end])
        doc._.dw_article_date = article.date.isoformat() if article.date else None
        doc.user_data["dw_article"] = i
        doc.user_data["dw_offset"] = start
        docs.append(doc)
    return docs


def _piece_bounds(text: str, size: int) -> list[tuple[int, int]]:
    """[start, end) pieces of at most `size` characters, cut after a paragraph break where there
    is one, else after a sentence end or a space, else anywhere."""
    bounds, start = [], 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = max(window.rfind("\n"), -1)
        if cut < size // 2:
            cut = max(window.rfind(". "), window.rfind(" "))
        end = start + (cut + 1 if cut >= size // 4 else size)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


class TooLong(ValueError):
    """An article beyond `MAX_ARTICLE_CHARS`: the input's fault, said in plain words."""


def _error(article: Article, exc: Exception) -> CodingError:
    reason = str(exc) if isinstance(exc, TooLong) else f"{type(exc).__name__}: {exc}"
    return CodingError(article.id, article.origin, reason)


# -- worker processes ------------------------------------------------------------------------

_WORKER_NLP: Language | None = None  # the pipeline a forked worker inherited


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _die_with_parent() -> None:
    """A worker ends when the process that forked it dies (killed, out of memory), instead of
    coding on for nobody. Linux only (prctl PR_SET_PDEATHSIG); elsewhere a no-op."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker_batch(batch: list[Article], batch_size: int) -> list[CodedArticle | CodingError]:
    assert _WORKER_NLP is not None, "worker started without a pipeline"
    return _code_batch(_WORKER_NLP, batch, batch_size)


def _in_processes(
    nlp: Language, batches: Iterator[list[Article]], workers: int, batch_size: int
) -> Iterator[tuple[list[Article], list]]:
    """Batches coded by forked workers, in input order, with at most 2 * workers in flight."""
    global _WORKER_NLP
    from concurrent.futures import ProcessPoolExecutor

    warm_up(nlp)
    _WORKER_NLP = nlp
    pending: collections.deque = collections.deque()
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_die_with_parent)
    try:
        for batch in batches:
            pending.append(executor.submit(_worker_batch, batch, batch_size))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)


_WARM_UP_TEXT = (
    "Israeli Defence Minister Yoav Gallant met the visiting US general in Tel Aviv on Friday. "
    "He said the talks with the Pentagon delegation on Iran were productive."
)


def warm_up(nlp: Language) -> None:
    """Run the pipeline once on a short text, so that what its components load on first use
    (gazetteer, tables, caches) is loaded in this process before workers are forked from it:
    once for all of them, and shared with them, instead of once in every worker."""
    from dyadwire.nlp import extensions  # noqa: F401

    if getattr(nlp, "_dyadwire_warm", False):
        return
    try:
        doc = nlp.make_doc(_WARM_UP_TEXT)
        doc._.dw_article_date = "2023-03-03"
        nlp(doc)
        for _, proc in nlp.pipeline:  # what one short text does not reach
            if callable(getattr(proc, "prepare", None)):
                proc.prepare()
        nlp._dyadwire_warm = True  # type: ignore[attr-defined]
    except Exception:  # a warm-up only saves time; the real run reports real errors
        pass


def _warn(error: CodingError) -> None:
    print(f"dyadwire: {error.origin or error.article_id}: not coded ({error.reason})", file=sys.stderr)
