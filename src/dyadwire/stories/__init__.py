"""Across reports: near-duplicate articles (`duplicates`), one event from many reports (`merge`),
stories (`threads`) and their timelines (`timelines`). They run on the store, incrementally:
`link(con)` brings the derived tables up to date with the articles and events stored, touching
only what is new (or changed)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from dyadwire.stories.duplicates import DuplicateReport, link_duplicates
from dyadwire.stories.merge import MergeReport, merge_reports
from dyadwire.stories.threads import StoryReport, thread_stories


@dataclass
class LinkReport:
    duplicates: DuplicateReport
    merge: MergeReport
    stories: StoryReport


def link(con: duckdb.DuckDBPyConnection) -> LinkReport:
    """Link new near-duplicate articles, group new event reports into events, and place new
    articles in stories."""
    duplicates = link_duplicates(con)
    merge = merge_reports(con)
    return LinkReport(duplicates, merge, thread_stories(con))


__all__ = ["LinkReport", "link", "link_duplicates", "merge_reports", "thread_stories"]
