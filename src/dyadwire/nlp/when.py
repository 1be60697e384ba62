"""When each event happened: temporal expressions, resolved against the article date.

The `dyadwire_when` component reads the sentences, the dependency parse, the entities and
`doc._.dw_article_date`; it writes every temporal expression it finds to `doc._.dw_times` and adds
"date", "date_precision", "date_basis" (and "date_text") to each event in `doc._.dw_events`, and
applies `modality.with_time`: an asserted event whose time lies after the article
date ("next week", "tomorrow", "slated for", "upcoming", "will") is planned.

Expressions are resolved by our own rules rather than dateparser's: measured on our cases,
dateparser puts "on Friday" in an article of Friday 3 March 2023 on 24 February, gives no
precision ("last week" comes back as one day), and returns nothing for "in late December" or
"earlier this month". dateparser remains the fallback for date formats the rules do not know.

Conventions: a week is the ISO week and its date is that Monday; a month's date is its first day,
a year's 1 January. A weekday in a past-tense clause is the most recent such day on or before the
article date; in a future clause the first on or after it ("next Friday": strictly after).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc, Token

from dyadwire.nlp import extensions  # noqa: F401  (registers doc._.dw_* extensions)
from dyadwire.nlp.attachment import (
    CLAUSE_DEPS,
    ON_TRIGGER,
    SUBORDINATE_DEPS,
    from_above,
    is_ancestor,
)
from dyadwire.nlp.lexicon import (
    AHEAD_VERBS,
    FUTURE_AUX,
    FUTURE_MODIFIERS,
    REPORTING_VERBS,
    SCHEDULING_VERBS,
)
from dyadwire.nlp.modality import with_time

__all__ = ["TimeRef", "resolve_time", "find_times", "date_for", "make_when", "WhenComponent",
           "range_precision"]

PRECISIONS = ("day", "week", "month", "year")


@dataclass(frozen=True)
class TimeRef:
    """A temporal expression resolved to a date (the first day of its period) and a precision."""

    text: str
    date: date | None
    precision: str | None  # day | week | month | year
    basis: str  # explicit (an absolute date in the text) | relative (resolved on the article date)
    direction: str  # past | present | future, relative to the article date
    start: int = 0  # character offsets in the Doc (0 when resolved from a bare string)
    end: int = 0

    def to_dict(self) -> dict:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        return d


# ---------------------------------------------------------------------------------------------
# Expression grammar. Month and weekday names must be capitalised, as English writes them: that
# keeps "may" (the verb), "march" (the noun) and "sun" out.

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a few": 3,
    "several": 3, "a couple of": 2, "couple of": 2,
}

MONTH_FULL = (r"(?-i:January|February|March|April|May|June|July|August|September|October|"
              r"November|December)")
MONTH_ANY = (r"(?-i:January|February|March|April|May|June|July|August|September|October|"
             r"November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|"
             r"Oct\.?|Nov\.?|Dec\.?)")
WEEKDAY = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
PART_OF_DAY = r"(?:night|morning|afternoon|evening)"
NUMBER = r"(?:a\s+couple\s+of|a\s+few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})"
UNIT = r"(?:day|week|month|year|decade)s?"
YEAR = r"(?:1[89]\d\d|20\d\d)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
MONTH_PART = r"(?:early|mid|late|the\s+(?:end|beginning|start|middle|first\s+half|second\s+half)\s+of)"

# Each pattern is tried with fullmatch on an expression and with finditer on a sentence.
PATTERNS: list[tuple[str, str]] = [
    ("iso", r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    ("mdy", rf"(?:{WEEKDAY},?\s+)?(?P<mon>{MONTH_ANY})\s+(?P<d>{DAY})(?!\d)(?:\s*[-–]\s*{DAY})?(?:,?\s+(?P<y>{YEAR}))?"),
    ("dmy", rf"(?:{WEEKDAY},?\s+)?(?:the\s+)?(?P<d>{DAY})(?:\s*[-–]\s*{DAY})?\s+(?:of\s+)?(?P<mon>{MONTH_ANY})(?:,?\s+(?P<y>{YEAR}))?"),
    ("month", rf"(?:(?P<part>{MONTH_PART})[\s-]+)?(?:(?P<rel>last|next|this|past)\s+)?(?P<mon>{MONTH_FULL})(?:,?\s+(?:of\s+)?(?P<y>{YEAR})|\s+(?P<yrel>last|next|this)\s+year)?"),
    ("year", rf"(?:(?P<part>{MONTH_PART})[\s-]+)?(?P<y>{YEAR})(?![\d-])"),
    ("day_word", rf"(?P<w>yesterday|today|tonight|tomorrow|last\s+night|this\s+{PART_OF_DAY}|earlier\s+today|later\s+today|(?:yesterday|tomorrow)\s+{PART_OF_DAY})"),
    ("weekday", rf"(?:(?P<rel>last|this|next|past|coming)\s+)?(?P<wd>{WEEKDAY})(?:\s+(?P<pod>{PART_OF_DAY}))?"),
    ("period", r"(?P<rel>earlier\s+this|later\s+this|(?:the\s+)?(?:last|past|previous|coming|next)|this|the\s+same)\s+(?P<unit>week|weekend|month|year)"),
    ("ago", rf"(?P<n>{NUMBER})\s+(?P<unit>{UNIT})\s+ago"),
    ("in_n", rf"in\s+(?P<n>{NUMBER})\s+(?P<unit>{UNIT})(?:['’]?\s+time)?"),
    ("coming", r"(?:in|over|within)\s+the\s+(?:coming|next|following)\s+(?:few\s+)?(?P<unit>days|weeks|months)"),
    ("weekend", r"(?:over|at|during)\s+the\s+weekend"),
]
_COMPILED = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in PATTERNS]
_FINDERS = [(kind, re.compile(rf"(?<![\w-]){pattern}(?![\w])", re.IGNORECASE))
            for kind, pattern in PATTERNS]
_LEADING = re.compile(r"^(?:(?:early|late)\s+)?(?:on|in|at|during|since|until|till|by|from|before|after|of|as\s+of|around)\s+",
                      re.IGNORECASE)
# A bare month ("in March") or year ("since 2018") counts only after one of these words, or inside
# an entity the NER tagged DATE: "May said", "2000 troops" are not times.
_BARE_OK_BEFORE = {"in", "since", "until", "till", "by", "during", "from", "through", "of", "before",
                   "after", "early", "mid", "late", "last", "next", "this", "around", "between",
                   "and", "to", "the", "'s", "’s"}


def _week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _add_months(d: date, months: int) -> date:
    total = d.year * 12 + (d.month - 1) + months
    return date(total // 12, total % 12 + 1, 1)


def _period_start(d: date, precision: str) -> date:
    if precision == "week":
        return _week_start(d)
    if precision == "month":
        return d.replace(day=1)
    if precision == "year":
        return d.replace(month=1, day=1)
    return d


def _direction(d: date | None, precision: str | None, base: date | None, default: str) -> str:
    if d is None or base is None or precision is None:
        return default
    here = _period_start(base, precision)
    if d < here:
        return "past"
    if d > here:
        return "future"
    return "present"


def _number(text: str) -> int:
    text = re.sub(r"\s+", " ", text.lower())
    return int(text) if text.isdigit() else _NUMBERS.get(text, 1)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_for(month: int, day: int | None, base: date, tense: str | None) -> int:
    """The year of a month (and day) given without one, by the clause's tense.

    Past: the most recent such date on or before the article date; future: the first on or after
    it; unknown tense: whichever is within half a year.
    """
    here = (base.month, base.day if day is not None else 0)
    there = (month, day if day is not None else 0)
    if tense == "past":
        return base.year if there <= here else base.year - 1
    if tense == "future":
        return base.year if there >= here else base.year + 1
    def months_away(year: int) -> int:
        return abs((year - base.year) * 12 + (month - base.month))

    return min((base.year - 1, base.year, base.year + 1), key=months_away)


def _ref(text, d, precision, basis, base, default_direction="past") -> TimeRef:
    return TimeRef(text=text, date=d, precision=precision, basis=basis,
                   direction=_direction(d, precision, base, default_direction))


def _resolve_match(kind: str, m: re.Match, text: str, base: date | None,
                   tense: str | None) -> TimeRef | None:
    resolver = _RESOLVERS.get(kind)
    if resolver is None or (base is None and kind in _NEED_BASE):
        return None
    return resolver(kind, m.groupdict(), text, base, tense)


def _iso(kind, g, text, base, tense):
    d = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
    return _ref(text, d, "day", "explicit", base) if d else None


def _month_day(kind, g, text, base, tense):
    month = _MONTHS[g["mon"].lower().rstrip(".")]
    day = int(re.match(r"\d+", g["d"]).group())
    if g.get("y"):
        d = _safe_date(int(g["y"]), month, day)
        return _ref(text, d, "day", "explicit", base) if d else None
    if base is None:
        return None
    d = _safe_date(_year_for(month, day, base, tense), month, day)
    return _ref(text, d, "day", "relative", base) if d else None


def _month(kind, g, text, base, tense):
    month = _MONTHS[g["mon"].lower()]
    if g.get("y"):
        return _ref(text, date(int(g["y"]), month, 1), "month", "explicit", base)
    if base is None:
        return None
    rel = (g.get("rel") or "").lower()
    year_rel = (g.get("yrel") or "").lower()
    if year_rel:  # "in March last year", "by February next year"
        year = base.year + {"last": -1, "next": 1}.get(year_rel, 0)
    elif rel == "last" or rel == "past":
        year = base.year if month < base.month else base.year - 1
    elif rel == "next":
        year = base.year if month > base.month else base.year + 1
    elif rel == "this":
        year = base.year
    else:
        year = _year_for(month, None, base, tense)
    return _ref(text, date(year, month, 1), "month", "relative", base)


def _year(kind, g, text, base, tense):
    return _ref(text, date(int(g["y"]), 1, 1), "year", "explicit", base)


def _day_word(kind, g, text, base, tense):
    w = re.sub(r"\s+", " ", g["w"].lower())
    if w.startswith(("yesterday", "last night")):
        d = base - timedelta(days=1)
    elif w.startswith("tomorrow"):
        d = base + timedelta(days=1)
    else:
        d = base
    return _ref(text, d, "day", "relative", base, "present")


def _weekday(kind, g, text, base, tense):
    target = _WEEKDAYS[g["wd"].lower()]
    rel = (g.get("rel") or "").lower()
    behind = (base.weekday() - target) % 7  # days back to the most recent such day (0: today)
    ahead = (target - base.weekday()) % 7
    if rel in ("last", "past"):
        d = base - timedelta(days=behind or 7)
    elif rel in ("next", "coming"):
        d = base + timedelta(days=ahead or 7)
    elif rel == "this":
        d = _week_start(base) + timedelta(days=target)
    elif tense == "future":
        d = base + timedelta(days=ahead)
    else:
        d = base - timedelta(days=behind)
    return _ref(text, d, "day", "relative", base)


def _period(kind, g, text, base, tense):
    rel = re.sub(r"\s+", " ", g["rel"].lower()).removeprefix("the ")
    unit = g["unit"].lower()
    step = {"last": -1, "past": -1, "previous": -1, "coming": 1, "next": 1}.get(rel, 0)
    if unit == "weekend":
        # The Saturday of the weekend meant; its week is what we can say.
        saturday = _week_start(base) + timedelta(days=5)
        if step == 0 and saturday > base and tense != "future":
            saturday -= timedelta(days=7)
        saturday += timedelta(days=7 * step)
        return _ref(text, _week_start(saturday), "week", "relative", base)
    if unit == "week":
        d = _week_start(base) + timedelta(days=7 * step)
    elif unit == "month":
        d = _add_months(base.replace(day=1), step)
    else:
        d = date(base.year + step, 1, 1)
    return _ref(text, d, unit, "relative", base, "present")


def _weekend(kind, g, text, base, tense):
    saturday = _week_start(base) + timedelta(days=5)
    if saturday > base and tense != "future":
        saturday -= timedelta(days=7)
    return _ref(text, _week_start(saturday), "week", "relative", base)


def _ago(kind, g, text, base, tense):
    n = _number(g["n"]) * (-1 if kind == "ago" else 1)
    unit = g["unit"].lower().rstrip("s")
    if unit == "day":
        return _ref(text, base + timedelta(days=n), "day", "relative", base)
    if unit == "week":
        return _ref(text, _week_start(base + timedelta(days=7 * n)), "week", "relative", base)
    if unit == "month":
        return _ref(text, _add_months(base.replace(day=1), n), "month", "relative", base)
    years = n * (10 if unit == "decade" else 1)
    return _ref(text, date(base.year + years, 1, 1), "year", "relative", base)


def _coming(kind, g, text, base, tense):
    return TimeRef(text=text, date=None, precision=None, basis="relative", direction="future")


# How each kind of expression found by the patterns resolves; the kinds after "year" need the
# article's date.
_RESOLVERS = {"iso": _iso, "mdy": _month_day, "dmy": _month_day, "month": _month, "year": _year,
              "day_word": _day_word, "weekday": _weekday, "period": _period, "weekend": _weekend,
              "ago": _ago, "in_n": _ago, "coming": _coming}
_NEED_BASE = {"day_word", "weekday", "period", "weekend", "ago", "in_n", "coming"}


def _dateparser_fallback(text: str, base: date | None, tense: str | None) -> TimeRef | None:
    """Formats our rules lack ("03/03/2023", "Mar 3rd '23"): only with a digit and a year."""
    if not re.search(r"\d", text) or not re.search(r"\b\d{4}\b|'\d\d\b", text):
        return None
    import datetime as _dt

    import dateparser

    settings = {"PREFER_DATES_FROM": "future" if tense == "future" else "past",
                "REQUIRE_PARTS": ["year"], "STRICT_PARSING": False}
    if base is not None:
        settings["RELATIVE_BASE"] = _dt.datetime(base.year, base.month, base.day)
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd strings; a miss is not fatal
        return None
    if parsed is None:
        return None
    return _ref(text, parsed.date(), "day", "explicit", base)


def resolve_time(text: str, base: date | None, tense: str | None = None) -> TimeRef | None:
    """Resolve one temporal expression ("on Friday", "last week", "3 March 2023") on `base`.

    `tense` ("past" | "future" | None) is the tense of the clause the expression sits in; it
    decides which Friday "on Friday" means and which year "in December" means. Without a base
    (an undated article) only absolute dates resolve.
    """
    if not text:
        return None
    whole = re.sub(r"\s+", " ", text.strip().rstrip(".,;:"))
    core = _LEADING.sub("", whole)
    for candidate in (whole, core):
        for kind, pattern in _COMPILED:
            m = pattern.fullmatch(candidate)
            if m:
                return _resolve_match(kind, m, text.strip(), base, tense)
    return _dateparser_fallback(core, base, tense)


# ---------------------------------------------------------------------------------------------
# Finding expressions in a parsed Doc, and the tense of the clause they belong to.



def clause_tense(token: Token) -> str | None:
    """'future', 'past' or None (present or unknown) for the clause of a trigger word."""
    if token.pos_ in ("NOUN", "PROPN"):
        for child in token.children:
            if child.lower_ in FUTURE_MODIFIERS and child.dep_ in ("amod", "compound", "advmod"):
                return "future"
            if child.dep_ == "acl" and child.lemma_ in SCHEDULING_VERBS:
                return "future"
        verb = token.head
        hops = 0
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and hops < 4:
            verb = verb.head
            hops += 1
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        token = verb
    for _ in range(4):
        auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in FUTURE_AUX for a in auxes):
            return "future"
        if token.lemma_ in SCHEDULING_VERBS and token.tag_ == "VBN" and any(
                c.lower_ in ("for", "to") for c in token.children):
            return "future"  # "a visit slated for next week", "talks scheduled to begin"
        has_to = any(a.lower_ == "to" for a in auxes)
        if has_to and token.dep_ in ("xcomp", "ccomp", "advcl", "acl", "relcl") and token.head.i != token.i:
            if token.head.lemma_ in AHEAD_VERBS or token.head.lower_ in FUTURE_MODIFIERS:
                return "future"
            token = token.head
            continue
        if token.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
            return "past"
        if token.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
            return "past"
        if token.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
            return None
        if token.dep_ in ("conj", "xcomp", "advcl") and token.head.i != token.i:
            token = token.head
            continue
        return None
    return None


def _base_date(doc: Doc) -> date | None:
    value = doc._.dw_article_date
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _bare_ok(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    if any(t.ent_type_ in ("DATE", "TIME") for t in span):
        return True
    prev = doc[span.start - 1] if span.start > 0 else None
    return prev is not None and prev.lower_ in _BARE_OK_BEFORE


def _span_root(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def find_times(doc: Doc) -> list[dict]:
    """Every temporal expression in the Doc, resolved on the article date, as plain dicts."""
    base = _base_date(doc)
    found: list[tuple[int, int, str, re.Match]] = []
    text = doc.text
    for kind, finder in _FINDERS:
        for m in finder.finditer(text):
            found.append((m.start(), m.end(), kind, m))
    # Longest first, then leftmost; drop anything overlapping an expression already kept.
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    kept: list[tuple[int, int, str, re.Match]] = []
    for item in found:
        if any(item[0] < k[1] and k[0] < item[1] for k in kept):
            continue
        kind, m = item[2], item[3]
        if kind == "year" and not m.group("part") and not _bare_ok(doc, item[0], item[1]):
            continue
        if kind == "month" and not (m.group("part") or m.group("rel") or m.group("y")
                                    or m.group("yrel")) and not _bare_ok(doc, item[0], item[1]):
            continue
        kept.append(item)
    kept.sort()
    times = []
    sent_starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
    for start, end, kind, m in kept:
        root = _span_root(doc, start, end)
        tense = clause_tense(_governor(root)) if root is not None else None
        if kind == "in_n" and tense != "future":
            continue  # "their first summit in seven years" is a span of time, not a date ahead
        ref = _resolve_match(kind, m, text[start:end], base, tense)
        if ref is None:
            continue
        d = ref.to_dict()
        d.update(start=start, end=end, text=text[start:end])
        d["sentence_index"] = sum(1 for s in sent_starts if s <= start) - 1
        times.append(d)
    return times


def _governor(root: Token) -> Token:
    """The word a time expression modifies: 'on Friday' -> the verb 'on' hangs from."""
    x = root.head if root.head.i != root.i else root
    while x.pos_ == "ADP" and x.head.i != x.i:
        x = x.head
    return x


# Expressions that modify another noun ("the 2015 nuclear deal") date that noun, not the event.
_NOMINAL_MODIFIER_DEPS = {"nummod", "compound", "amod", "poss", "nmod", "appos"}
# A conjoined clause under the trigger is another event's, and has its own time.
_CLAUSE_DEPS = CLAUSE_DEPS | {"conj"}


def _score(doc: Doc, time: dict, trigger: Token) -> int | None:
    """How surely a time expression dates the event of `trigger`; None: it does not."""
    root = _span_root(doc, time["start"], time["end"])
    if root is None:
        return None
    if root.i == trigger.i or trigger.i in range(*_token_range(doc, time)):
        return ON_TRIGGER
    gov = _governor(root)
    nominal = gov.pos_ in ("NOUN", "PROPN") and root.dep_ in _NOMINAL_MODIFIER_DEPS
    if gov.i == trigger.i:
        return ON_TRIGGER
    if nominal:
        return None
    if gov.pos_ in ("NOUN", "PROPN") and gov.head.i == trigger.i:
        return 80  # "held talks on Friday": the talks' time is the holding's
    return _score_attached(gov, trigger)


def _score_attached(gov: Token, trigger: Token) -> int | None:
    if is_ancestor(gov, trigger):
        # The trigger sits inside the clause the time belongs to ("was in Israel on Friday for
        # talks"), unless a subordinate clause lies between them.
        return from_above(trigger, gov)
    if gov.pos_ in ("NOUN", "PROPN"):
        # "voted in a referendum on Thursday": the time hangs from a noun under the verb; score it
        # as the verb's, a little lower.
        verb = gov
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        score = _score_attached(verb, trigger)
        return None if score is None else score - 15
    return _score_verb(gov, trigger)


def _score_verb(gov: Token, trigger: Token) -> int | None:
    """How surely a time attached to word `gov` dates `trigger`'s event; None: it does not."""
    if gov.i == trigger.i:
        return ON_TRIGGER
    if is_ancestor(trigger, gov):
        # A time inside a clause under the trigger dates that clause ("agreed to meet on Friday",
        # "has grown since the deal collapsed in 2018"), not the trigger; but an infinitive after a
        # verb of choosing dates both ("voted to leave on Thursday"), and a participle that
        # describes a noun ("bases housing troops") rarely has a time of its own.
        x = gov
        low = False
        while x.i != trigger.i:
            if x.dep_ == "xcomp" and x.head.lemma_ not in AHEAD_VERBS:
                pass
            elif x.dep_ == "acl" and x.tag_ == "VBG":
                low = True
            elif x.dep_ in _CLAUSE_DEPS:
                return None
            x = x.head
        return 15 if low else 40
    chain = [gov] + list(gov.ancestors)
    if any(x.dep_ in SUBORDINATE_DEPS | {"advcl", "ccomp", "conj"} for x in chain
           if not is_ancestor(x, trigger)):
        return None
    return 10


def _token_range(doc: Doc, time: dict) -> tuple[int, int]:
    span = doc.char_span(time["start"], time["end"], alignment_mode="expand")
    return (span.start, span.end) if span is not None else (0, 0)


# Statements whose own date a later clause carries: reports, and accusing or denying.
_STATEMENTS = REPORTING_VERBS | {"accuse", "deny"}


def _carried(doc: Doc, trigger: Token, times: list[dict]) -> dict | None:
    """A time carried over from the sentence before, for a narrative that goes on without one.

    "The general was in Israel last week. He met the prime minister." Only for past-tense,
    non-reporting triggers, from a previous sentence whose time dates its main verb.
    """
    sent = trigger.sent
    if sent.start == 0 or clause_tense(trigger) != "past" or trigger.lemma_ in _STATEMENTS:
        return None
    prev = doc[sent.start - 1].sent
    candidates = [t for t in times if prev.start_char <= t["start"] < prev.end_char
                  and t["date"] and t["precision"] in ("day", "week")
                  and t["direction"] in ("past", "present")]
    for time in candidates:
        root = _span_root(doc, time["start"], time["end"])
        if root is not None and _governor(root).i == prev.root.i:
            return time
    return None


def date_for(doc: Doc, trigger_i: int, times: list[dict] | None = None) -> dict:
    """The date of the event whose trigger is token `trigger_i`.

    Returns {"date", "date_precision", "date_basis", "date_text", "date_direction"}: the best
    time expression attached to the trigger's clause, else one carried over from the sentence
    before, else the article date (basis "article"), else all None (undated article).
    "date_direction" is "future" when the time or the clause's tense lies ahead.
    """
    if times is None:
        times = list(doc._.dw_times) or find_times(doc)
    trigger = doc[trigger_i]
    sent = trigger.sent
    tense = clause_tense(trigger)
    in_sentence = [t for t in times if sent.start_char <= t["start"] < sent.end_char]
    scored = []
    for time in in_sentence:
        score = _score(doc, time, trigger)
        if score is not None:
            distance = min(abs(time["start"] - trigger.idx), abs(time["end"] - trigger.idx))
            scored.append((score, -distance, time))
    chosen = None
    if scored:
        scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
        chosen = scored[0][2]
        if chosen["date"] is None:  # "in the coming days": future, but no date to give
            tense = "future"
            dated = [s for s in scored if s[2]["date"] is not None]
            chosen = dated[0][2] if dated else None
    if chosen is None:
        chosen = _carried(doc, trigger, times)
    direction = "future" if tense == "future" else None
    if chosen is not None:
        ref_direction = chosen["direction"]
        if chosen["date"] is not None and tense == "future" and ref_direction == "past" \
                and chosen["basis"] == "relative":
            # Re-resolve an ambiguous expression ("on Friday") in a future clause.
            again = resolve_time(chosen["text"], _base_date(doc), "future")
            if again is not None and again.date is not None:
                chosen = {**chosen, "date": again.date.isoformat(), "direction": again.direction}
        return {
            "date": chosen["date"],
            "date_precision": chosen["precision"],
            "date_basis": chosen["basis"],
            "date_text": chosen["text"],
            "date_direction": "future" if chosen["direction"] == "future" else (direction or chosen["direction"]),
        }
    base = _base_date(doc)
    if base is None:
        return {"date": None, "date_precision": None, "date_basis": None, "date_text": None,
                "date_direction": direction}
    return {"date": base.isoformat(), "date_precision": "day", "date_basis": "article",
            "date_text": None, "date_direction": direction or "present"}


# ---------------------------------------------------------------------------------------------
# Undated articles: the offices the text names fit only some dates.


def range_precision(start: date, end: date) -> str:
    """The finest calendar period holding the whole range, else "range"."""
    if start == end:
        return "day"
    if _week_start(start) == _week_start(end):
        return "week"
    if (start.year, start.month) == (end.year, end.month):
        return "month"
    if start.year == end.year:
        return "year"
    return "range"


def _date_range(doc: Doc) -> dict | None:
    return doc._.dw_date_range or None


class WhenComponent:
    """Dates every event in `doc._.dw_events` and lists every time in `doc._.dw_times`.

    Reads: sentences, dependency parse, DATE/TIME entities, `doc._.dw_article_date`.
    Adds to each event: "date", "date_precision", "date_basis", "date_text", "date_end"; sets
    "modality" to "planned" when an asserted event's time lies ahead of the article date. In an
    undated article an event with no date of its own gets the range the article's named offices
    allow (`doc._.dw_date_range`, from `dyadwire_article_dates`): "date" its start, "date_end"
    its end, basis "inferred".
    """

    def __init__(self, nlp: Language, name: str = "dyadwire_when"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        times = find_times(doc)
        doc._.dw_times = times
        events = doc._.dw_events
        inferred = None
        if _base_date(doc) is None and events:
            inferred = _date_range(doc)  # from dyadwire_article_dates
        for event in events:
            trigger_i = event.get("trigger_i")
            if trigger_i is None or not 0 <= trigger_i < len(doc):
                continue
            when = date_for(doc, trigger_i, times)
            event["date"] = when["date"]
            event["date_precision"] = when["date_precision"]
            event["date_basis"] = when["date_basis"]
            event["date_text"] = when["date_text"]
            event["date_end"] = None
            if when["date"] is None and inferred is not None:
                # an undated article: the range its named offices allow, never a guessed day
                event["date"] = inferred["start"]
                event["date_end"] = inferred["end"]
                event["date_precision"] = inferred["precision"]
                event["date_basis"] = "inferred"
            event["modality"] = with_time(event.get("modality"), when["date_direction"])
        doc._.dw_events = events
        return doc


@Language.factory("dyadwire_when", assigns=["doc._.dw_times"], requires=["doc.sents"])
def make_when(nlp: Language, name: str) -> WhenComponent:
    """Build the component that dates events (see `WhenComponent`)."""
    return WhenComponent(nlp, name)
