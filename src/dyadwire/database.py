"""The Python API for notebooks: a dyadwire database as pandas DataFrames.

    >>> import dyadwire
    >>> db = dyadwire.open(path)
    >>> df = db.events(source="USA", target="ISR")
    >>> list(df[["date", "source_code", "cameo", "target_code"]].itertuples(index=False, name=None))
    [(Timestamp('2023-03-03 00:00:00'), 'USAMIL', '040', 'ISRMIL')]
    >>> db.dyad("USA", "IRN", interval="month")["quad_3"].tolist()
    [1]

Every method reads through the same library queries as `dyadwire serve` and `dyadwire events`
(`dyadwire.store.queries`), and opens the file only for the length of one call, so a notebook
never blocks an ingest that is writing the same file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from dyadwire.nlp.confidence_model import min_confidence_or_default
from dyadwire.store import queries
from dyadwire.store.db import StoreError, reading
from dyadwire.store.schema import EVENT_COLUMNS

__all__ = ["Database", "StoreError"]


def _day(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date; use YYYY-MM-DD") from None


class Database:
    """A dyadwire database file, read-only. Build one with `dyadwire ingest --db PATH ...`.

    >>> db = dyadwire.open(path)
    >>> db.counts()["events"]
    3
    """

    def __init__(self, path: str | Path):
        self.path = str(path)
        with reading(self.path):  # fail now, with a clear message, if it is missing or foreign
            pass

    def __repr__(self) -> str:
        return f"Database({self.path!r})"

    def counts(self) -> dict[str, int]:
        """Rows in each table: articles, events, actors, mentions."""
        with reading(self.path) as con:
            return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in ("articles", "events", "actors", "mentions")}

    def events(self, source: str | None = None, target: str | None = None, *,
               date_from: str | date | None = None, date_to: str | date | None = None,
               root: str | None = None, q: str | None = None, article_id: str | None = None,
               limit: int | None = None, min_confidence: float | None = None) -> pd.DataFrame:
        """Events as a DataFrame, one row per event and one column per field of the events
        table (`source_code`, `target_country`, `cameo`, `goldstein`, `date`, `sentence`, ...),
        newest first. `source`/`target` take a country (ISO3) or an actor code; `q` keeps
        events whose evidence sentence holds every word of it. Only events whose confidence is
        at least `min_confidence` (default: the fitted threshold that `dyadwire events` applies;
        0 for every event).

        >>> df = db.events(source="ISR", q="jets")
        >>> df[["source_code", "target_code", "quad_class"]].values.tolist()
        [['ISRMIL', 'IRN', 4]]
        >>> len(db.events(date_from="2022-01-01"))
        2
        """
        f = queries.EventFilter(source=source, target=target, date_from=_day(date_from),
                                date_to=_day(date_to), root=root, q=q, article_id=article_id,
                                limit=limit, min_confidence=min_confidence_or_default(min_confidence))
        where, params = f.where()
        names = ", ".join(f'"{n}"' for n, _ in EVENT_COLUMNS)
        sql = (f"SELECT {names} FROM events{where} "
               "ORDER BY date DESC NULLS LAST, article_id, sentence_index, event_id")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with reading(self.path) as con:
            df = con.execute(sql, params).df()
        for column in ("date", "date_end"):
            df[column] = pd.to_datetime(df[column])
        return df

    def dyad(self, source: str, target: str, interval: str = "month", *,
             date_from: str | date | None = None, date_to: str | date | None = None,
             both: bool = False, min_confidence: float | None = None) -> pd.DataFrame:
        """Events of `source` towards `target` per `interval` (day, week or month): columns
        `period`, `events`, `quad_1` .. `quad_4` (verbal and material cooperation, verbal and
        material conflict) and `goldstein_mean`. `both=True` counts both directions;
        `min_confidence` as in `events`.

        >>> db.dyad("USA", "ISR", interval="month")[["period", "events", "quad_1"]].values.tolist()
        [[Timestamp('2023-03-01 00:00:00'), 1, 1]]
        >>> db.dyad("ISR", "USA").empty
        True
        """
        with reading(self.path) as con:
            series = queries.dyad_series(con, source, target, interval=interval,
                                         date_from=_day(date_from), date_to=_day(date_to),
                                         both=both, min_confidence=min_confidence_or_default(min_confidence))
        df = pd.DataFrame(
            [{"period": s["period"], "events": s["events"],
              **{f"quad_{k}": v for k, v in s["quad"].items()},
              "goldstein_mean": s["goldstein_mean"]} for s in series],
            columns=["period", "events", "quad_1", "quad_2", "quad_3", "quad_4", "goldstein_mean"])
        df["period"] = pd.to_datetime(df["period"])
        return df

    def actors(self, q: str | None = None, limit: int | None = None) -> pd.DataFrame:
        """Actors seen in events (name, code, country, entity id matching `q`), most active first.

        >>> db.actors("isr")["code"].tolist()
        ['ISRMIL']
        """
        with reading(self.path) as con:
            found = queries.search_actors(con, q, limit=limit)["actors"]
        return pd.DataFrame(found, columns=list(queries.ACTOR_KEYS))

    def actor(self, entity_id: str) -> dict | None:
        """One actor with its roles over time and its events by year (None if unknown)."""
        with reading(self.path) as con:
            return queries.actor(con, entity_id)

    def network(self, *, date_from: str | date | None = None, date_to: str | date | None = None,
                min_events: int = 1, by: str = "code",
                min_confidence: float | None = None) -> pd.DataFrame:
        """The edges of the actor network of a period: `source`, `target`, `weight` (events),
        `goldstein_mean`, `conflict` (events of quad class 3 or 4); `min_confidence` as in
        `events`.

        >>> db.network()[["source", "target", "weight"]].values.tolist()
        [['ISRMIL', 'IRN', 1], ['USAMIL', 'IRN', 1], ['USAMIL', 'ISRMIL', 1]]
        """
        with reading(self.path) as con:
            net = queries.network(con, date_from=_day(date_from), date_to=_day(date_to),
                                  min_events=min_events, by=by,
                                  min_confidence=min_confidence_or_default(min_confidence))
        return pd.DataFrame(net["edges"],
                            columns=["source", "target", "weight", "goldstein_mean", "conflict"])

    def alerts(self, period: str = "week", baseline_weeks: int = 4,
               min_confidence: float | None = None, **options) -> pd.DataFrame:
        """Dyads whose conflict in the last week or month is over 25% above their own 4- or
        52-week baseline (see `dyadwire.store.queries.alerts`); `min_confidence` as in `events`."""
        with reading(self.path) as con:
            found = queries.alerts(con, period=period, baseline_weeks=baseline_weeks,
                                   min_confidence=min_confidence_or_default(min_confidence), **options)
        return pd.DataFrame(found["alerts"], columns=["source", "target", "current", "baseline",
                                                      "change", "period_start", "period_end"])

    def article(self, article_id: str) -> dict | None:
        """An article's text with its events (each `span` points into `text`) and the actors
        resolved in it (None if unknown).

        >>> a = db.article("a2")
        >>> a["text"][slice(*a["events"][0]["span"])]
        'Israeli jets struck a site in Iran.'
        """
        with reading(self.path) as con:
            return queries.article(con, article_id)
