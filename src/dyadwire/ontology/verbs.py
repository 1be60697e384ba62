"""The verb-pattern dictionary and its matcher on spaCy dependency parses.

`VerbDictionary.builtin()` is the CAMEO 2.0 verb dictionary of PETRARCH2/Phoenix plus dyadwire's
additions (`data/extra_verbs.txt`), compiled by `tools/build_ontology.py`. A user's own PETRARCH
dictionary is read with `VerbDictionary.from_petrarch(path)` and combined with `extend`.

How a verb is matched (`VerbDictionary.match(token)`):

1. The verb is looked up by its spaCy lemma and its text (lowercased). A multi-word verb
   ("carry out", "meet with", "call off") matches when its other words are children of the verb
   to its right (particles, prepositions, objects) or the words just before it; the hyphenated
   form is one token ("re-arrest"). As in PETRARCH, multi-word verbs are preferred to their single
   head word.
2. Each pattern of the verb's block is matched on two stretches of the verb's clause: the words
   before the verb and the words after it. A clause is the verb's dependency subtree without
   conjoined verbs, adverbial and relative clauses and parentheticals (an xcomp or conjoined verb
   without its own subject borrows the stretch before its head: "agreed to hold talks").
   A complement clause with its own subject is a clause of its own too ("said it would rejoin
   the deal": the deal is not said). Terms are matched in sentence order with gaps allowed, except where `_` asks for adjacency:
   a word matches a token's text or lemma; a synset any of its members; `{A B C}` a token C with
   A and B in its subtree before it; `(P X)` a preposition P with X in its subtree (or, when P
   governs nothing in the parse, after it); `$`/`+` a noun-phrase head, which becomes the match's
   source/target; `%` a noun-phrase head with a conjoined noun phrase; `^` any noun-phrase head.
3. Matches are ordered by specificity (two points per literal word, synset or preposition, one per
   actor slot), then by dictionary order, most specific first. A pattern coded `---` that matches
   hides everything less specific than itself (PETRARCH's way of saying "this is not an event").

Voice. A code `[A:P]` gives A when the verb's grammatical subject is the doer and P when it
undergoes the event ("X faced criticism" `[:111]`: X is criticised). `VerbMatch.passive` is True
when the subject is the one the event is done to: the verb is in the passive voice, or only the
P half of the code applies. The extractor then takes the target from the subject and the source
from the `agent` phrase ("by Y"), unless the pattern's `$`/`+` slots already say who is who.
"""

from __future__ import annotations

import functools
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from dyadwire.ontology.petrarch import (
    Code,
    Term,
    Verb,
    VerbPattern,
    read_verb_dictionary,
)

if TYPE_CHECKING:  # spaCy is only needed to match, not to read dictionaries
    from spacy.tokens import Doc, Token

BUILTIN_FILE = "verbs.json.gz"
FORMAT_VERSION = 1

# Subtrees that belong to another clause, not to the verb's own.
_CLAUSE_BARRIERS = frozenset({"advcl", "relcl", "parataxis", "punct"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
_NOT_HEADS = frozenset({"compound", "amod", "poss", "det", "nummod", "quantmod", "case", "nmod"})
_MAX_SYNSET_DEPTH = 4
_BARE_VERB_ORDER = 1 << 30  # sorts a bare verb after every pattern of the same specificity


@dataclass(frozen=True)
class VerbMatch:
    """One dictionary pattern (or the bare verb) matching a verb in a parse."""

    code: str  # CAMEO code
    pattern: str  # the pattern as written, or "VERB [code]" for a bare verb, for provenance
    specificity: int
    source: Token | None = None  # filled from a `$` slot
    target: Token | None = None  # filled from a `+` slot
    passive: bool = False  # the grammatical subject is the one the event is done to
    verb: str = ""  # the dictionary verb that matched ("carry out")
    block: str = ""  # the verb block ("PERPETUATE")
    where: str = ""  # "file:line" of the pattern
    tokens: tuple = ()  # the tokens that matched the pattern's words, in sentence order
    compound: bool = False  # a `%` slot matched: source and target are two conjoined actors


@dataclass
class VerbDictionary:
    """Verbs, their blocks' patterns and the synsets the patterns use."""

    verbs: list[Verb] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)
    synsets: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    transformations: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "file:line: why" for lines not read

    def __post_init__(self) -> None:
        self._reindex()

    def __repr__(self) -> str:
        return (
            f"VerbDictionary({len(self.verbs)} verbs, {len(self.patterns)} patterns, "
            f"{len(self.synsets)} synsets)"
        )

    # ------------------------------------------------------------------ building

    @classmethod
    def from_petrarch(
        cls, path: str | Path, *, extends: "VerbDictionary | None" = None
    ) -> "VerbDictionary":
        """Read a PETRARCH 1 or 2 verb dictionary file (lines it cannot read are in `.problems`).

        `extends` names the dictionary this file adds to, whose synsets the file may use without
        defining them: `VerbDictionary.from_petrarch(p, extends=VerbDictionary.builtin())`.
        """
        parsed = read_verb_dictionary(path, extends.synsets if extends is not None else None)
        return cls(parsed.verbs, parsed.patterns, parsed.synsets, parsed.transformations,
                   list(parsed.problems))

    @classmethod
    def builtin(cls) -> "VerbDictionary":
        """The compiled CAMEO 2.0 dictionary with dyadwire's additions (cached; do not mutate)."""
        return _builtin()

    def copy(self) -> "VerbDictionary":
        return VerbDictionary(list(self.verbs), list(self.patterns), dict(self.synsets),
                              list(self.transformations), list(self.problems))

    def extend(self, other: "VerbDictionary", *, replace: bool = False) -> "VerbDictionary":
        """Add `other`'s verbs, patterns and synsets to this dictionary, in place.

        With `replace`, a verb block that `other` defines replaces this dictionary's block of the
        same name (its verbs and patterns); otherwise both are kept and `other`'s patterns are
        tried after this dictionary's when equally specific. Synsets of `other` win on a name
        clash. Returns self, so `VerbDictionary.builtin().copy().extend(mine)` reads naturally.
        """
        if replace:
            blocks = {v.block for v in other.verbs} | {p.block for p in other.patterns}
            self.verbs = [v for v in self.verbs if v.block not in blocks]
            self.patterns = [p for p in self.patterns if p.block not in blocks]
        self.verbs.extend(other.verbs)
        self.patterns.extend(other.patterns)
        self.synsets.update(other.synsets)
        self.transformations.extend(other.transformations)
        self.problems.extend(other.problems)
        self._reindex()
        return self

    def to_json(self) -> dict:
        return {
            "format": FORMAT_VERSION,
            "synsets": {k: [list(m) for m in v] for k, v in sorted(self.synsets.items())},
            "verbs": [v.to_json() for v in self.verbs],
            "patterns": [p.to_json() for p in self.patterns],
            "transformations": list(self.transformations),
        }

    @classmethod
    def from_json(cls, data: dict) -> "VerbDictionary":
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(f"verb table format {data.get('format')!r}, expected {FORMAT_VERSION}")
        return cls(
            [Verb.from_json(v) for v in data["verbs"]],
            [VerbPattern.from_json(p) for p in data["patterns"]],
            {k: tuple(tuple(m) for m in v) for k, v in data["synsets"].items()},
            list(data.get("transformations", [])),
        )

    def _reindex(self) -> None:
        self._by_key: dict[str, list[Verb]] = {}
        for verb in self.verbs:
            keys = {verb.word, *verb.forms}
            if verb.before:
                # "RE_+ARREST" is one token when the hyphen is kept: "re-arrest"
                keys |= {"-".join(verb.before + (k,)) for k in (verb.word, *verb.forms)}
            for key in keys:
                self._by_key.setdefault(key, []).append(verb)
        self._by_block: dict[str, list[tuple[int, VerbPattern]]] = {}
        for order, pattern in enumerate(self.patterns):
            self._by_block.setdefault(pattern.block, []).append((order, pattern))
        self._synset_index = {name: _SynsetIndex(members) for name, members in self.synsets.items()}
        self._required = {id(p): _required_words(p) for p in self.patterns}
        self._memo_doc: Doc | None = None
        self._memo: dict[tuple[int, bool], list[VerbMatch]] = {}

    # ------------------------------------------------------------------ questions

    @property
    def blocks(self) -> list[str]:
        return sorted({v.block for v in self.verbs} | {p.block for p in self.patterns})

    def verbs_for(self, lemma: str) -> list[Verb]:
        """The dictionary verbs whose word or a form is `lemma` (lowercase)."""
        return list(self._by_key.get(lemma.lower(), ()))

    def lemmas(self) -> set[str]:
        """Every verb phrase the dictionary knows ("meet", "meet with", "carry out")."""
        return {v.phrase for v in self.verbs}

    # ------------------------------------------------------------------ matching

    def match(self, verb: Token, *, exact: bool = False) -> list[VerbMatch]:
        """Every pattern of the dictionary that matches `verb` in its parse, best first.

        Matching reads only the parse, so the answers for the Doc at hand are kept: the event
        coder and the sentence classifier both ask about the same verbs.
        """
        if self._memo_doc is not verb.doc:
            self._memo_doc, self._memo = verb.doc, {}
        key = (verb.i, exact)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._match(verb, exact=exact)
        return list(found)

    def _match(self, verb: Token, *, exact: bool = False) -> list[VerbMatch]:
        """Every pattern of the dictionary that matches `verb` in its parse, best first.

        A pattern word matches a token's text or its lemma ("ATTACK" matches "attacks"), which
        gives back some of the recall TABARI's stems had. `exact=True` matches the text only, as
        PETRARCH does, for dictionaries that tell "EFFORT" from "EFFORTS" on purpose.
        """
        entries = self._verb_entries(verb)
        if not entries:
            return []
        ctx = _Context(verb, self, exact)
        found: list[tuple[int, int, VerbMatch]] = []  # (-specificity, order, match), null = code ""
        seen_blocks: set[str] = set()
        for verb_entry, used in entries:
            extra = len(verb_entry.before) + len(verb_entry.after)
            bare = _coded(verb_entry.code, ctx.passive_voice)
            if bare is not None or verb_entry.code.null:
                code, passive = bare if bare is not None else ("", False)
                text = f"{verb_entry.phrase.upper().replace(' ', '_')} [{verb_entry.code.text()}]"
                # after the patterns of equal specificity; a coded verb before a null one
                order = _BARE_VERB_ORDER + (1 if verb_entry.code.null else 0)
                found.append((-extra, order, VerbMatch(
                    code, text, extra, passive=passive, verb=verb_entry.phrase,
                    block=verb_entry.block, where=verb_entry.source, tokens=tuple(used))))
            if verb_entry.block in seen_blocks:
                continue
            seen_blocks.add(verb_entry.block)
            for order, pattern in self._by_block.get(verb_entry.block, ()):
                if not self._required[id(pattern)] <= ctx.words:
                    continue
                coded = _coded(pattern.code, ctx.passive_voice)
                if coded is None and not pattern.code.null:
                    continue  # the pattern does not code in this voice
                result = ctx.match_pattern(pattern, verb_entry)
                if result is None:
                    continue
                binds, tokens = result
                code, passive = coded if coded is not None else ("", False)
                spec = pattern.specificity + extra
                compound = binds.get("compound")
                found.append((-spec, order, VerbMatch(
                    code,
                    pattern.text,
                    spec,
                    source=compound[0] if compound else binds.get("source"),
                    target=compound[1] if compound else binds.get("target"),
                    passive=passive,
                    verb=verb_entry.phrase,
                    block=pattern.block,
                    where=pattern.source,
                    tokens=tuple(sorted(set(tokens) | set(used), key=lambda t: t.i)),
                    compound=compound is not None,
                )))
        found.sort(key=lambda item: (item[0], item[1]))
        out: list[VerbMatch] = []
        seen: set[tuple] = set()
        for _, _, m in found:
            if not m.code:  # a null pattern: nothing less specific is an event
                break
            key = (m.code, m.pattern, m.source, m.target)
            if key not in seen:  # the dictionary repeats some patterns verbatim
                seen.add(key)
                out.append(m)
        return out

    def _verb_entries(self, verb: Token) -> list[tuple[Verb, list]]:
        # The form as written first ("LEFT [032:033]" is a more specific entry than "LEAVE"),
        # then the lemma; a list, not a set, so the order never depends on the hash seed.
        keys = dict.fromkeys((verb.lower_, verb.lemma_.lower()))
        candidates: list[Verb] = []
        for key in keys:
            candidates.extend(self._by_key.get(key, ()))
        matched: list[tuple[Verb, list]] = []
        for entry in dict.fromkeys(candidates):  # keep order, drop duplicates
            used = _compound_words(verb, entry)
            if used is not None:
                matched.append((entry, used))
        if not matched:
            return []
        # PETRARCH tries multi-word verbs first: when one matches, its head word alone does not
        longest = max(len(e.before) + len(e.after) for e, _ in matched)
        if longest:
            matched = [(e, u) for e, u in matched if len(e.before) + len(e.after) == longest]
        return matched


def _compound_words(verb: Token, entry: Verb) -> list | None:
    """The tokens a multi-word verb's other words matched, or None when they are not there."""
    used: list = []
    text = verb.lower_
    hyphenated = "-" in text and text.split("-")[:-1] == list(entry.before)
    if entry.before and not hyphenated:
        start = verb.i - len(entry.before)
        if start < 0:
            return None
        for offset, word in enumerate(entry.before):
            tok = verb.doc[start + offset]
            if not _word_matches(tok, word):
                return None
            used.append(tok)
    cursor = verb.i
    rights = [t for t in verb.rights if t.dep_ not in ("punct", "cc", "conj")]
    for word in entry.after:
        hit = next((t for t in rights if t.i > cursor and _word_matches(t, word)), None)
        if hit is None:
            # "carry out" with the particle spaCy attached elsewhere: accept the next token
            nxt = verb.doc[cursor + 1] if cursor + 1 < len(verb.doc) else None
            if nxt is None or not _word_matches(nxt, word):
                return None
            hit = nxt
        used.append(hit)
        cursor = hit.i
    return used


def _coded(code: Code, passive_voice: bool) -> tuple[str, bool] | None:
    """(code, subject-undergoes) for a verb in the given voice, None if it does not code."""
    if code.null:
        return None
    if code.active:
        return code.active, passive_voice
    if code.passive:
        return code.passive, True
    return None


def _word_matches(token: Token, word: str) -> bool:
    return word == token.lower_ or word == token.lemma_.lower()


def _required_words(pattern: VerbPattern) -> frozenset[str]:
    """Literal words every match of the pattern needs (for a quick rejection)."""
    words: set[str] = set()

    def visit(term: Term) -> None:
        if term.kind == "seq":
            words.update(a for a in term.atoms if not a.startswith("&"))
        elif term.kind == "phrase":
            for part in term.parts:
                visit(part)
        elif term.kind == "prep":
            if len(term.atoms) == 1:
                words.add(term.atoms[0])
            for part in term.parts:
                visit(part)

    for term in pattern.before + pattern.after:
        visit(term)
    return frozenset(words)


class _SynsetIndex:
    """A synset's members indexed by their first word; members that are synsets kept apart."""

    def __init__(self, members: tuple[tuple[str, ...], ...]):
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        self.nested: list[tuple[str, ...]] = []
        for member in members:
            if member[0].startswith("&"):
                self.nested.append(member)
            else:
                self.by_first.setdefault(member[0], []).append(member)

    def candidates(self, token: Token) -> list[tuple[str, ...]]:
        out = list(self.by_first.get(token.lower_, ()))
        lemma = token.lemma_.lower()
        if lemma != token.lower_:
            out.extend(self.by_first.get(lemma, ()))
        return out + self.nested


class _Context:
    """One verb in one parse: its clause stretches and the machinery to match terms on them."""

    def __init__(self, verb: Token, dictionary: VerbDictionary, exact: bool = False):
        self.verb = verb
        self.exact = exact
        self.doc = verb.doc
        self.synsets = dictionary._synset_index
        clause = _clause_tokens(verb)
        self.after = [t for t in clause if t.i > verb.i]
        before = [t for t in clause if t.i < verb.i]
        if verb.dep_ in ("xcomp", "conj") and not any(
            c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children
        ):
            head_clause = _clause_tokens(verb.head, skip=verb)
            before = sorted({*before, *(t for t in head_clause if t.i < verb.i)}, key=lambda t: t.i)
        self.before = before
        self.words = {t.lower_ for t in clause} | {t.lemma_.lower() for t in clause}
        self.words |= {t.lower_ for t in before} | {t.lemma_.lower() for t in before}
        self.passive_voice = any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children)

    # -------------------------------------------------------------- patterns

    def match_pattern(self, pattern: VerbPattern, entry: Verb) -> tuple[dict, list] | None:
        after_start_i = self.verb.i
        before_end_i = self.verb.i - (0 if "-" in self.verb.lower_ else len(entry.before))
        for binds_a, toks_a in self._match_seq(pattern.after, self.after, 0, after_start_i, {}):
            if not pattern.before:
                return binds_a, toks_a
            for binds_b, toks_b in self._match_seq(pattern.before, self.before, 0, None, binds_a):
                if pattern.before_adjacent:
                    last = max((t.i for t in toks_b), default=None)
                    if last is None or last != before_end_i - 1:
                        continue
                return binds_b, toks_a + toks_b
        return None

    def _match_seq(
        self, terms: tuple[Term, ...], region: list, pos: int, prev_i: int | None, binds: dict
    ) -> Iterator[tuple[dict, list]]:
        """Match `terms` in order on region[pos:], yielding (bindings, tokens) for each way."""
        if not terms:
            yield binds, []
            return
        term, rest = terms[0], terms[1:]
        for next_pos, last_i, new_binds, toks in self._match_term(term, region, pos, prev_i, binds):
            for final_binds, more in self._match_seq(rest, region, next_pos, last_i, new_binds):
                yield final_binds, toks + more

    def _starts(self, term: Term, region: list, pos: int, prev_i: int | None) -> range | list:
        if term.adjacent and prev_i is not None:
            return [k for k in range(pos, len(region)) if region[k].i == prev_i + 1][:1]
        return range(pos, len(region))

    def _match_term(self, term: Term, region: list, pos: int, prev_i: int | None, binds: dict):
        """Yield (next_pos, last_doc_index, bindings, tokens) for each way `term` matches."""
        index = {t.i: k for k, t in enumerate(region)}
        kind = term.kind
        if kind == "seq":
            for k in self._starts(term, region, pos, prev_i):
                start = region[k].i
                for end in self._atoms(start, term.atoms, 0):
                    toks = [self.doc[i] for i in range(start, end)]
                    if all(t.i in index for t in toks):
                        yield index[end - 1] + 1, end - 1, binds, toks
        elif kind == "phrase":
            *mods, head = term.parts
            for k in self._starts(term, region, pos, prev_i):
                start = region[k].i
                for end in self._atoms(start, head.atoms, 0):
                    head_tok = self.doc[end - 1]
                    scope = [t for t in head_tok.subtree if t.i < start]
                    if not mods:
                        yield index[end - 1] + 1, end - 1, binds, [self.doc[i] for i in range(start, end)]
                        continue
                    for mb, mtoks in self._match_seq(tuple(mods), scope, 0, None, binds):
                        toks = mtoks + [self.doc[i] for i in range(start, end)]
                        if end - 1 in index:
                            yield index[end - 1] + 1, end - 1, mb, toks
        elif kind == "prep":
            for k in self._starts(term, region, pos, prev_i):
                prep = region[k]
                if prep.lower_ not in term.atoms:
                    continue
                if not term.parts:
                    yield k + 1, prep.i, binds, [prep]
                    continue
                governed = [t for t in prep.subtree if t.i > prep.i and t.i in index]
                scope = governed if governed else region[k + 1 :]
                for pb, ptoks in self._match_seq(term.parts, scope, 0, None, binds):
                    last = max((t.i for t in ptoks), default=prep.i)
                    if last in index:
                        yield index[last] + 1, last, pb, [prep] + ptoks
        else:  # actor slots
            for k in self._starts(term, region, pos, prev_i):
                tok = region[k]
                if not _is_np_head(tok):
                    continue
                if kind == "compound":
                    other = next((c for c in tok.children if c.dep_ == "conj" and _is_np_head(c)), None)
                    if other is None:
                        continue
                    yield k + 1, tok.i, {**binds, "compound": (tok, other)}, [tok, other]
                elif kind in ("source", "target"):
                    if kind in binds:
                        continue
                    yield k + 1, tok.i, {**binds, kind: tok}, [tok]
                else:
                    yield k + 1, tok.i, binds, [tok]

    def _atoms(self, i: int, atoms: tuple[str, ...], depth: int) -> list[int]:
        """End indices (exclusive) of the ways `atoms` match consecutive tokens from doc[i]."""
        if not atoms:
            return [i]
        if i >= len(self.doc):
            return []
        atom, rest = atoms[0], atoms[1:]
        ends: list[int] = []
        if atom.startswith("&"):
            synset = self.synsets.get(atom)
            if synset is None or depth > _MAX_SYNSET_DEPTH:
                return []
            for member in synset.candidates(self.doc[i]):
                for mid in self._atoms(i, member, depth + 1):
                    ends.extend(self._atoms(mid, rest, depth))
        elif atom == self.doc[i].lower_ or (not self.exact and _word_matches(self.doc[i], atom)):
            ends.extend(self._atoms(i + 1, rest, depth))
        return sorted(set(ends))


def _is_np_head(token: Token) -> bool:
    return token.pos_ in _NOMINAL_POS and token.dep_ not in _NOT_HEADS


def _clause_tokens(verb: Token, skip: Token | None = None) -> list:
    """The verb's subtree without other clauses (see _CLAUSE_BARRIERS and conjoined verbs)."""
    out = []
    stack = [c for c in verb.children if skip is None or c.i != skip.i]
    while stack:
        tok = stack.pop()
        if tok.dep_ in _CLAUSE_BARRIERS:
            continue
        if tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX"):
            continue
        if tok.dep_ == "ccomp" and any(c.dep_ in _SUBJECTS for c in tok.children):
            continue  # "said it would rejoin the deal": the deal belongs to "rejoin", not "said"
        out.append(tok)
        stack.extend(tok.children)
    return sorted(out, key=lambda t: t.i)


@functools.lru_cache(maxsize=1)
def _builtin() -> VerbDictionary:
    raw = resources.files("dyadwire.ontology").joinpath("data", BUILTIN_FILE).read_bytes()
    return VerbDictionary.from_json(json.loads(gzip.decompress(raw)))
