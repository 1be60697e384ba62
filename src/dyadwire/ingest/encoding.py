"""Turning bytes from files into text without ever failing.

News files arrive as UTF-8 (sometimes with a byte-order mark), as Windows-1252 from older
systems, as UTF-16 from spreadsheet exports, or as UTF-8 that was once decoded as Latin-1 and
saved again ("mojibake": "Ã©" for "é", "â€™" for "’"). Readers call `decode` for whole files,
`open_text` for files they stream, and `fix_mojibake` on each text field they take out of a
record. None of these raise on bad bytes: a stray byte costs one character, never the article.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
from typing import TextIO

_SNIFF_BYTES = 1 << 16

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    # A file that is UTF-8 almost everywhere but has a few Windows-1252 bytes (a pasted curly
    # quote) is common; reading those bytes as cp1252 keeps the character instead of U+FFFD.
    if not isinstance(err, UnicodeDecodeError):
        raise err
    bad = err.object[err.start : err.end]
    return bad.decode("cp1252", errors="replace").replace("\ufffd", "") or "\ufffd", err.end


FALLBACK_ERRORS = "dyadwire-cp1252"
codecs.register_error(FALLBACK_ERRORS, _cp1252_fallback)

# Mojibake markers: a UTF-8 lead byte read as cp1252/latin-1 (Ã, Â, â) followed by a character
# that came from a UTF-8 continuation byte (0x80-0xBF, which cp1252 shows as €‚ƒ„…†‡ˆ‰Š‹Œ etc.).
_MOJIBAKE = re.compile("[ÃÂâ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]")


def has_mojibake(text: str) -> bool:
    return _MOJIBAKE.search(text) is not None


def fix_mojibake(text: str) -> str:
    """Repair doubly-encoded UTF-8, and only that: ftfy runs just when a cheap scan finds markers.

    `ftfy.fix_encoding` is used rather than `fix_text` so quotes, ligatures and line breaks in
    the source stay as they were.
    """
    if not _MOJIBAKE.search(text):
        return text
    import ftfy  # imported lazily: most corpora never need it

    return ftfy.fix_encoding(text)


def _bom_encoding(head: bytes) -> str | None:
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return None


def _guess_encoding(sample: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return best.encoding if best is not None else "cp1252"


def _looks_utf8(sample: bytes, truncated: bool) -> bool:
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as err:
        # A sample cut in the middle of a multi-byte character is still UTF-8.
        return truncated and err.start >= len(sample) - 3 and err.reason == "unexpected end of data"


_ASCII = bytes(range(0x80))


def _ascii_share(sample: bytes) -> float:
    return 1.0 - len(sample.translate(None, _ASCII)) / max(1, len(sample))


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 with no byte-order mark (some exports write it): text in the Latin range has a NUL
    in every other byte, on the odd positions for little-endian and the even ones for big."""
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def read_bytes(path: str) -> bytes:
    """A file's bytes, decompressed when its name ends in .gz."""
    if path.lower().endswith(".gz"):
        with gzip.open(path, "rb") as f:
            return f.read()
    with open(path, "rb") as f:
        return f.read()


def decode(data: bytes) -> str:
    """Decode a whole file: BOM, else UTF-16 without BOM, else UTF-8, else the guess of
    charset-normalizer; then fix mojibake."""
    enc = _bom_encoding(data[:4]) or _utf16_without_bom(data[:_SNIFF_BYTES])
    if enc is not None:
        text = data.decode(enc, errors=FALLBACK_ERRORS if enc == "utf-8-sig" else "replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_non_utf8(data)
    return fix_mojibake(text)


def _decode_non_utf8(data: bytes) -> str:
    # Mostly-UTF-8 with a few bad bytes: keep UTF-8 and read only the bad bytes as cp1252.
    text = data.decode("utf-8", errors=FALLBACK_ERRORS)
    if _ascii_share(data[:_SNIFF_BYTES]) > 0.9 or len(data) < 64:
        return text
    enc = _guess_encoding(data[:_SNIFF_BYTES])
    try:
        return data.decode(enc, errors="replace")
    except LookupError:
        return text


def _open_binary(path: str):
    return gzip.open(path, "rb") if path.lower().endswith(".gz") else open(path, "rb")


def sniff_encoding(path: str) -> tuple[str, str]:
    """The (encoding, errors) to stream `path` with, judged from its first 64 KiB."""
    with _open_binary(path) as f:
        sample = f.read(_SNIFF_BYTES)
    enc = _bom_encoding(sample[:4]) or _utf16_without_bom(sample)
    if enc is not None:
        return enc, FALLBACK_ERRORS if enc == "utf-8-sig" else "replace"
    if _looks_utf8(sample, truncated=len(sample) == _SNIFF_BYTES):
        return "utf-8", FALLBACK_ERRORS
    if _ascii_share(sample) > 0.9:
        return "utf-8", FALLBACK_ERRORS
    enc = _guess_encoding(sample)
    try:
        codecs.lookup(enc)
    except LookupError:
        return "utf-8", FALLBACK_ERRORS
    return enc, "replace"


def open_text(path: str, newline: str | None = None) -> TextIO:
    """Open `path` for streaming as text in its sniffed encoding (decompressing a .gz); bad
    bytes never raise."""
    enc, errors = sniff_encoding(path)
    return io.TextIOWrapper(_open_binary(path), encoding=enc, errors=errors, newline=newline)


def wrap_binary(stream: io.BufferedIOBase, newline: str | None = None) -> TextIO:
    """Text over a binary stream we cannot sniff (stdin): UTF-8, BOM tolerated, cp1252 fallback."""
    return io.TextIOWrapper(stream, encoding="utf-8-sig", errors=FALLBACK_ERRORS, newline=newline)
