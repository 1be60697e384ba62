"""Readers for PETRARCH / TABARI actor and agent dictionaries.

The format is the one documented in petrarch2's `docs/source/dictionaries.rst` and read by
`PETRreader.read_actor_dictionary` / `read_agent_dictionary`; these readers follow the same rules
so a user's dictionary means here what it meant to PETRARCH:

Actors: a record is a primary phrase (optionally with a default `[CODE]`), `+synonym` lines, and
indented `[CODE restriction]` lines where the restriction is `<date` (on or before), `>date` (on
or after), `date-date` (inclusive) or nothing (a default). Dates are YYYYMMDD or YYMMDD (YY 00-30
means 20YY, otherwise 19YY, as in KEDS/TABARI). As in PETRARCH, a primary phrase with no code
joins the next record until a code is seen, so `U.N._` followed by `UN_SECRETARY_GENERAL ...
[IGOUNO]` gives both phrases the code.

Agents: `PHRASE {plural} [~CODE]` lines, `!MARK! = A, B` substitution sets. `~CODE` is added
after the actor code, `CODE~` before it. Regular plurals are generated unless `{}` is given or
the phrase ends with `_`.

Phrases are returned as written (underscores become spaces, a trailing `_` is dropped); matching
is the knowledge base's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dyadwire.errors import DictionaryError

__all__ = [
    "CodeSpan",
    "ActorRecord",
    "AgentRecord",
    "DictionaryError",
    "parse_dict_date",
    "read_actors",
    "read_agents",
]


@dataclass(frozen=True)
class CodeSpan:
    """One code line of an actor record: `code` holds from `start` to `end` (inclusive).

    `start`/`end` are None for an open side; both None is a default (undated) code.
    """

    code: str
    start: date | None = None
    end: date | None = None

    @property
    def is_default(self) -> bool:
        return self.start is None and self.end is None

    def covers(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass
class ActorRecord:
    """One actor: its primary phrase, synonyms, and its (possibly date-restricted) codes."""

    name: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[CodeSpan] = field(default_factory=list)
    line: int = 0  # line of the first phrase, for error messages

    @property
    def phrases(self) -> list[str]:
        return [self.name, *self.synonyms]

    @property
    def default_code(self) -> str | None:
        defaults = [c.code for c in self.codes if c.is_default]
        return defaults[-1] if defaults else None

    def code_on(self, on: date | None) -> str | None:
        """The code PETRARCH would give on `on`: the first dated restriction that covers the date,
        else the default; with no date, the default (else the last dated code)."""
        if on is not None:
            for span in self.codes:
                if not span.is_default and span.covers(on):
                    return span.code
        default = self.default_code
        if default is not None or on is not None:
            return default
        dated = [c for c in self.codes if not c.is_default]
        return dated[-1].code if dated else None


@dataclass(frozen=True)
class AgentRecord:
    """One agent phrase. `code` is without the `~`; `prefix` is True for `CODE~` (added before
    the actor code, e.g. NGO~) and False for `~CODE` (added after it)."""

    phrase: str
    code: str
    prefix: bool = False
    plural: bool = False  # this phrase is a generated or given plural form


_XML_COMMENT = re.compile(r"<!--.*?-->")


def _strip_comments(lines: list[str]):
    """Yield (line_no, text) with comments removed, keeping leading whitespace."""
    in_block = False
    for no, raw in enumerate(lines, 1):
        line = raw.rstrip("\n\r")
        if in_block:
            if "-->" in line:
                in_block = False
                line = line.split("-->", 1)[1]
            else:
                continue
        line = _XML_COMMENT.sub(" ", line)
        stripped = line.lstrip()
        if stripped.startswith("<!"):
            if "-->" not in stripped and "<!--" in stripped:
                in_block = True
            continue
        if "<!--" in line:
            line = line.split("<!--", 1)[0]
            in_block = True
        for mark in ("#", ";"):
            if mark in line:
                line = line.split(mark, 1)[0]
        if line.strip():
            yield no, line


def _read_lines(path: str | Path) -> list[str]:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DictionaryError(f"cannot read dictionary {p}: {exc.strerror or exc}") from exc
    if b"\x00" in data[:4096]:
        raise DictionaryError(f"{p} is not a text dictionary")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text.splitlines()


def parse_dict_date(s: str) -> date:
    """A PETRARCH dictionary date: YYYYMMDD, or YYMMDD with YY 00-30 -> 20YY, else 19YY.

    Raises ValueError for anything else (PETRARCH skips such lines with a warning)."""
    s = s.strip()
    if not s.isdigit():
        raise ValueError(f"not a date: {s!r}")
    if len(s) <= 7:
        if len(s) != 6:
            raise ValueError(f"not a YYMMDD date: {s!r}")
        yy = int(s[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        return date(year, int(s[2:4]), int(s[4:6]))
    s = s[:8]
    return date(int(s[:4]), int(s[4:6]), int(s[6:8]))


def _phrase(text: str) -> str:
    """Dictionary phrase -> words separated by single spaces (underscores are connectors)."""
    text = text.strip().replace("_", " ")
    return " ".join(text.split())


def _parse_code_line(body: str) -> CodeSpan | None:
    """`CODE`, `CODE <date`, `CODE >date`, `CODE d1-d2` (body is what is inside [...])."""
    parts = body.strip().split(None, 1)
    if not parts:
        return None
    code = parts[0].strip()
    rest = parts[1].replace(" ", "") if len(parts) > 1 else ""
    if not rest:
        return CodeSpan(code)
    if rest[0] in "<>":
        d = parse_dict_date(rest[1:])
        return CodeSpan(code, end=d) if rest[0] == "<" else CodeSpan(code, start=d)
    if "-" in rest:
        a, b = rest.split("-", 1)
        d1, d2 = parse_dict_date(a), parse_dict_date(b)
        if d2 < d1:
            raise ValueError("end date before start date")
        return CodeSpan(code, start=d1, end=d2)
    raise ValueError(f"cannot read restriction {rest!r}")


def read_actors(path: str | Path, *, errors: list[str] | None = None) -> list[ActorRecord]:
    """Read a PETRARCH actor dictionary into records, in file order.

    Lines PETRARCH would skip (bad dates, code lines before any phrase) are skipped; when
    `errors` is a list, a message naming the file and line is appended for each.
    """
    p = Path(path)
    records: list[ActorRecord] = []
    current: ActorRecord | None = None

    def warn(no: int, msg: str) -> None:
        if errors is not None:
            errors.append(f"{p.name}:{no}: {msg}")

    for no, line in _strip_comments(_read_lines(p)):
        stripped = line.strip()
        if stripped.startswith("---STOP---"):
            break
        if line[0].isspace() and stripped.startswith("["):
            if current is None:
                warn(no, "code line before any actor phrase; skipped")
                continue
            body = stripped[1:].split("]", 1)[0]
            try:
                span = _parse_code_line(body)
            except ValueError as exc:
                warn(no, f"date restriction not understood ({exc}); skipped")
                continue
            if span is not None:
                current.codes.append(span)
            continue
        if stripped.startswith("+"):
            phrase = _phrase(stripped[1:].split("[", 1)[0])
            if current is None:
                warn(no, "synonym before any actor phrase; skipped")
            elif phrase:
                current.synonyms.append(phrase)
            continue
        # a primary phrase, optionally with a default code
        head, _, tail = stripped.partition("[")
        phrase = _phrase(head)
        if not phrase:
            warn(no, "line not understood; skipped")
            continue
        if current is not None and not current.codes:
            # PETRARCH: a record without codes yet absorbs the next primary phrase
            current.synonyms.append(phrase)
        else:
            current = ActorRecord(name=phrase, line=no)
            records.append(current)
        # some files put one or more (dated) codes on the primary line: NAME [A d1-d2][B >d]
        for body in re.findall(r"\[([^\]]*)\]", "[" + tail) if tail else []:
            try:
                span = _parse_code_line(body)
            except ValueError as exc:
                warn(no, f"code not understood ({exc}); skipped")
                continue
            if span is not None:
                current.codes.append(span)
    return records


_MARKER_DEF = re.compile(r"^\s*!([^!\s]+)!\s*=\s*(.+)$")
_AGENT_LINE = re.compile(r"^(?P<phrase>[^\[{]+?)\s*(\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]}]*)[\]}]")


def _plural(word_phrase: str) -> str:
    words = word_phrase.split(" ")
    last = words[-1]
    if last.endswith("Y") and len(last) > 1 and last[-2] not in "AEIOU":
        last = last[:-1] + "IES"
    elif last.endswith(("SS", "SH", "CH", "X")):
        last += "ES"
    elif last.endswith("S"):
        return ""
    else:
        last += "S"
    return " ".join([*words[:-1], last])


def read_agents(path: str | Path, *, errors: list[str] | None = None) -> list[AgentRecord]:
    """Read a PETRARCH agent dictionary: one record per phrase form (singular, plural,
    substitution-marker expansions), in file order."""
    p = Path(path)
    markers: dict[str, list[str]] = {}
    out: list[AgentRecord] = []

    def warn(no: int, msg: str) -> None:
        if errors is not None:
            errors.append(f"{p.name}:{no}: {msg}")

    for no, line in _strip_comments(_read_lines(p)):
        m = _MARKER_DEF.match(line)
        if m:
            markers[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
            continue
        m = _AGENT_LINE.match(line.strip())
        if not m:
            warn(no, "agent line without [code]; skipped")
            continue
        raw_code = m.group("code").strip()
        if "~" not in raw_code:
            warn(no, f"agent code {raw_code!r} has no '~'; skipped")
            continue
        prefix = not raw_code.startswith("~")
        code = raw_code.replace("~", "").strip()
        raw_phrase = m.group("phrase").strip()
        no_plural = raw_phrase.endswith("_")
        plural_spec = m.group("plural")
        forms: list[tuple[str, bool]] = []
        if "!" in raw_phrase:
            mm = re.search(r"!([^!]+)!", raw_phrase)
            if not mm or mm.group(1) not in markers:
                warn(no, "unknown substitution marker; skipped")
                continue
            for sub in markers[mm.group(1)]:
                forms.append((_phrase(raw_phrase[: mm.start()] + sub + raw_phrase[mm.end():]), False))
        else:
            base = _phrase(raw_phrase)
            forms.append((base, False))
            if plural_spec is not None:
                for pl in plural_spec.split(","):
                    if _phrase(pl):
                        forms.append((_phrase(pl), True))
            elif not no_plural:
                pl = _plural(base)
                if pl:
                    forms.append((pl, True))
        for phrase, is_plural in forms:
            if phrase:
                out.append(AgentRecord(phrase=phrase, code=code, prefix=prefix, plural=is_plural))
    return out
