"""Whether a phrase (a time, a place) belongs to an event's trigger, read off the parse: the one
scorer `dyadwire_when` and `dyadwire_where` share.

Both ask the same question of a phrase hanging from word `gov`: is `gov` the trigger, a clause
above the trigger (then the phrase holds for the trigger unless a clause that only describes a
noun lies between), or below it? What each does with a phrase below the trigger differs and
stays with it: a time under the trigger usually dates that lower clause ("agreed to meet on
Friday"), a place usually still places the trigger ("airstrikes that hit targets in Syria").
"""

from __future__ import annotations

from spacy.tokens import Token

# A clause that describes a noun ("the man who met X in Cairo"): its time and place are its own.
SUBORDINATE_DEPS = frozenset({"relcl", "acl"})
# Dependencies that open a clause of its own below a word.
CLAUSE_DEPS = frozenset({"relcl", "acl", "ccomp", "xcomp", "advcl", "csubj", "parataxis", "pcomp"})
# Scores: the phrase is attached to the trigger itself; one step further up costs a point.
ON_TRIGGER = 100
FROM_ABOVE = 60


def is_ancestor(a: Token, b: Token) -> bool:
    """`a` is above `b` in the parse."""
    return any(x.i == a.i for x in b.ancestors)


def path_up(trigger: Token, ancestor: Token) -> list[Token]:
    """The tokens from the trigger up to `ancestor` (the trigger included, the ancestor not)."""
    path = []
    x = trigger
    while x.i != ancestor.i and x.head.i != x.i:
        path.append(x)
        x = x.head
    return path


def from_above(trigger: Token, ancestor: Token, blocking=SUBORDINATE_DEPS) -> int | None:
    """The score of a phrase attached to a clause above the trigger: `FROM_ABOVE` less one per
    step, None when the way up leaves through one of the `blocking` dependencies."""
    path = path_up(trigger, ancestor)
    if any(t.dep_ in blocking for t in path):
        return None
    return FROM_ABOVE - len(path)
