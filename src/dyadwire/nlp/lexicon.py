"""The word lists dyadwire's rules share, defined once, each with the reason it exists.

Components import from here rather than keeping their own lists, so that "will" means the same
thing to the event coder and to the dater. Lists that belong to one rule alone (a verb class of
the event coder, the CAMEO tables) stay with that rule.
"""

from __future__ import annotations

# Verbs that report speech or writing: their complement is what someone said, so a date or an
# event there belongs to the report ("He said on Monday that talks had failed").
REPORTING_VERBS = frozenset({
    "say", "tell", "state", "announce", "add", "claim", "report", "note", "declare", "insist",
    "write", "warn", "confirm", "explain", "argue", "quote", "indicate",
})
# Verbs of belief: their complement is an opinion, never an act of the believer.
BELIEF_VERBS = frozenset({"believe", "think"})

# Verbs whose grammatical subject undergoes what happened: "a soldier died in a blast" says that
# the soldier was the victim, not the doer (like a passive without "by ...").
UNDERGOING_VERBS = frozenset({"die", "perish", "drown", "succumb"})

# Auxiliaries of the future ("wo" is the first half of "won't").
FUTURE_AUX = frozenset({"will", "shall", "'ll", "’ll", "wo"})
# Auxiliaries of what might be: "would meet", "could strike".
HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should"})
# Words before a clause that make it a condition.
CONDITIONAL_MARKS = frozenset({"if", "unless", "provided", "providing", "whether"})
# Modifiers of an event noun that put it ahead of the report: "the upcoming visit".
FUTURE_MODIFIERS = frozenset({
    "upcoming", "planned", "scheduled", "forthcoming", "proposed", "expected", "coming", "future",
    "next", "impending", "slated", "due",
})
# Verbs whose complement is the subject's own plan: "plans to visit" is a planned visit.
INTENT_VERBS = frozenset({
    "plan", "intend", "schedule", "slate", "set", "prepare", "aim", "seek", "want", "hope",
    "decide", "vow", "pledge", "promise", "agree", "offer",
})
# Verbs whose complement is predicted, not planned: "is expected to sign", "likely to meet".
EXPECT_VERBS = frozenset({"expect", "likely", "due", "poise"})
# Verbs of asking others to act: what they ask for ("urged Iran to return", "called for Russia
# to withdraw", "demanded that Israel halt") has not happened; the asking is the event.
REQUEST_VERBS = frozenset({
    "urge", "ask", "call", "appeal", "press", "demand", "request", "implore", "beg", "encourage",
    "pressure", "exhort", "petition",
})
# Verbs whose infinitive complement lies after them in time, whoever's plan it is: the intent
# verbs, predictions, and asking others to act ("urged Iran to return" is ahead of the urging).
AHEAD_VERBS = INTENT_VERBS | EXPECT_VERBS | frozenset({
    "threaten", "go", "be", "invite", "ask", "urge", "propose", "consider",
})
# Past participles that schedule what they modify: "a visit slated for next week".
SCHEDULING_VERBS = frozenset({"slate", "schedule", "set", "due", "plan", "expect"})

# People's titles.
# Military ranks: a rank alone says the person is military, not which office they hold.
RANKS = frozenset({
    "general", "gen", "lieutenant", "lt", "colonel", "col", "major", "maj", "brigadier", "brig",
    "admiral", "adm", "captain", "capt", "commander", "cmdr", "sergeant", "sgt", "marshal",
    "lt-gen", "maj-gen", "brig-gen", "lieutenant-general", "major-general", "brigadier-general",
    "lieutenant-colonel",
})
# Abbreviated ranks, as the full word ("Lt. Gen." is "lieutenant general").
RANK_ABBREVIATIONS = {"gen": "general", "lt": "lieutenant", "col": "colonel", "maj": "major",
                      "adm": "admiral", "brig": "brigadier", "capt": "captain"}
# Forms of address: part of no name and of no office.
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "dame", "prof"})
# Abbreviated titles before a name. spaCy's English exceptions lack most military ranks, so
# "Lt." splits into "Lt" "." and the period then ends a sentence in the middle of a name.
TITLE_ABBREVIATIONS = (
    "Lt.", "Gen.", "Col.", "Maj.", "Brig.", "Sgt.", "Adm.", "Capt.", "Cpl.", "Pvt.", "Cmdr.",
    "Cdr.", "Lt.Gen.", "Gov.", "Sen.", "Rep.", "Amb.", "Supt.", "Insp.", "Prof.", "Rev.", "Hon.",
    "Pres.", "Sec.", "Messrs.", "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Fr.", "Sr.", "Jr.",
)
# Nouns that name a person by office ("the premier", "the envoy"): a description to resolve.
ROLE_NOUNS = frozenset({
    "premier", "minister", "president", "president-elect", "chancellor", "general", "chief",
    "commander", "secretary", "spokesman", "spokeswoman", "official", "ambassador", "envoy",
    "king", "prince", "chairman", "admiral", "colonel", "diplomat", "adviser", "advisor",
    "leader", "prime", "emir", "monarch", "sheikh",
})
