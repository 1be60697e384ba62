"""Readers: every format yields the right Articles, and bad inputs become Rejections, never errors.

All article text here is synthetic (fictional countries); corpus counts are in test_ingest_corpus.py.
"""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from dyadwire.ingest import Rejection, format_of, read
from dyadwire.ingest.encoding import decode, fix_mojibake
from dyadwire.ingest.fields import parse_date
from dyadwire.model import content_id

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def fx(name: str) -> str:
    return str(FIXTURES / name)


def read_all(paths, fmt=None):
    rejections: list[Rejection] = []
    articles = list(read(paths, on_reject=rejections.append, fmt=fmt))
    return articles, rejections


# --- txt ---------------------------------------------------------------------------------------


def test_txt_header_lines_are_metadata_not_text():
    [art], rej = read_all([fx("dated.txt")])
    assert rej == []
    assert art.id == "dated"
    assert art.date == date(2024, 2, 1)
    assert art.title == "Ruritania and Freedonia agree to reopen border crossing"
    assert art.url == "https://news.example.org/ruritania-freedonia-border"
    assert art.text.startswith("The foreign ministers of Ruritania")
    assert "date 2024" not in art.text and "title:" not in art.text
    assert art.origin == fx("dated.txt")


def test_txt_date_prefixing_the_first_line():
    [art], _ = read_all([fx("inline_date.txt")])
    assert art.date == date(2023, 11, 17)
    assert art.text.startswith("Freedonian troops withdrew")
    assert art.title is None  # the first line is a sentence, not a headline


def test_txt_short_first_line_is_a_headline_kept_in_text():
    [art], _ = read_all([fx("headline.txt")])
    assert art.title == "Ruritanian president meets Freedonian envoy in Strelsau"
    assert art.text.startswith(art.title)


def test_txt_first_sentence_is_not_a_headline():
    [art], _ = read_all([fx("no_headline.txt")])
    assert art.title is None


def test_txt_colon_date_header_and_crlf(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes(b"Date: 2021-07-04\r\nTitle: Talks end\r\n\r\nThe talks ended without agreement.\r\nBoth sides left.\r\n")
    [art], _ = read_all([str(p)])
    assert art.date == date(2021, 7, 4)
    assert art.title == "Talks end"
    assert art.text == "The talks ended without agreement.\nBoth sides left."


@pytest.mark.parametrize("name", ["empty.txt", "blank.txt"])
def test_empty_txt_is_rejected_as_no_text(name):
    arts, rej = read_all([fx(name)])
    assert arts == []
    assert rej == [Rejection(fx(name), "no text")]


# --- jsonl -------------------------------------------------------------------------------------


def test_jsonl_aliases_dates_ids_and_bad_lines():
    arts, rej = read_all([fx("articles.jsonl")])
    by_id = {a.id: a for a in arts}
    assert list(by_id) == ["r1", "77", content_id(arts[2].text), "r5", "u-7"]
    assert by_id["r5"].text == by_id["r5"].title == "A record with no text"  # a headline is news
    r1 = by_id["r1"]
    assert (r1.date, r1.title, r1.url, r1.source) == (
        date(2022, 5, 9), "Ruritania expels diplomats", "https://news.example.org/r1", "Example Wire")
    assert r1.origin == fx("articles.jsonl") + ":1"
    assert by_id["77"].date == date(2022, 5, 10)  # the date as written, no time-zone shift
    assert by_id["77"].source == "Example Times"
    assert arts[2].date == date(2022, 5, 11)  # "May 11, 2022" via dateparser
    assert arts[2].origin.endswith(":4")  # blank line 3 still counts
    assert by_id["u-7"].date == date(2022, 5, 17)  # epoch seconds
    reasons = {r.origin.rsplit(":", 1)[1]: r.reason for r in rej}
    assert set(reasons) == {"5", "7", "8"}
    assert reasons["5"].startswith("invalid JSON")
    assert reasons["7"] == "no text"
    assert "object" in reasons["8"]


def test_jsonl_streams_lines(tmp_path, monkeypatch):
    # A large file is never read whole: the reader must get articles before the file ends.
    p = tmp_path / "big.jsonl"
    with p.open("w") as f:
        for i in range(100_000):
            f.write(json.dumps({"id": i, "text": f"Report number {i}."}) + "\n")
    it = read([str(p)], on_reject=lambda r: None)
    first = next(it)
    assert first.id == "0"
    assert sum(1 for _ in it) == 99_999


def test_stdin_jsonl(monkeypatch):
    data = b'{"id": "s1", "text": "Freedonia protested."}\nnot json\n'
    fake = io.TextIOWrapper(io.BytesIO(data))
    monkeypatch.setattr(sys, "stdin", fake)
    arts, rej = read_all(["-"])
    assert [a.id for a in arts] == ["s1"]
    assert arts[0].origin == "<stdin>:1"
    assert rej[0].origin == "<stdin>:2"


def test_stdin_txt(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("date 2020-02-02\nRuritania votes today.\nTurnout is high.\n"))
    [art], _ = read_all(["-"], fmt="txt")
    assert art.date == date(2020, 2, 2)


# --- csv / tsv ---------------------------------------------------------------------------------


def test_csv_bom_index_column_multiline_and_quotes():
    arts, rej = read_all([fx("articles.csv")])
    assert len(arts) == 2
    a, b = arts
    assert a.text.startswith("Freedonian police arrested") and "\nHis lawyer" in a.text
    assert a.id == content_id(a.text)  # the pandas index is not an article id
    assert (a.date, a.source, a.origin) == (date(2019, 4, 10), "Example Post", fx("articles.csv") + ":row 1")
    assert b.date == date(2019, 4, 11)
    assert '"an attack on democracy"' in b.text
    assert rej == [Rejection(fx("articles.csv") + ":row 2", "no text")]


def test_csv_field_bigger_than_default_limit(tmp_path):
    p = tmp_path / "big.csv"
    body = "Freedonia said more. " * 20_000  # ~420 KB, over csv's 128 KiB default
    p.write_text(f'id,text\nbig,"{body}"\n', encoding="utf-8")
    [art], rej = read_all([str(p)])
    assert rej == [] and len(art.text) == len(body)


def test_tsv_aliases_and_unquoted_fields():
    arts, rej = read_all([fx("articles.tsv")])
    assert rej == []
    assert [a.id for a in arts] == ["a1", "a2"]
    assert arts[0].title == "Talks resume" and arts[0].date == date(2020, 1, 2)
    assert arts[1].text.startswith('The "quote" here')


def test_table_without_text_column_is_one_rejection():
    arts, rej = read_all([fx("sentence_labels.tsv")])
    assert arts == []
    assert len(rej) == 1 and rej[0].origin == fx("sentence_labels.tsv")
    assert "no text column" in rej[0].reason


# --- html / warc -------------------------------------------------------------------------------


def test_html_main_text_and_metadata():
    [art], rej = read_all([fx("page.html")])
    assert rej == []
    assert art.id == "page"
    assert art.title == "Ruritania and Freedonia sign water treaty"
    assert art.date == date(2021, 6, 15)
    assert art.url == "https://news.example.org/2021/06/15/water-treaty"
    assert art.source == "Example News"
    assert "Vell river" in art.text
    assert "Home" not in art.text and "Copyright" not in art.text


def test_html_without_text_is_rejected(tmp_path):
    p = tmp_path / "blank.html"
    p.write_text("<html><head><title>x</title></head><body><nav>Home</nav></body></html>")
    arts, rej = read_all([str(p)])
    assert arts == [] and rej[0].origin == str(p) and "no text" in rej[0].reason


def _write_warc(path: Path, page: bytes) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=str(path).endswith(".gz"))

        def response(uri, body, ctype, status="200 OK", date_="2021-06-20T10:00:00Z"):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": date_})
            writer.write_record(rec)
            return rec.rec_headers.get_header("WARC-Record-ID")

        writer.write_record(writer.create_warc_record("https://news.example.org/", "warcinfo", payload=io.BytesIO(b"x")))
        response("https://news.example.org/logo.png", b"\x89PNG....", "image/png")
        response("https://news.example.org/gone", b"<html><body>Not found</body></html>", "text/html", "404 Not Found")
        undated = (b"<html><head><title>Ceasefire holds</title></head><body><article><p>"
                   + b"The ceasefire between Ruritania and Freedonia held for a third day on Sunday, "
                   + b"monitors from the regional observer mission said in a statement.</p><p>"
                   + b"Both armies have pulled heavy weapons back from the front line, the monitors added.</p>"
                   + b"</article></body></html>")
        response("https://news.example.org/treaty", page, "text/html; charset=utf-8")
        response("https://news.example.org/ceasefire", undated, "text/html")


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses_become_articles(tmp_path, name):
    p = tmp_path / name
    _write_warc(p, (FIXTURES / "page.html").read_bytes())
    arts, rej = read_all([str(p)])
    assert rej == []
    assert len(arts) == 2  # warcinfo, image and 404 are skipped
    treaty, ceasefire = arts
    assert treaty.date == date(2021, 6, 15)  # from the page
    assert treaty.url == "https://news.example.org/2021/06/15/water-treaty"  # canonical link
    assert ceasefire.date == date(2021, 6, 20)  # from WARC-Date: the page has none
    assert ceasefire.url == "https://news.example.org/ceasefire"
    assert ceasefire.origin == f"{p}#{ceasefire.id}"
    assert "-" in ceasefire.id and not ceasefire.id.startswith("<")


def test_corrupt_warc_is_one_rejection(tmp_path):
    p = tmp_path / "bad.warc"
    p.write_bytes(b"this is not a web archive\n" * 10)
    arts, rej = read_all([str(p)])
    assert arts == [] and rej[0].origin == str(p)


# --- paths, folders, globs ---------------------------------------------------------------------


def test_folder_is_recursive_sorted_and_skips_hidden_and_unknown():
    arts, rej = read_all([fx("folder")])
    assert rej == []
    assert [a.id for a in arts] == ["f1", "b", "c"]  # a.jsonl, b.txt, sub/c.txt
    assert all("Hidden" not in a.text for a in arts)


def test_glob_pattern():
    arts, rej = read_all([fx("folder") + "/**/*.txt"])
    assert [a.id for a in arts] == ["b", "c"] and rej == []


def test_named_file_of_unknown_type_is_rejected():
    arts, rej = read_all([fx("folder/notes.md")])
    assert arts == [] and "unknown file type" in rej[0].reason


def test_fmt_forces_the_reader():
    [art], rej = read_all([fx("folder/notes.md")], fmt="txt")
    assert art.text == "not an article format" and rej == []


def test_missing_path_and_empty_glob_are_rejections():
    arts, rej = read_all([fx("nope.txt"), fx("*.nothing")])
    assert arts == [] and [r.reason for r in rej] == ["no such file or folder", "no files match this pattern"]


def test_unknown_fmt_is_a_usage_error():
    with pytest.raises(ValueError):
        read([fx("dated.txt")], on_reject=lambda r: None, fmt="pdf")  # before any reading


def test_one_bad_file_does_not_stop_the_run(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01\x02")
    arts, rej = read_all([str(bad), fx("dated.txt")])
    assert [a.id for a in arts] == ["dated"] and rej


def test_format_of():
    assert format_of("x/a.WARC.gz") == "warc"
    assert format_of("a.ndjson") == "jsonl"
    assert format_of("a.htm") == "html"
    assert format_of("a.json") is None


# --- encodings and dates -----------------------------------------------------------------------


def test_cp1252_and_utf16_files(tmp_path):
    text = "Freedonia’s minister said “no” to the café owners’ plea."
    p1 = tmp_path / "win.txt"
    p1.write_bytes(text.encode("cp1252"))
    p2 = tmp_path / "wide.txt"
    p2.write_bytes(text.encode("utf-16"))
    arts, rej = read_all([str(p1), str(p2)])
    assert [a.text for a in arts] == [text, text] and rej == []


def test_mostly_utf8_with_a_stray_cp1252_byte(tmp_path):
    p = tmp_path / "mixed.jsonl"
    p.write_bytes(b'{"id": "m", "text": "The envoy\x92s visit to Caf\xc3\xa9 Strelsau."}\n')
    [art], _ = read_all([str(p)])
    assert art.text == "The envoy’s visit to Café Strelsau."


def test_mojibake_is_repaired_and_clean_text_untouched():
    broken = "The minister\u00e2\u20ac\u2122s caf\u00c3\u00a9 visit"
    assert fix_mojibake(broken) == "The minister’s café visit"
    clean = "Prime Minister Ângela visited São Tomé – “quietly”."
    assert fix_mojibake(clean) is clean
    assert decode("Caf\u00c3\u00a9".encode("utf-8")) == "Café"
    assert decode(b"\xef\xbb\xbfHello") == "Hello"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2023-03-03", date(2023, 3, 3)),
        ("2023-03-03T23:59:00-05:00", date(2023, 3, 3)),
        ("2023-03-03 10:00:00", date(2023, 3, 3)),
        ("20230303", date(2023, 3, 3)),
        ("Fri, 03 Mar 2023 10:00:00 GMT", date(2023, 3, 3)),
        ("3 March 2023", date(2023, 3, 3)),
        ("March 3, 2023", date(2023, 3, 3)),
        (1677801600, date(2023, 3, 3)),
        (1677801600000, date(2023, 3, 3)),
        ("Friday", None),
        ("yesterday", None),
        ("2023-02-30", None),
        ("", None),
        (None, None),
        ("not a date at all", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_paths_may_be_path_objects_or_a_single_string():
    [a], _ = read_all([FIXTURES / "dated.txt"])
    [b], _ = read_all(fx("dated.txt"))
    assert a == b


def test_ids_are_strings_and_file_stems():
    arts, _ = read_all([fx("folder/sub/c.txt"), fx("articles.jsonl")])
    assert arts[0].id == "c"
    assert all(isinstance(a.id, str) for a in arts)


def test_a_body_without_a_letter_is_no_body():
    from dyadwire.ingest.fields import RecordRejected, article_from_fields

    # upstream extraction sometimes leaves only list bullets of a lost body
    kept = article_from_fields({"id": "b1", "text": "*  *", "title": "Chile recalls its envoy"}, "o")
    assert kept.text == "Chile recalls its envoy"
    with pytest.raises(RecordRejected):
        article_from_fields({"id": "b2", "text": "* * 2009 *"}, "o")
