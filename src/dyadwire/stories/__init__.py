"""Across reports: near-duplicate articles (`duplicates`) and one event from many reports
(`merge`). Both run on the store, incrementally: `link(con)` brings the derived tables up to date
with the articles and events stored, touching only what is new (or changed)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from dyadwire.stories.duplicates import DuplicateReport, link_duplicates
from dyadwire.stories.merge import MergeReport, merge_reports


@dataclass
class LinkReport:
    duplicates: DuplicateReport
    merge: MergeReport


def link(con: duckdb.DuckDBPyConnection) -> LinkReport:
    """Link new near-duplicate articles, then group new event reports into events."""
    duplicates = link_duplicates(con)
    return LinkReport(duplicates, merge_reports(con))


__all__ = ["LinkReport", "link", "link_duplicates", "merge_reports"]
