"""Web archives: each archived HTML page becomes an Article through the HTML reader.

Crawls (Common Crawl, Browsertrix, wget --warc-file) store pages as WARC `response` records;
`resource` records holding HTML are read too. Requests, metadata, redirects, error pages and
non-HTML payloads (images, scripts, PDFs) are not articles and are skipped. The record id names
the article; the crawl date stands in when the page gives no publication date.
"""

from __future__ import annotations

import codecs
from typing import Callable, Iterator

from dyadwire.ingest.encoding import decode, fix_mojibake
from dyadwire.ingest.fields import RecordRejected, parse_date
from dyadwire.ingest.html import article_from_html
from dyadwire.model import Article, content_id

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: str, reject: Callable[[str, str], None]) -> Iterator[Article]:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as f:
        for record in ArchiveIterator(f):
            if record.rec_type not in ("response", "resource"):
                continue
            headers = record.http_headers if record.rec_type == "response" else None
            if record.rec_type == "response":
                if headers is None:
                    continue
                status = headers.get_statuscode() or ""
                if not status.startswith("2"):
                    continue
                ctype = headers.get_header("Content-Type") or ""
            else:
                ctype = record.rec_headers.get_header("Content-Type") or ""
            if not ctype.lower().startswith(_HTML_TYPES):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            rec_id = _record_id(record.rec_headers.get_header("WARC-Record-ID"), url)
            origin = f"{path}#{rec_id}"
            try:
                html = _decode_payload(record.content_stream().read(), ctype)
                yield article_from_html(
                    html,
                    origin=origin,
                    article_id=rec_id,
                    url=url,
                    fallback_date=parse_date(record.rec_headers.get_header("WARC-Date")),
                )
            except RecordRejected as err:
                reject(origin, str(err))


def _record_id(warc_id: str | None, url: str | None) -> str:
    if warc_id:
        rid = warc_id.strip().strip("<>")
        return rid.removeprefix("urn:uuid:")
    return content_id(url or "")


def _decode_payload(data: bytes, content_type: str) -> str:
    # The HTTP charset is the server's word on the encoding; use it when it names a real codec.
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            try:
                codecs.lookup(value.strip("\"' "))
            except LookupError:
                break
            return fix_mojibake(data.decode(value.strip("\"' "), errors="replace"))
    return decode(data)
