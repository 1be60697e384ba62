"""Readers for PETRARCH-format dictionaries: verb patterns (PETRARCH 1 and 2) and discard lists.

The verb-dictionary language, as PETRARCH2's reader and documentation define it:

- Synsets: a line `&NAME` followed by `+MEMBER` lines. Members are words or phrases (blank or `_`
  between words: consecutive words). Regular plurals are generated (`+S`, `Y`->`IES`, `S`->`SES`)
  unless the member or the label ends in `_`. PETRARCH 1 dictionaries also let a member be another
  synset (`+&TIETYPES`).
- Verb blocks: `--- NAME [CODE] ---` opens a block whose code (often the null code `---`) is the
  default for its verbs. Each following line is a verb: `WORD {IRREGULAR FORMS} [CODE] # comment`.
  A multi-word verb joins its words with `_` and marks the word the parser tags as the verb with a
  `+` (`+CARRY_OUT`, `RE_+ARREST`); without a `+` the first word is the verb.
- Patterns: `- BEFORE * AFTER [CODE] # comment`, `*` standing for the verb. In the AFTER part a plain
  word is the head of a noun phrase, `{A B C}` a noun phrase whose head is C, `(P X Y)` a
  prepositional phrase (preposition P, then the words it governs; `P1/P2` for alternatives),
  `&NAME` a synset, `$` the source actor, `+` the target actor, `%` a compound actor (both sides
  of the event in one conjoined phrase), `^` any noun phrase that is skipped. `_` joins words that
  must be consecutive; in PETRARCH 1 dictionaries it can also tie a word to the verb (`IN_*`,
  `*_OUT`). A code `[A:P]` gives the code when the verb is active (A) and passive (P); an empty
  half (`[:173]`) means the pattern codes only in the other voice; `[---]` is the null code: the
  pattern matches and blocks less specific ones, but yields no event.
- `~ ...` lines are PETRARCH2's event transformations; they are kept as text but not applied.

Legacy (TABARI-era) patterns write prepositions without parentheses (`* CALL ON + TO RESIGN`); the
reader turns a bare preposition and the words after it into a prepositional phrase, so both styles
end up in one structure. Everything here is plain Python: the structures are matched against a
spaCy parse by `dyadwire.ontology.verbs`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from dyadwire.errors import DictionaryError

NULL_CODE = "---"

# Words that head a prepositional phrase when a legacy pattern writes them without parentheses.
PREPOSITIONS = frozenset(
    "aboard about above across after against along alongside amid amidst among amongst around as "
    "at before behind below beneath beside besides between beyond by concerning despite down during "
    "except for from in inside into near of off on onto out outside over past per regarding since "
    "through throughout to toward towards under underneath until unto upon via with within without".split()
)

SLOT_KINDS = {"$": "source", "+": "target", "%": "compound", "^": "skip"}


@dataclass(frozen=True)
class Term:
    """One element of a pattern.

    kind:
      - "seq": consecutive words; `atoms` are lowercase words or synset references ("&name").
      - "phrase": a noun phrase; `parts` are "seq" terms, the last one the head, the others its
        modifiers (found in the head's subtree, before it).
      - "prep": a prepositional phrase; `atoms` the preposition and its alternatives, `parts` the
        terms it governs.
      - "source", "target", "compound", "skip": actor slots ($, +, %, ^).
    adjacent: the term follows the previous element (or the verb) with no word between.
    """

    kind: str
    atoms: tuple[str, ...] = ()
    parts: tuple["Term", ...] = ()
    adjacent: bool = False

    def to_json(self) -> list:
        out: list = [self.kind]
        if self.atoms or self.parts or self.adjacent:
            out.append(list(self.atoms))
        if self.parts or self.adjacent:
            out.append([p.to_json() for p in self.parts])
        if self.adjacent:
            out.append(1)
        return out

    @classmethod
    def from_json(cls, data: list) -> "Term":
        kind = data[0]
        atoms = tuple(data[1]) if len(data) > 1 else ()
        parts = tuple(cls.from_json(p) for p in data[2]) if len(data) > 2 else ()
        adjacent = bool(data[3]) if len(data) > 3 else False
        return cls(kind, atoms, parts, adjacent)

    def words(self) -> int:
        """How many literal words and synsets the term asks for: its share of specificity."""
        if self.kind == "seq":
            return len(self.atoms)
        if self.kind in ("phrase", "prep"):
            own = 1 if self.kind == "prep" else 0
            return own + sum(p.words() for p in self.parts)
        return 0

    def slots(self) -> int:
        if self.kind in ("source", "target", "compound", "skip"):
            return 1
        return sum(p.slots() for p in self.parts)


@dataclass(frozen=True)
class Code:
    """A pattern's code: `active` when the verb is active, `passive` when it is passive.

    None means the pattern yields no event in that voice. `null` marks the explicit null code
    `---`, which blocks less specific patterns.
    """

    active: str | None
    passive: str | None
    null: bool = False

    @classmethod
    def parse(cls, text: str) -> "Code":
        text = text.strip()
        if text in ("", NULL_CODE, "--", "-"):
            return cls(None, None, null=True)
        if ":" in text:
            active, _, passive = text.partition(":")
            a = active.strip() or None
            p = passive.strip() or None
            a = None if a == NULL_CODE else a
            p = None if p == NULL_CODE else p
            return cls(a, p, null=(a is None and p is None))
        return cls(text, text)

    def text(self) -> str:
        if self.null:
            return NULL_CODE
        if self.active == self.passive:
            return self.active or NULL_CODE
        return f"{self.active or ''}:{self.passive or ''}"


@dataclass(frozen=True)
class VerbPattern:
    block: str  # the verb block's name ("MEET_PEOPLE")
    before: tuple[Term, ...]  # what comes before the verb, in sentence order
    after: tuple[Term, ...]  # what comes after the verb, in sentence order
    code: Code
    text: str  # the pattern as written, for provenance ("- * (WITH +) [040]")
    source: str = ""  # "file:line"
    before_adjacent: bool = False  # the last "before" term touches the verb (`IN_*`)

    @property
    def specificity(self) -> int:
        terms = self.before + self.after
        return 2 * sum(t.words() for t in terms) + sum(t.slots() for t in terms)

    def to_json(self) -> list:
        return [
            self.block,
            [t.to_json() for t in self.before],
            [t.to_json() for t in self.after],
            self.code.text(),
            self.text,
            self.source,
            int(self.before_adjacent),
        ]

    @classmethod
    def from_json(cls, data: list) -> "VerbPattern":
        block, before, after, code, text, source, before_adjacent = data
        return cls(
            block,
            tuple(Term.from_json(t) for t in before),
            tuple(Term.from_json(t) for t in after),
            Code.parse(code),
            text,
            source,
            bool(before_adjacent),
        )


@dataclass(frozen=True)
class Verb:
    """One verb of a block: its words, forms and code.

    `word` is the word the parser tags as the verb (lowercase base form as written, "carry");
    `before`/`after` the other words of a multi-word verb ("re" in RE_+ARREST; "out" in
    +CARRY_OUT); `forms` the inflected forms the dictionary lists or the reader generated.
    """

    word: str
    block: str
    code: Code
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    source: str = ""

    @property
    def phrase(self) -> str:
        return " ".join(self.before + (self.word,) + self.after)

    def to_json(self) -> list:
        return [
            self.word,
            self.block,
            self.code.text(),
            list(self.before),
            list(self.after),
            list(self.forms),
            self.source,
        ]

    @classmethod
    def from_json(cls, data: list) -> "Verb":
        word, block, code, before, after, forms, source = data
        return cls(word, block, Code.parse(code), tuple(before), tuple(after), tuple(forms), source)


@dataclass
class ParsedVerbDictionary:
    """What a verb dictionary file holds, before any matching structure is built."""

    synsets: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)
    block_codes: dict[str, Code] = field(default_factory=dict)
    transformations: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "file:line: why" for lines not read
    block_count: int = 0


# ---------------------------------------------------------------------------- lines and comments

_XML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _strip_comment(line: str) -> str:
    """Drop '# ...' and the legacy '; ...' comments (PETRARCH's rules)."""
    for mark in ("#", ";"):
        cut = line.find(mark)
        if cut >= 0:
            line = line[:cut]
    return line


def _read_lines(path: Path) -> list[tuple[int, str]]:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise DictionaryError(f"{path}: cannot read the dictionary ({exc.strerror})") from exc
    if b"\x00" in raw[:4096]:
        raise DictionaryError(f"{path}: not a text file")
    text = raw.decode("utf-8", errors="replace")
    # Multi-line XML comments are blanked line by line so that line numbers stay right.
    text = _XML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return list(enumerate(text.splitlines(), start=1))


# ---------------------------------------------------------------------------- synsets


def plural(word: str) -> str | None:
    """PETRARCH's regular plural of a synset member (None for `_`-final members)."""
    if not word or word.endswith("_"):
        return None
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _member_words(member: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s_]+", member.strip().lower()) if w)


# ---------------------------------------------------------------------------- patterns


class PatternError(ValueError):
    pass


_CODE_AT_END = re.compile(r"\[([^\[\]]*)\]\s*$")


def _tokenize(body: str) -> list[str]:
    """Split a pattern body into tokens, keeping {...} and (...) groups (which may nest {...})."""
    tokens: list[str] = []
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch.isspace():
            i += 1
            continue
        if ch in "({":
            close = ")" if ch == "(" else "}"
            depth, j = 0, i
            while j < n:
                if body[j] == ch:
                    depth += 1
                elif body[j] == close:
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j >= n:
                raise PatternError(f"unbalanced {ch}")
            # a group glued to following characters ("(TO)+" never occurs); keep it simple
            tokens.append(body[i : j + 1])
            i = j + 1
            continue
        if ch in ")}":
            raise PatternError(f"unbalanced {ch}")
        j = i
        while j < n and not body[j].isspace() and body[j] not in "({":
            j += 1
        tokens.append(body[i:j])
        i = j
    return tokens


def _atom(word: str) -> str:
    word = word.strip().lower()
    return word.rstrip("_") or word


def _chain_terms(token: str) -> list[tuple[str, Term] | tuple[str, None]]:
    """An underscore chain: words, synsets, slots and possibly the verb mark '*'.

    Returns a list of ("term", Term) and ("verb", None) items in order; items after the first
    are adjacent to the one before.
    """
    pieces = [p for p in token.split("_")]
    # A trailing '_' ("WAS_", "OFF_") only says the word is complete (no stemming): drop it.
    while pieces and pieces[-1] == "":
        pieces.pop()
    out: list = []
    words: list[str] = []

    def flush() -> None:
        if words:
            out.append(("term", Term("seq", tuple(words))))
            words.clear()

    for piece in pieces:
        if piece == "":
            continue
        if piece in ("*", "**"):
            flush()
            out.append(("verb", None))
        elif piece in SLOT_KINDS:
            flush()
            out.append(("term", Term(SLOT_KINDS[piece])))
        else:
            words.append(_atom(piece))
    flush()
    # mark adjacency: every item after the first touches the previous one
    marked: list = []
    for k, (what, term) in enumerate(out):
        if what == "term" and k > 0:
            term = Term(term.kind, term.atoms, term.parts, adjacent=True)
        marked.append((what, term))
    return marked


def _group_terms(token: str) -> Term:
    if token.startswith("{"):
        inner = _tokenize(token[1:-1])
        parts = [t for item in inner for kind, t in _chain_terms(item) if kind == "term"]
        if not parts:
            raise PatternError("empty {...}")
        if any(p.kind != "seq" for p in parts):
            # a slot inside {...} is not meaningful; read the words only
            parts = [p for p in parts if p.kind == "seq"]
        if len(parts) == 1:
            return parts[0]
        return Term("phrase", (), tuple(parts))
    # (PREP ...)
    inner = _tokenize(token[1:-1])
    if not inner:
        raise PatternError("empty (...)")
    prep = inner[0]
    if prep.startswith(("(", "{")) or prep in SLOT_KINDS or prep.startswith("&"):
        raise PatternError(f"prepositional phrase without a preposition: {token}")
    alternatives = tuple(_atom(a) for a in prep.split("/") if a)
    objects = _terms(inner[1:])
    return Term("prep", alternatives, tuple(objects))


def _terms(tokens: list[str]) -> list[Term]:
    """Terms of one side of the verb (no '*' among the tokens)."""
    out: list[Term] = []
    for token in tokens:
        if token.startswith(("(", "{")):
            out.append(_group_terms(token))
            continue
        for kind, term in _chain_terms(token):
            if kind == "verb":
                raise PatternError("more than one verb mark '*'")
            out.append(term)
    return out


def _is_bare_prep(term: Term) -> bool:
    return term.kind == "seq" and len(term.atoms) == 1 and term.atoms[0] in PREPOSITIONS


def _absorb_bare_prepositions(terms: list[Term]) -> list[Term]:
    """Legacy style: `ON + TO RESIGN` -> (ON +) (TO RESIGN); `+ WITH` at the end -> (WITH +)."""
    out: list[Term] = []
    i = 0
    while i < len(terms):
        term = terms[i]
        if _is_bare_prep(term):
            j = i + 1
            objects: list[Term] = []
            while j < len(terms) and not _is_bare_prep(terms[j]) and terms[j].kind != "prep":
                objects.append(terms[j])
                j += 1
            prep = Term("prep", term.atoms, tuple(objects), adjacent=term.adjacent)
            # `+ WITH` with nothing after the preposition: the slot is what the preposition governs
            if not objects and out and out[-1].kind in ("source", "target") and j == len(terms):
                slot = out.pop()
                prep = Term("prep", term.atoms, (slot,), adjacent=slot.adjacent)
            out.append(prep)
            i = j
            continue
        if term.kind == "prep" and not term.parts and i + 1 < len(terms):
            # `(AGAINST) +`: an empty preposition followed by a slot governs that slot
            nxt = terms[i + 1]
            if nxt.kind in ("source", "target", "skip"):
                out.append(Term("prep", term.atoms, (nxt,), adjacent=term.adjacent))
                i += 2
                continue
        out.append(term)
        i += 1
    return out


def parse_pattern(line: str, block: str, default: Code | None = None, source: str = "") -> VerbPattern:
    """One `- ... * ... [CODE]` line."""
    text = line.strip()
    body = _strip_comment(text)
    if not body.startswith("-"):
        raise PatternError("a pattern starts with '-'")
    body = body[1:]
    match = _CODE_AT_END.search(body)
    if match:
        code = Code.parse(match.group(1))
        body = body[: match.start()]
    elif default is not None:
        code = default
    else:
        raise PatternError("no [code]")
    # "*SCEPTICAL" (a missing blank after the verb mark) reads as "* SCEPTICAL"
    body = re.sub(r"(?<![\w*])\*(?=[A-Za-z&({$+%^])", "* ", body)
    tokens = _tokenize(body)
    before: list[Term] = []
    after: list[Term] = []
    side = before
    seen_verb = False
    for token in tokens:
        if token.startswith(("(", "{")):
            side.append(_group_terms(token))
            continue
        for kind, term in _chain_terms(token):
            if kind == "verb":
                if seen_verb:
                    raise PatternError("more than one verb mark '*'")
                seen_verb = True
                # words glued to the verb on its left are adjacent to it
                side = after
                continue
            side.append(term)
    if not seen_verb:
        raise PatternError("no verb mark '*'")
    # `IN_*`: the last word before the verb touches it; `*_OUT`: the first word after does
    before_adjacent = bool(re.search(r"_\*", body))
    after_terms = _absorb_bare_prepositions(after)
    before_terms = _absorb_bare_prepositions(before)
    if after_terms and re.search(r"\*_", body):
        first = after_terms[0]
        after_terms[0] = Term(first.kind, first.atoms, first.parts, adjacent=True)
    cleaned = " ".join(text.split())
    return VerbPattern(
        block, tuple(before_terms), tuple(after_terms), code, cleaned, source, before_adjacent
    )


# ---------------------------------------------------------------------------- verbs


def _regular_forms(word: str) -> list[str]:
    """PETRARCH's regular forms of a verb: -s/-es/-ies, -ed/-d, -ing."""
    forms = []
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms.append(word + "es")
    elif word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        forms.append(word[:-1] + "ies")
    else:
        forms.append(word + "s")
    if word.endswith("e"):
        forms.append(word + "d")
    elif word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        forms.append(word[:-1] + "ied")
    else:
        forms.append(word + "ed")
    if word.endswith("e") and len(word) > 2 and word[-2] not in "aeiou":
        forms.append(word[:-1] + "ing")
    else:
        forms.append(word + "ing")
    return forms


def _split_compound(text: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    words = [w for w in text.split("_") if w]
    marked = [k for k, w in enumerate(words) if w.startswith("+")]
    k = marked[0] if marked else 0
    words = [w.lstrip("+").lower() for w in words]
    return tuple(words[:k]), words[k], tuple(words[k + 1 :])


def parse_verb_line(line: str, block: str, block_code: Code, source: str = "") -> Verb:
    body = _strip_comment(line).strip()
    code = block_code
    match = _CODE_AT_END.search(body)
    if match:
        code = Code.parse(match.group(1))
        body = body[: match.start()].strip()
    forms_text = ""
    if "{" in body:
        head, _, rest = body.partition("{")
        forms_text = rest.partition("}")[0]
        body = head.strip()
    words = body.split()
    if not words:
        raise PatternError("empty verb line")
    if len(words) > 1:
        # PETRARCH 1 dictionaries write some multi-word verbs with blanks ("LASH OUT")
        if any(not re.fullmatch(r"\+?[A-Za-z'\-]+", w) for w in words):
            raise PatternError("a verb is one word or an underscore-joined phrase")
        words = ["_".join(words)]
    before, word, after = _split_compound(words[0])
    if not re.fullmatch(r"[a-z][a-z'\-]*", word):
        raise PatternError(f"not a verb: {word!r}")
    if "{" in line:
        forms = [_split_compound(f)[1] for f in forms_text.split()]
    else:
        forms = _regular_forms(word)
    forms = [f for f in dict.fromkeys(forms) if f and f != word]
    return Verb(word, block, code, before, after, tuple(forms), source)


# ---------------------------------------------------------------------------- the file


def read_verb_dictionary(
    path: str | Path, known_synsets: dict[str, tuple[tuple[str, ...], ...]] | None = None
) -> ParsedVerbDictionary:
    """Read a PETRARCH 1 or 2 verb dictionary; lines that cannot be read go to `.problems`.

    `known_synsets` are synsets defined elsewhere (the dictionary this one extends) that the
    file's patterns may use without defining them.
    """
    path = Path(path)
    result = ParsedVerbDictionary()
    raw_synsets: dict[str, list[tuple[str, bool]]] = {}
    current_synset: str | None = None
    block = ""
    block_code = Code(None, None, null=True)
    pending: list[tuple[str, str, Code, str]] = []  # patterns, parsed once synsets are known

    for number, raw in _read_lines(path):
        where = f"{path.name}:{number}"
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("---"):
            current_synset = None
            inner = stripped.strip("-").strip()
            codes = re.findall(r"\[([^\]]*)\]", inner)
            name = re.sub(r"\[[^\]]*\]", " ", inner).split()
            block = name[0].rstrip("_") if name else f"BLOCK{number}"
            block_code = Code.parse(codes[0]) if codes else Code(None, None, null=True)
            result.block_codes[block] = block_code
            result.block_count += 1
            continue
        if stripped.startswith("&"):
            label = _strip_comment(stripped).split()[0]
            current_synset = label
            raw_synsets.setdefault(label, [])
            continue
        # '+' opens a synset member while a synset is open, else a multi-word verb (+CARRY_OUT):
        # a block header closes the synset, a synset label opens one.
        if stripped.startswith("+") and current_synset is not None:
            member = _strip_comment(stripped)[1:].strip()
            if member:
                raw_synsets[current_synset].append((member, member.endswith("_")))
            continue
        if stripped.startswith("~"):
            result.transformations.append(_strip_comment(stripped).strip())
            continue
        if stripped.startswith("-"):
            if not block:
                result.problems.append(f"{where}: pattern outside a verb block")
                continue
            pending.append((stripped, block, block_code, where))
            continue
        if stripped.startswith("<"):
            continue
        if not block:
            result.problems.append(f"{where}: line outside a verb block or synset")
            continue
        current_synset = None
        try:
            result.verbs.append(parse_verb_line(stripped, block, block_code, where))
        except PatternError as exc:
            result.problems.append(f"{where}: {exc}")

    result.synsets = _expand_synsets(raw_synsets)
    known = set(result.synsets) | set(known_synsets or ())
    for text, blk, code, where in pending:
        try:
            pattern = parse_pattern(text, blk, code, where)
        except PatternError as exc:
            result.problems.append(f"{where}: {exc}: {text.strip()}")
            continue
        missing = _undefined_synsets(pattern, known)
        if missing:
            # PETRARCH ignores a pattern that names an undefined synset; so do we, and say so
            result.problems.append(f"{where}: undefined synset {', '.join(sorted(missing))}")
            continue
        result.patterns.append(pattern)
    return result


def _expand_synsets(raw: dict[str, list[tuple[str, bool]]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Members as word tuples (synset references kept as '&name' atoms), plurals added."""
    out: dict[str, tuple[tuple[str, ...], ...]] = {}
    for label, members in raw.items():
        name = label.lower().rstrip("_")
        no_plural = label.endswith("_")
        seen: dict[tuple[str, ...], None] = {}
        for member, member_no_plural in members:
            words = tuple(
                _atom(w) if w.startswith("&") else w for w in _member_words(member)
            )
            if not words:
                continue
            seen[words] = None
            if not (no_plural or member_no_plural) and not words[-1].startswith("&"):
                p = plural(words[-1])
                if p:
                    seen[words[:-1] + (p,)] = None
        out[name] = tuple(seen)
    return out


def _undefined_synsets(pattern: VerbPattern, known: set[str]) -> set[str]:
    missing: set[str] = set()

    def visit(term: Term) -> None:
        for atom in term.atoms:
            if atom.startswith("&") and atom not in known:
                missing.add(atom)
        for part in term.parts:
            visit(part)

    for term in pattern.before + pattern.after:
        visit(term)
    return missing


# ---------------------------------------------------------------------------- discards


@dataclass(frozen=True)
class Discard:
    """A phrase that makes a sentence (or, with `story`, the whole story) not be coded."""

    phrase: str  # lowercase, words separated by single blanks
    story: bool = False
    whole_word: bool = False  # the phrase ends with '_' in the file: no stem match

    def body(self) -> str:
        """The expression for the phrase, to be used at the start of a word."""
        words = [re.escape(w) for w in self.phrase.split()]
        return r"\s+".join(words) + (r"(?!\w)" if self.whole_word else "")

    def pattern(self) -> re.Pattern[str]:
        return re.compile(r"(?<!\w)" + self.body(), re.IGNORECASE)


def read_discards(path: str | Path) -> list[Discard]:
    """Read a PETRARCH discard list: one phrase a line, '+' for story level, '#' comments."""
    path = Path(path)
    out: list[Discard] = []
    for _, raw in _read_lines(path):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.split("#", 1)[0].split(";", 1)[0].strip()
        if not line:
            continue
        story = line.startswith("+")
        if story:
            line = line[1:].strip()
        whole = line.endswith("_")
        phrase = " ".join(line.rstrip("_").replace("_", " ").lower().split())
        if phrase:
            out.append(Discard(phrase, story=story, whole_word=whole))
    return out


def find_discard(text: str, discards: list[Discard]) -> Discard | None:
    """The first discard phrase found in `text` (story-level ones first), or None."""
    return DiscardList(discards).find(text)


_WORD_START = re.compile(r"(?<!\w)\w")


class DiscardList:
    """Discard phrases indexed by their first letters, so a sentence is checked in one pass."""

    def __init__(self, discards: list[Discard] | tuple[Discard, ...] = ()):
        # story-level phrases first, then longer before shorter, so the most telling one is named
        self.discards = tuple(
            sorted(dict.fromkeys(discards), key=lambda d: (not d.story, -len(d.phrase)))
        )
        self._patterns = [d.pattern() for d in self.discards]
        self._by_prefix: dict[str, list[int]] = {}
        for rank, discard in enumerate(self.discards):
            self._by_prefix.setdefault(discard.phrase[:2], []).append(rank)

    @classmethod
    def from_petrarch(cls, path: str | Path) -> "DiscardList":
        return cls(read_discards(path))

    def __len__(self) -> int:
        return len(self.discards)

    def __add__(self, other: "DiscardList") -> "DiscardList":
        return DiscardList(self.discards + other.discards)

    def find(self, text: str) -> Discard | None:
        """The discard phrase `text` contains, or None."""
        lower = text.lower()
        best: int | None = None
        for word in _WORD_START.finditer(lower):
            pos = word.start()
            for key in (lower[pos : pos + 1], lower[pos : pos + 2]):
                for rank in self._by_prefix.get(key, ()):
                    if (best is None or rank < best) and self._patterns[rank].match(text, pos):
                        best = rank
        return self.discards[best] if best is not None else None

    def matches(self, text: str) -> bool:
        """True when `text` (a sentence, or a whole story for story-level phrases) is not coded."""
        return self.find(text) is not None
