"""JSON Lines articles: one JSON object per line, read one line at a time.

This is the command-line contract's input format ({"id", "text", "date"?, "title"?, "url"?,
"source"?}, with common aliases). Lines are parsed as they are read, so a file of any size runs
in constant memory; a line that is not a JSON object or has no text is rejected by `file:line`
and the rest of the file goes on.
"""

from __future__ import annotations

import json
from typing import Callable, Iterable, Iterator

from dyadwire.ingest.encoding import open_text
from dyadwire.ingest.fields import RecordRejected, article_from_fields, pick
from dyadwire.model import Article


def parse_jsonl(lines: Iterable[str], name: str, reject: Callable[[str, str], None]) -> Iterator[Article]:
    """Articles from an iterable of JSON lines; `name` prefixes each origin ("name:line")."""
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        origin = f"{name}:{lineno}"
        try:
            obj = json.loads(line)
        except RecursionError:
            reject(origin, "invalid JSON: nested too deeply")
            continue
        except ValueError as err:
            msg = getattr(err, "msg", str(err))
            col = getattr(err, "colno", None)
            reject(origin, f"invalid JSON: {msg}" + (f" (column {col})" if col else ""))
            continue
        if not isinstance(obj, dict):
            reject(origin, f"expected a JSON object, got {type(obj).__name__}")
            continue
        try:
            yield article_from_fields(pick(obj), origin)
        except RecordRejected as err:
            reject(origin, str(err))


def read_jsonl(path: str, reject: Callable[[str, str], None]) -> Iterator[Article]:
    with open_text(path) as f:
        yield from parse_jsonl(f, path, reject)
