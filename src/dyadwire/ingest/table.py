"""CSV and TSV articles: one row per article, columns named as in JSON Lines.

Exports from pandas and spreadsheets add an unnamed index column, a byte-order mark, and
article bodies far above csv's default 128 KiB field limit; all three are handled. Rows are
streamed. A table with no text column is rejected once as a whole (it is not an article table),
not row by row.
"""

from __future__ import annotations

import csv
import itertools
import sys
from typing import Callable, Iterator

from dyadwire.ingest.encoding import open_text
from dyadwire.ingest.fields import RecordRejected, article_from_fields, canonical_fields
from dyadwire.model import Article

_MAX_CONSECUTIVE_ERRORS = 100


def _raise_field_limit() -> None:
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 2


def read_table(path: str, reject: Callable[[str, str], None], delimiter: str = ",") -> Iterator[Article]:
    """Articles from a delimited table whose first row names the columns."""
    _raise_field_limit()
    with open_text(path, newline="") as f:
        head = f.readline()
        if not head.strip():
            return
        # Unquoted TSV is the norm, and quote-aware parsing would let one stray '"' swallow the
        # following lines; quoting is honoured for TSV only when the header itself is quoted.
        quoting = csv.QUOTE_MINIMAL
        if delimiter == "\t" and not head.lstrip("\ufeff").startswith('"'):
            quoting = csv.QUOTE_NONE
        reader = csv.reader(itertools.chain([head], f), delimiter=delimiter, quoting=quoting)
        header = next(reader)
        columns = canonical_fields(header)
        if "text" not in columns:
            shown = ", ".join(repr(h[:30]) for h in header[:6]) + (", ..." if len(header) > 6 else "")
            reject(path, f"no text column (columns: {shown}); expected one of text, full_text, content, body")
            return
        errors = 0
        rowno = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                rowno += 1
                errors += 1
                reject(f"{path}:row {rowno}", f"malformed row: {err}")
                if errors >= _MAX_CONSECUTIVE_ERRORS:
                    reject(path, "too many malformed rows; stopped reading")
                    return
                continue
            errors = 0
            rowno += 1
            if not any(cell.strip() for cell in row):
                continue
            fields = {name: row[i] for name, i in columns.items() if i < len(row)}
            origin = f"{path}:row {rowno}"
            try:
                yield article_from_fields(fields, origin)
            except RecordRejected as err:
                reject(origin, str(err))


def read_csv(path: str, reject: Callable[[str, str], None]) -> Iterator[Article]:
    return read_table(path, reject, ",")


def read_tsv(path: str, reject: Callable[[str, str], None]) -> Iterator[Article]:
    return read_table(path, reject, "\t")
