"""dyadwire: political event data from raw news.

Who did what to whom, when and where, coded in CAMEO and PLOVER, with the sentence as evidence.

For notebooks: `dyadwire.open(path)` gives a database's events as pandas DataFrames
(`dyadwire.database.Database`), and `dyadwire.code_text(text, date=...)` codes one text
without any database.
"""

from __future__ import annotations

import datetime as _dt

__version__ = "0.1.0"

__all__ = ["__version__", "code_text", "open"]


def open(path):  # noqa: A001  (dyadwire.open, as sqlite3.connect or duckdb.connect)
    """A dyadwire database (a DuckDB file built by `dyadwire ingest`), read-only, as a
    `dyadwire.database.Database`; raises `dyadwire.store.StoreError` if the file is missing or
    not a dyadwire database.

    >>> db = dyadwire.open(path)
    >>> db.events(source="USA")["target_country"].tolist()
    ['ISR', 'IRN']
    """
    from dyadwire.database import Database

    return Database(path)


def code_text(text: str, date: str | _dt.date | None = None, *, title: str | None = None,
              article_id: str = "text") -> list[dict]:
    """The events of one text, each in the JSON shape of `dyadwire code`, without any database.
    `date` (YYYY-MM-DD or a date) anchors "on Friday" and "last week" and the offices people
    held; without it the text is dated by what it says, if it can be. The spaCy pipeline is
    loaded on the first call (some seconds) and kept.

    >>> events = dyadwire.code_text("Israeli Prime Minister Naftali Bennett met US President "
    ...                             "Joe Biden at the White House on Friday.", date="2021-08-28")
    >>> [(e["source"]["name"], e["source"]["role"], e["cameo"], e["target"]["country"], e["date"])
    ...  for e in events]
    [('Naftali Bennett', 'Prime Minister', '036', 'USA', '2021-08-27')]
    """
    from dyadwire.engine import code_articles
    from dyadwire.model import Article

    if isinstance(date, str):
        date = _dt.date.fromisoformat(date)
    failures = []
    coded = list(code_articles([Article(id=article_id, text=text, date=date, title=title)],
                               on_error=failures.append))
    if failures:
        raise ValueError(f"{article_id}: not coded: {failures[0].reason}")
    return [event.to_dict() for event in coded[0].events] if coded else []
