"""Which articles are the same: content decides, the id is a label.

Two inputs with the same text are one article, whatever their ids or file names (a renamed file,
the same story in two exports); it is coded once. Two inputs with the same id and different text
are two articles (the same file name in two folders, the same `id` in two JSON Lines files):
the second is kept under the id with its text's hash appended, and the user is told. The one
exception is an article whose source changed: the same id from the same origin (file and line)
with new text replaces the stored one, as an edited file should.

`dyadwire code` keeps records, not articles: a gold set may hold the same sentence under two
ids, and each id must get its events. There only a record repeated whole (same id, same text)
is coded once (`merge_same_text=False`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from dyadwire.model import Article


@dataclass(frozen=True)
class Stored:
    """What a store already holds: hash and origin by id, and id by hash."""

    by_id: dict[str, tuple[str, str]]
    by_hash: dict[str, str]


def relabelled(article: Article, digest: str) -> Article:
    return dataclasses.replace(article, id=f"{article.id}~{digest[:8]}")


class DistinctArticles:
    """Filters a stream of articles to distinct ones (see the module doc).

    `note(origin, message)` is told of every duplicate skipped and every id relabelled;
    `unchanged(article)` of every article the store already holds as it is.
    """

    def __init__(self, text_hash: Callable[[str], str], note: Callable[[str, str], None],
                 unchanged: Callable[[Article], None] | None = None, *,
                 merge_same_text: bool = True):
        self.text_hash = text_hash
        self.merge_same_text = merge_same_text
        self.note = note
        self.unchanged = unchanged or (lambda article: None)
        self._ids: dict[str, tuple[str, str]] = {}   # id -> (hash, origin), this run
        self._hashes: dict[str, str] = {}            # hash -> id, this run
        self._records: set[tuple[str, str]] = set()  # (id as given, hash), this run

    def filter(self, articles: Iterable[Article], stored: Stored | None = None) -> Iterator[Article]:
        stored = stored or Stored({}, {})
        for article in articles:
            digest = self.text_hash(article.text)
            kept = self._admit(article, digest, stored)
            self._records.add((article.id, digest))
            if kept is not None:
                self._ids[kept.id] = (digest, kept.origin)
                self._hashes[digest] = kept.id
                yield kept

    def _admit(self, article: Article, digest: str, stored: Stored) -> Article | None:
        where = article.origin or article.id
        if (article.id, digest) in self._records:
            self.note(where, f"the same record (id {article.id!r}, same text) again; coded once")
            return None
        if digest in self._hashes and self.merge_same_text:
            self.note(where, f"same text as article {self._hashes[digest]!r} earlier in this run; "
                             "coded once")
            return None
        if digest in stored.by_hash:
            first = stored.by_hash[digest]
            if first == article.id or first == relabelled(article, digest).id:
                self.unchanged(article)
            else:
                self.note(where, f"same text as stored article {first!r}; not stored again")
            return None
        if article.id in self._ids:
            other = self._ids[article.id][1]
            return self._relabel(article, digest, f"id {article.id!r} is also used by {other}")
        if article.id in stored.by_id and stored.by_id[article.id][1] != article.origin:
            other = stored.by_id[article.id][1]
            return self._relabel(article, digest, f"id {article.id!r} is also used by stored {other}")
        return article

    def _relabel(self, article: Article, digest: str, why: str) -> Article:
        new = relabelled(article, digest)
        self.note(article.origin or article.id, f"{why} with different text; kept as {new.id!r}")
        return new
