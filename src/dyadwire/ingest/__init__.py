"""Readers: news from files, folders, globs or stdin, as `Article`s, one format per module.

`read` is the one entry point. It picks a reader by extension (or by `fmt`), streams articles
from each input in order, and reports every input it cannot use as a `Rejection` through
`on_reject` instead of raising, so one bad file or line never stops a run of thousands. Folders
are read recursively in sorted order, skipping hidden files and files no reader handles; a file
named explicitly that no reader handles is rejected, since the user asked for it.

| format | extensions             | article per   | origin            |
|--------|------------------------|---------------|-------------------|
| txt    | .txt                   | file          | path              |
| jsonl  | .jsonl .ndjson, stdin  | line          | path:line         |
| csv    | .csv                   | row           | path:row N        |
| tsv    | .tsv                   | row           | path:row N        |
| html   | .html .htm             | file          | path              |
| warc   | .warc .warc.gz         | HTML response | path#record-id    |

Every format but warc may also be gzip-compressed (`.jsonl.gz`, `.txt.gz`, ...). Text that is
binary data rather than language is rejected; a lone UTF-16 surrogate (a broken JSON escape such
as "\\ud83d") is replaced by U+FFFD, since one broken character must not cost the article.
"""

from __future__ import annotations

import dataclasses
import functools
import glob
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from dyadwire.ingest.encoding import wrap_binary
from dyadwire.ingest.fields import RecordRejected
from dyadwire.ingest.html import read_html
from dyadwire.ingest.jsonl import parse_jsonl, read_jsonl
from dyadwire.ingest.table import read_csv, read_tsv
from dyadwire.ingest.text import parse_txt, read_txt
from dyadwire.ingest.warc import read_warc
from dyadwire.model import Article, content_id

__all__ = ["FORMATS", "Rejection", "format_of", "read"]

STDIN = "-"
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class Rejection:
    """An input (file, line, row or record) that gave no article, and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


Reader = Callable[[str, Callable[[str, str], None]], Iterator[Article]]

FORMATS: dict[str, Reader] = {
    "txt": read_txt,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "tsv": read_tsv,
    "html": read_html,
    "warc": read_warc,
}

# Longest suffix first so ".warc.gz" wins over a bare ".gz". Other formats are read through gzip
# when their name ends in .gz.
_EXTENSIONS = (
    (".warc.gz", "warc"),
    *((ext + ".gz", kind) for ext, kind in (
        (".jsonl", "jsonl"), (".ndjson", "jsonl"), (".csv", "csv"), (".tsv", "tsv"),
        (".html", "html"), (".htm", "html"), (".txt", "txt"))),
    (".warc", "warc"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".csv", "csv"),
    (".tsv", "tsv"),
    (".html", "html"),
    (".htm", "html"),
    (".txt", "txt"),
)


def format_of(path: str) -> str | None:
    """The reader for `path` by its extension, or None when no reader handles it."""
    name = path.lower()
    for ext, fmt in _EXTENSIONS:
        if name.endswith(ext):
            return fmt
    return None


def read(
    paths: Iterable[str],
    *,
    on_reject: Callable[[Rejection], None],
    fmt: str | None = None,
) -> Iterator[Article]:
    """Stream the articles in `paths` (files, folders, globs, or "-" for JSON Lines on stdin).

    `fmt` forces one reader for every file (and for stdin: "jsonl" or "txt"). Raises ValueError
    at once for an unknown `fmt`, a usage error; everything wrong with the inputs goes to
    `on_reject` while the articles are read.
    """
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # a lone path, not an iterable of one-character paths
    return _read_all(paths, on_reject, fmt)


def _read_all(paths: Iterable[str], on_reject: Callable[[Rejection], None], fmt: str | None) -> Iterator[Article]:
    for given in paths:
        given = os.fspath(given)
        for path, kind in _expand(given, fmt, on_reject):
            yield from _read_one(path, kind, on_reject)


def _expand(given: str, fmt: str | None, on_reject: Callable[[Rejection], None]) -> Iterator[tuple[str, str]]:
    if given == STDIN:
        yield STDIN, fmt or "jsonl"
    elif os.path.isdir(given):
        yield from _in_folder(given, fmt)
    elif os.path.isfile(given):
        kind = fmt or format_of(given)
        if kind is None:
            on_reject(Rejection(given, f"unknown file type; give the format ({', '.join(FORMATS)})"))
        else:
            yield given, kind
    elif glob.has_magic(given):
        matches = sorted(glob.glob(given, recursive=True), key=_sort_key)
        if not matches:
            on_reject(Rejection(given, "no files match this pattern"))
        for match in matches:
            if os.path.isdir(match):
                yield from _in_folder(match, fmt)
            elif (kind := fmt or format_of(match)) is not None:
                yield match, kind
    else:
        on_reject(Rejection(given, "no such file or folder"))


def _in_folder(root: str, fmt: str | None) -> Iterator[tuple[str, str]]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith("."):
                continue
            kind = fmt or format_of(name)
            if kind is not None:
                found.append((os.path.join(dirpath, name), kind))
    found.sort(key=lambda pk: _sort_key(pk[0]))
    yield from found


def _sort_key(path: str) -> tuple[str, ...]:
    return Path(path).parts


def _read_one(path: str, kind: str, on_reject: Callable[[Rejection], None]) -> Iterator[Article]:
    counted = 0

    def reject(origin: str, reason: str) -> None:
        nonlocal counted
        counted += 1
        on_reject(Rejection(origin, reason))

    try:
        articles = _read_stdin(kind, reject) if path == STDIN else FORMATS[kind](path, reject)
        for article in articles:
            counted += 1
            problem = binary_data(article.text)
            if problem:
                on_reject(Rejection(article.origin or path, problem))
                continue
            yield _without_lone_surrogates(article)
    except OSError as err:
        reject(path, f"cannot read: {err.strerror or err}")
    except Exception as err:  # a reader bug or a malformed container must not end the run
        reject(path, f"unreadable as {kind}: {type(err).__name__}: {err}")
    if counted == 0:
        empty = path != STDIN and os.path.isfile(path) and os.path.getsize(path) == 0
        on_reject(Rejection(STDIN_NAME if path == STDIN else path, "no text" if empty else "no articles found"))


_SURROGATE = re.compile("[\ud800-\udfff]")
# Control characters that never occur in text (tab, line and page breaks excepted).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def binary_data(text: str) -> str | None:
    """Why `text` is binary data rather than text, or None: a NUL, or control characters and
    undecodable bytes in more than 2% of its first 4,000 characters."""
    head = text[:4000]
    bad = len(_CONTROL.findall(head))
    if "\x00" in head or bad > 0.02 * max(len(head), 1):
        return "binary data, not text (is it the right file, or compressed without a .gz name?)"
    return None


def _without_lone_surrogates(article: Article) -> Article:
    if not _SURROGATE.search(article.text) and not _SURROGATE.search(article.title or ""):
        return article
    fix = functools.partial(_SURROGATE.sub, "\ufffd")
    return dataclasses.replace(article, text=fix(article.text),
                               title=fix(article.title) if article.title else None)


def _read_stdin(kind: str, reject: Callable[[str, str], None]) -> Iterator[Article]:
    binary = getattr(sys.stdin, "buffer", None)
    stream = wrap_binary(binary) if binary is not None else sys.stdin
    if kind == "jsonl":
        yield from parse_jsonl(stream, STDIN_NAME, reject)
    elif kind == "txt":
        text = stream.read()
        try:
            yield parse_txt(text, origin=STDIN_NAME, article_id=content_id(text))
        except RecordRejected as err:
            reject(STDIN_NAME, str(err))
    else:
        reject(STDIN_NAME, f"stdin is read as jsonl or txt, not {kind}")
