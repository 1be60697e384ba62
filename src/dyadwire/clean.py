"""Removing scrape noise from article text, with an offset map back to the raw text.

Scraped and converted news carries debris that breaks sentence splitting and parsing: inline
"link cards" pasted into a sentence by some sites (a linked name, the name again, headlines of
other stories, then "MORE"), trailing ".Source" stubs, stray " ." after a sentence, HTML
entities, leftover tags and zero-width characters, and, in research corpora, Penn Treebank tokenisation
(-LRB- CNN -RRB-, `` quotes '', "do n't", "Cairo 's", " ,").

`clean` removes these with general rules and returns a `CleanText` that remembers where every
kept character came from, so evidence found in the clean text can always be shown in the raw
text. An article with none of this debris comes out byte-identical, with the identity map.

The map is a tuple of copy segments (clean_start, raw_start, length): stretches copied verbatim.
Characters that no segment covers were inserted by a rule ("(" for "-LRB-", "&" for "&amp;");
they map to the start of the raw stretch they replace.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass
from operator import itemgetter
from typing import Callable, Iterable

Segment = tuple[int, int, int]  # (clean_start, raw_start, length)
Edit = tuple[int, int, str]  # replace text[start:end] by the string

_first = itemgetter(0)


@dataclass(frozen=True)
class CleanText:
    """Cleaned text, the raw text it came from, and the map between their offsets."""

    text: str
    raw: str
    segments: tuple[Segment, ...]

    @property
    def is_identity(self) -> bool:
        return self.text == self.raw

    def to_raw(self, i: int) -> int:
        """The raw offset of clean offset `i` (0 <= i <= len(text))."""
        if not 0 <= i <= len(self.text):
            raise IndexError(f"offset {i} outside the clean text (length {len(self.text)})")
        k = bisect_right(self.segments, i, key=_first) - 1
        if k < 0:
            return 0
        cs, rs, ln = self.segments[k]
        # Past the end of segment k: an inserted character (or the end) sits where the raw
        # stretch after that segment begins.
        return rs + (i - cs) if i < cs + ln else rs + ln

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw [start, end) covering clean [start, end)."""
        rs = self.to_raw(start)
        if end <= start:
            return rs, rs
        if end > len(self.text):
            raise IndexError(f"offset {end} outside the clean text (length {len(self.text)})")
        j = end - 1
        k = bisect_right(self.segments, j, key=_first) - 1
        if k >= 0:
            cs, r0, ln = self.segments[k]
            if j < cs + ln:
                return rs, r0 + (j - cs) + 1
        # The last character was inserted: the span ends where the next copied stretch starts.
        re_ = self.segments[k + 1][1] if k + 1 < len(self.segments) else len(self.raw)
        return rs, max(rs, re_)


def clean(raw: str) -> CleanText:
    """Remove scrape and tokenisation debris from `raw`; see the module docstring for the rules."""
    text = raw
    segments: list[Segment] = [(0, 0, len(raw))] if raw else []
    passes: list[Callable[[str], list[Edit]]] = [_characters, _markup, _link_cards]
    if _PTB_EVIDENCE.search(raw):
        passes += [_ptb_tokens, _ptb_spacing]
    else:
        passes.append(_spacing)
    passes.append(_datelines)
    for find_edits in passes:
        edits = find_edits(text)
        if edits:
            text, step = _apply(text, edits)
            segments = _compose(step, segments)
    return CleanText(text, raw, tuple(segments))


# --- applying edits and composing maps -------------------------------------------------------


def _apply(text: str, edits: Iterable[Edit]) -> tuple[str, list[Segment]]:
    """Apply sorted, non-overlapping edits; return the new text and its map to `text`."""
    out: list[str] = []
    segs: list[Segment] = []
    pos = clen = 0
    for start, end, repl in edits:
        if start < pos:  # overlaps the previous edit; the earlier one wins
            continue
        if start > pos:
            segs.append((clen, pos, start - pos))
            out.append(text[pos:start])
            clen += start - pos
        out.append(repl)
        clen += len(repl)
        pos = end
    if pos < len(text):
        segs.append((clen, pos, len(text) - pos))
        out.append(text[pos:])
    return "".join(out), segs


def _compose(outer: list[Segment], inner: list[Segment]) -> list[Segment]:
    """Map new -> raw from new -> previous (`outer`) and previous -> raw (`inner`)."""
    out: list[Segment] = []
    j = 0
    n = len(inner)
    for c2, c1, ln in outer:
        end1 = c1 + ln
        while j < n and inner[j][0] + inner[j][2] <= c1:
            j += 1
        k = j
        while k < n and inner[k][0] < end1:
            s1, r, l1 = inner[k]
            a = max(c1, s1)
            b = min(end1, s1 + l1)
            if a < b:
                cs, rs, length = c2 + (a - c1), r + (a - s1), b - a
                if out and out[-1][0] + out[-1][2] == cs and out[-1][1] + out[-1][2] == rs:
                    prev = out.pop()
                    cs, rs, length = prev[0], prev[1], prev[2] + length
                out.append((cs, rs, length))
            k += 1
    return out


def _rule_edits(pattern: re.Pattern[str], replacements: dict[str, str | None], text: str) -> list[Edit]:
    """Edits from a pattern of named alternatives, each replacing its whole match (None: keep)."""
    edits = []
    for m in pattern.finditer(text):
        repl = replacements[m.lastgroup]  # type: ignore[index]
        if repl is not None:
            edits.append((m.start(), m.end(), repl))
    return edits


# --- characters: zero-width and HTML entities ----------------------------------------------

_CHARS = re.compile(
    r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]"
    # "&amp;" repeated in front: an entity escaped twice or more by successive scrapers.
    r"|&(?:amp;)*(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)


def _characters(text: str) -> list[Edit]:
    """Zero-width characters and soft hyphens go; HTML entities left by scrapers are decoded."""
    if "&" not in text and not _CHARS.search(text):
        return []
    edits = []
    for m in _CHARS.finditer(text):
        s = m.group()
        if s[0] != "&":
            edits.append((m.start(), m.end(), ""))
            continue
        decoded = html.unescape(s)
        while decoded != s and decoded.startswith("&"):
            s, decoded = decoded, html.unescape(decoded)
        if decoded == m.group():
            continue  # not an entity ("AT&T;" stays as written)
        decoded = decoded.replace("\xa0", " ")  # &nbsp; is a space to every later stage
        if decoded in ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"):
            decoded = ""
        edits.append((m.start(), m.end(), decoded))
    return edits


# --- markup left in the text -----------------------------------------------------------------

_MARKUP = re.compile(
    r"<!--.*?-->"
    r"|(?<!<)</?[A-Za-z][A-Za-z0-9:-]{0,20}(?:\s+[^<>\n]{0,200}?)?\s*/?>(?!>)",
    re.DOTALL,
)


def _markup(text: str) -> list[Edit]:
    """HTML or wiki tags and comments that survived extraction ("<br>", "<noinclude>") go.

    A tag between two words stands for a break, so it becomes a space there; elsewhere it goes.
    "x < y" and "<<" are not tags and stay.
    """
    if "<" not in text:
        return []
    edits = []
    n = len(text)
    for m in _MARKUP.finditer(text):
        start, end = m.start(), m.end()
        glued = start > 0 and end < n and not text[start - 1].isspace() and not text[end].isspace()
        edits.append((start, end, " " if glued else ""))
    return edits


# --- inline link cards ------------------------------------------------------------------------

# A lower-case letter (or the dot of "Jr.") glued to a capital: where a link card begins.
_LOWER = "a-zß-öø-ÿ"
_UPPER = "A-ZÀ-ÖØ-Þ"
_GLUE = re.compile(rf"(?<=[{_LOWER}.)])(?=[{_UPPER}][{_LOWER}])")
_WORD = rf"[{_UPPER}][\w.'’-]*"
_NAME_BEFORE = re.compile(rf"(?:{_WORD}[ \t]){{0,4}}{_WORD}\Z")
_VARIANT_WORD = re.compile(rf"{_WORD}|\([^()\n]{{1,40}}\)")
_CARD_END = re.compile(r"[ \t]MORE\b")
_CARD_MAX_CHARS = 1500
_VARIANT_MAX_WORDS = 6


def _link_cards(text: str) -> list[Edit]:
    """Cut link cards: "Gen. Jane RoeJane Q. RoeHeadline one Headline two MORE, ..." -> "Gen. Jane Roe, ...".

    A card starts where a name is immediately followed, with no space, by the same name again or
    a variant of it (a middle name or nickname added); it ends at the all-caps MORE marker on
    the same line. Without a marker, only an exact glued repeat of a full name is removed.
    """
    edits: list[Edit] = []
    done = 0
    for g in _GLUE.finditer(text):
        p = g.start()
        if p < done:
            continue
        before = _NAME_BEFORE.search(text, max(0, p - 120), p)
        if before is None:
            continue
        names = before.group().split()
        last = names[-1]
        repeat_end = _repeat_end(text, p, last)
        if repeat_end is None:
            continue
        line_end = text.find("\n", repeat_end)
        limit = min(len(text) if line_end < 0 else line_end, repeat_end + _CARD_MAX_CHARS)
        marker = _CARD_END.search(text, repeat_end, limit)
        if marker is not None:
            edits.append((p, marker.end(), ""))
            done = marker.end()
        else:
            # Without a marker only a full name repeated verbatim is cut: a single glued
            # repeat ("MoMo", "JoJo") is more often a real name.
            repeat = text[p:repeat_end].split()
            if len(repeat) >= 2 and repeat == names[-len(repeat) :]:
                edits.append((p, repeat_end, ""))
                done = repeat_end
    return edits


def _repeat_end(text: str, p: int, last: str) -> int | None:
    """End of the name variant glued at `p` if it ends with `last` again, else None.

    The variant is a run of capitalised words (and parenthesised nicknames) right after the
    glue; the repeated last word may itself be glued to the first headline ("RoeHeadline").
    """
    pos = p
    for _ in range(_VARIANT_MAX_WORDS):
        m = _VARIANT_WORD.match(text, pos)
        if m is None:
            return None
        word = m.group()
        if word.startswith(last):
            rest = word[len(last) :]
            if not rest or rest[0].isupper():
                return m.start() + len(last)
        pos = m.end()
        if pos < len(text) and text[pos] in " \t":
            pos += 1
        else:
            return None
    return None


# --- Penn Treebank tokens ---------------------------------------------------------------------

# Evidence that a text went through a PTB tokeniser; only then are `` '' and -LRB- rewritten
# and "'d", "%" and "$" re-attached, which could be legitimate in ordinary text.
_PTB_EVIDENCE = re.compile(r"-[LR][RSC]B-|``|\w n't\b")

_PTB_TOKEN = re.compile(r"-[LR][RSC]B-|``|''|\\[/*]")
_PTB_OPENING = {"-LRB-": "(", "-LSB-": "[", "-LCB-": "{", "``": '"'}
_PTB_CLOSING = {"-RRB-": ")", "-RSB-": "]", "-RCB-": "}", "''": '"'}


def _ptb_tokens(text: str) -> list[Edit]:
    """-LRB- CNN -RRB- -> (CNN); `` quoted '' -> "quoted"; 1\\/2 -> 1/2."""
    # The pattern is plain literals so the scan stays fast; the space that a tokeniser put
    # inside the brackets or quotes is taken along here.
    edits = []
    n = len(text)
    for m in _PTB_TOKEN.finditer(text):
        start, end, token = m.start(), m.end(), m.group()
        if token[0] == "\\":  # an escaped "/" or "*": drop the backslash
            edits.append((start, start + 1, ""))
        elif token in _PTB_OPENING:
            if end < n and text[end] in " \t":
                end += 1
            edits.append((start, end, _PTB_OPENING[token]))
        else:
            if start > 0 and text[start - 1] in " \t" and (not edits or edits[-1][1] < start):
                start -= 1
            edits.append((start, end, _PTB_CLOSING[token]))
    return edits


# --- spacing ---------------------------------------------------------------------------------

_SPACE = r"[ \t]"
_SENTENCE_END_BEHIND = r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))"
# Every spacing rule starts at a space, a tab or "(", so one alternation behind a look-ahead on
# those characters lets the regex engine skip the rest of the text quickly.
_GENERAL_RULES = {
    # A spaced ellipsis (". . .") is punctuation as written, not stray periods; matched first
    # only so that no later rule touches it.
    "keep_ellipsis": rf"{_SPACE}?\.(?:{_SPACE}\.){{2,}}",
    # "told Axios. ." -> "told Axios.": a period after a sentence that already ended.
    "stray_period": rf"{_SENTENCE_END_BEHIND}{_SPACE}+\.(?![.\w])",
    # "Jane Roe  (), the" -> "Jane Roe, the": the link text of an emptied link.
    "empty_parens": rf"{_SPACE}*\({_SPACE}*\)",
    # "Aleppo, , Homs" -> "Aleppo, Homs": a list item that lost its text.
    "empty_item": rf"(?<=,){_SPACE}+,(?=\s)",
    # "District ." / "said , adding" -> no space before punctuation that ends a clause; an
    # ellipsis (" ...") and a decimal (" .45") are not matched.
    "space_before_punct": rf"(?<=\S){_SPACE}+(?=[,.;:?!](?:\s|\Z|[\"'”’)\]]))",
    # "do n't", "Cairo 's" -> "don't", "Cairo's".
    "split_clitic": rf"(?<=\w){_SPACE}+(?=(?:n't|['’]s)\b)",
    "space_after_open": rf"(?<=[(\[]){_SPACE}+(?=\S)",
    "space_before_close": rf"(?<=\S){_SPACE}+(?=[)\]])",
    # "$ 10 billion" -> "$10 billion".
    "currency": rf"(?<=[$£€¥]){_SPACE}+(?=\d)",
    "line_end_space": rf"(?<=\S){_SPACE}+(?=\n)",
    "double_space": rf"(?<=\S){_SPACE}{{2,}}(?=\S)",
}
_PTB_RULES = {
    "split_clitic": rf"(?<=\S){_SPACE}+(?=(?:n't|['’](?:s|re|ve|ll|d|m))\b)",
    # "20,000-30 ,000": a number split after a hyphen.
    "split_thousands": rf"(?<=\d){_SPACE}+(?=,\d{{3}}\b)",
    "plural_possessive": rf"(?<=s){_SPACE}+(?=['’]\s)",
    "percent": rf"(?<=\d){_SPACE}+(?=%)",
}
_REPLACEMENTS: dict[str, str | None] = {name: "" for name in (*_GENERAL_RULES, *_PTB_RULES)}
_REPLACEMENTS["double_space"] = " "
_REPLACEMENTS["keep_ellipsis"] = None


def _alternation(rules: dict[str, str]) -> re.Pattern[str]:
    alternatives = "|".join(f"(?P<{name}>{pattern})" for name, pattern in rules.items())
    return re.compile(rf"(?=[ \t(])(?:{alternatives})")


_SPACING = _alternation(_GENERAL_RULES)
# PTB rules first so the fuller clitic rule wins over the general one.
_PTB_SPACING = _alternation(
    {"keep_ellipsis": _GENERAL_RULES["keep_ellipsis"], **_PTB_RULES}
    | {k: v for k, v in _GENERAL_RULES.items() if k not in _PTB_RULES}
)

# Boilerplate lines and a source stub at the very end: "...banking.\n\n.Source",
# "...office.Source", "\nSource: AFP". "Sources said ..." is a sentence and stays.
_AD_LINE = re.compile(
    r"^[ \t]*(?:Advertisement|ADVERTISEMENT|Story continues below(?: advertisement)?)[ \t]*(?:\n|\Z)",
    re.MULTILINE,
)
_SOURCE_STUB = re.compile(r"(?:\s*\n[ \t]*|(?<=[.!?\"”’])[ \t]*)\.?Sources?[ \t]*(?::[^\n!?]{0,60})?\s*\Z")
_STUB_WINDOW = 200


def _spacing(text: str) -> list[Edit]:
    return _spacing_with(_SPACING, text)


def _ptb_spacing(text: str) -> list[Edit]:
    return _spacing_with(_PTB_SPACING, text)


def _spacing_with(pattern: re.Pattern[str], text: str) -> list[Edit]:
    """Spacing fixes, boilerplate lines and the trailing source stub, as one list of edits."""
    edits = _rule_edits(pattern, _REPLACEMENTS, text)
    extra = [(m.start(), m.end(), "") for m in _AD_LINE.finditer(text)]
    stub = _SOURCE_STUB.search(text, max(0, len(text) - _STUB_WINDOW))
    if stub is not None:
        extra.append((stub.start(), stub.end(), ""))
    if extra:
        edits = _merge(edits, extra)
    return edits


# A wire dateline before the story: "VALLETTA (Reuters) - ", "(CNN) -- ", "CAIRO, Egypt (AP) — ",
# "LONDON - ", with the page header some scrapes keep before it ("VALLETTA | Tue Mar 1, 2011 9:39
# am EST "). It names the filing place and the agency: read as a sentence, the agency and the city
# become actors of the story's first event.
_AGENCY = r"\((?:Reuters|AP|AFP|CNN|UPI|Xinhua|Bloomberg|dpa|DPA|ANSA|IANS|PTI|BBC|Al Jazeera)\)"
_CAPS_PLACE = r"[A-Z][A-Z'’.-]+(?:[ -][A-Z][A-Z'’.-]+){0,3}(?:,[ \t]+[A-Z][A-Za-z'’.-]+(?:[ \t][A-Z][A-Za-z'’.-]+)?)?"
# The agency's dash ends the dateline; what comes before it on the line is the page header and
# the place ("Wed Apr 6, 2011 6:31 am EDT (Adds quotes) AMMAN, April 6 (Reuters) - "): removed
# when it names the place in capitals, as datelines do.
_DATELINE = re.compile(rf"^[ \t]*(?P<head>[^\n]{{0,160}}?)[ \t]*{_AGENCY}[ \t]*(?:--|[-–—])[ \t]*",
                       re.MULTILINE)
_CAPS_WORD = re.compile(r"\b[A-Z][A-Z'’.-]{2,}\b")
# Without an agency, only at the very start and before a capital: "LONDON - Britain expelled"
# (not "NATO - the alliance - met", nor "US-Iran talks").
_BARE_DATELINE = re.compile(rf"\A[ \t]*{_CAPS_PLACE}[ \t]+(?:--|[-–—])[ \t]+(?=[A-Z\"“])")
# A letter's signature in a letters page: "... with the Kurds. Jane Doe Leeds • Next letter".
_SIGNATURE = re.compile(r"(?<=[.!?\"”’])[ \t]+((?:[A-Z][\w'’.-]*[ \t]+){1,5}[A-Z][\w'’.-]*)[ \t]+•[ \t]*")


def _datelines(text: str) -> list[Edit]:
    """Datelines and letter signatures: places and agencies that are no part of any event."""
    edits = [(m.start(), m.end(), "") for m in _DATELINE.finditer(text)
             if not m.group("head") or _CAPS_WORD.search(m.group("head"))]
    bare = _BARE_DATELINE.match(text)
    if bare is not None and not any(e[0] == 0 for e in edits):
        edits.append((0, bare.end(), ""))
    edits += [(m.start(), m.end(), " ") for m in _SIGNATURE.finditer(text)]
    return sorted(edits)


def _merge(edits: list[Edit], extra: list[Edit]) -> list[Edit]:
    """Sorted union in which a line-level edit replaces the spacing edits that overlap it."""
    kept = [d for d in edits if not any(d[0] < e[1] and e[0] < d[1] for e in extra)]
    return sorted(kept + extra)
