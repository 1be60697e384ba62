"""The DuckDB store: schema and migrations, idempotent writes, and the queries every surface uses."""

from dyadwire.store.db import (
    DEFAULT_DB,
    CodedArticle,
    Store,
    StoreBusy,
    StoreError,
    WriteResult,
    reading,
    text_hash,
)
from dyadwire.store.queries import EventFilter, duplicates, events, stories, timeline

__all__ = [
    "DEFAULT_DB", "CodedArticle", "EventFilter", "Store", "StoreBusy", "StoreError", "WriteResult",
    "duplicates", "events", "reading", "stories", "text_hash", "timeline",
]
