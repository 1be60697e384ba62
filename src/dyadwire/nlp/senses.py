"""Sentences that read like political events but report a game: sports results.

"France beat England in the Six Nations match" has a country as subject and object and a verb
the CAMEO dictionary codes as a fight; news feeds are full of such sentences and event systems
famously count them as wars. A sentence is a sports result when it names the contest with a
word that means a game (match, final, tournament, league...) and either gives a score ("2-1")
or says who won or lost. Election results are not caught: "won the vote 54-46" names no game.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

# Nouns that name a sporting contest or its parts, and rarely anything else in news.
GAME_NOUNS = frozenset({
    "match", "game", "final", "semi-final", "semifinal", "quarter-final", "quarterfinal",
    "tournament", "championship", "league", "cup", "fixture", "derby", "playoff", "play-off",
    "innings", "wicket", "striker", "midfielder", "goalkeeper", "kickoff", "half-time", "halftime",
    "shootout", "olympics", "medal", "stadium",
})
# Verbs that say who won a contest ("lose", "draw" and "tie" say much else in news).
RESULT_LEMMAS = frozenset({
    "beat", "defeat", "win", "edge", "rout", "thrash", "trounce", "outplay", "crush", "eliminate",
    "clinch", "concede",
})
_SCORE = re.compile(r"^\d{1,3}[-–]\d{1,3}$")


def sports_result(sent: Span) -> bool:
    """True when the sentence reports a game (see the module docstring)."""
    if not any(t.pos_ in ("NOUN", "PROPN") and (t.lemma_.lower() in GAME_NOUNS or t.lower_ in GAME_NOUNS)
               for t in sent):
        return False
    if any(t.pos_ == "VERB" and t.lemma_.lower() in RESULT_LEMMAS for t in sent):
        return True
    return any(_SCORE.match(t.text) for t in sent) or any(
        a.is_digit and b.text in ("-", "–") and c.is_digit and len(a) <= 3 and len(c) <= 3
        for a, b, c in zip(sent, sent[1:], sent[2:]))  # a score written "2 - 1" or split so
