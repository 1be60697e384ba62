"""Web pages: the article's main text and metadata, taken out of the page by trafilatura.

Pages carry navigation, comments and footers around the report; trafilatura keeps the main text
and reads title, publication date (meta tags, JSON-LD, URL) and canonical URL. Reader comments
are left out: they are not the report. Nothing is fetched: the page is parsed as given.
"""

from __future__ import annotations

from datetime import date
from typing import Callable, Iterator

from dyadwire.ingest.encoding import decode, fix_mojibake, read_bytes
from dyadwire.ingest.fields import RecordRejected, file_stem, parse_date
from dyadwire.model import Article

_MIN_WORDS = 3


def article_from_html(
    html: str,
    *,
    origin: str,
    article_id: str,
    url: str | None = None,
    fallback_date: date | None = None,
) -> Article:
    """One Article from a page; `url` and `fallback_date` fill in what the page does not say."""
    import trafilatura  # imported lazily: it pulls in lxml, htmldate and courlan

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_images=False
        )
    except Exception as err:  # trafilatura raises assorted parser errors on broken markup
        raise RecordRejected(f"could not parse the page: {type(err).__name__}") from err
    # When a page has no article, trafilatura's fallbacks return scraps such as a menu item.
    if doc is None or len((doc.text or "").split()) < _MIN_WORDS:
        raise RecordRejected("no text (no main text found in the page)")
    return Article(
        id=article_id,
        text=fix_mojibake(doc.text),
        date=_page_date(doc.date) or fallback_date,
        title=fix_mojibake(doc.title) if doc.title else None,
        url=doc.url or url,
        source=doc.sitename or doc.hostname or None,
        origin=origin,
    )


# htmldate's floor: a page with no date of its own can come back with this one.
_NO_DATE = date(1995, 1, 1)


def _page_date(value) -> date | None:
    found = parse_date(value)
    return None if found is None or found <= _NO_DATE else found


def read_html(path: str, reject: Callable[[str, str], None]) -> Iterator[Article]:
    """Read one .html file as one article whose id is the file stem."""
    html = decode(read_bytes(path))
    try:
        yield article_from_html(html, origin=path, article_id=file_stem(path))
    except RecordRejected as err:
        reject(path, str(err))
