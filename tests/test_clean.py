"""Cleaning: each kind of debris is removed, clean text is untouched, and offsets map back exactly.

Every example is synthetic: invented people, places and headlines in the shapes scrapers produce.
"""

from __future__ import annotations


import pytest

from dyadwire.clean import CleanText, clean

# --- clean text stays byte-identical ------------------------------------------------------------

CLEAN_TEXTS = [
    "The foreign minister of Ruritania, Clara Voss, met her Freedonian counterpart in Strelsau on "
    "Tuesday. “We will not be intimidated,” she said.\n\nTalks resume on March 3.",
    "Inflation rose to 3.5 percent in May, the U.S. Labor Department said; analysts expected 3.4%.\n"
    "Mr. O'Neill, a former McDonald's executive, told the BBC: \"It's not over.\"",
    "He paused... then went on. Later he said . . . nothing more. A .45 caliber pistol was found.",
    "The AT&T deal (worth $4bn) was approved by regulators in the 1990s – a first for the iPhone "
    "maker's rivals, DeSantis and MacArthur said. Students' unions protested; rock 'n' roll played.",
    "NO MORE WAR, read the banners outside the UN headquarters in New York (UNHQ).\n"
    "Sources said the talks would resume.",
    "Q&A: What next for the ceasefire?\nThe ceasefire — agreed on Friday — held overnight, "
    "the monitors said.\n",
    "",
    "One line without a final period",
]


@pytest.mark.parametrize("text", CLEAN_TEXTS)
def test_clean_text_is_byte_identical_with_identity_map(text):
    c = clean(text)
    assert c.text == text
    assert c.is_identity
    assert c.segments == (((0, 0, len(text)),) if text else ())
    assert all(c.to_raw(i) == i for i in range(len(text) + 1))


# --- link cards ---------------------------------------------------------------------------------

LINK_CARDS = [
    (
        "Officials asked Foreign Minister Clara VossClara VossMorning Brief: Parliament Delays Budget "
        "Vote Voss heads to Geneva amid stalled talks. Evening Brief: Port Strike Spreads | Ministers "
        "split on tariffs MORE, who chairs the council, to carry the message.",
        "Officials asked Foreign Minister Clara Voss, who chairs the council, to carry the message.",
    ),
    (
        "He met Prime Minister Tomas HaldenTomas (Tom) Halden MORE, Interior Minister Petra Lind and "
        "the army chief.",
        "He met Prime Minister Tomas Halden, Interior Minister Petra Lind and the army chief.",
    ),
    (
        "Opposition leader Ida MarenIda MarenCouncil Names New Auditor Storm closes ports in the north "
        "Court rejects appeal over 2019 vote MORE has said she would boycott the vote.",
        "Opposition leader Ida Maren has said she would boycott the vote.",
    ),
    (
        "Rep. Jon Baptiste-KellyJon Baptiste-KellyWeekly Wrap: Senate stalls MORE (D-Ore.) voted no.",
        "Rep. Jon Baptiste-Kelly (D-Ore.) voted no.",
    ),
    (
        "President BrandtErik Johan Brandt MORE said on Monday that the border would stay closed.",
        "President Brandt said on Monday that the border would stay closed.",
    ),
    (  # no MORE marker: only the glued exact repeat of the name goes
        "Mayor Lena OrtLena Ort said the curfew would end on Sunday.",
        "Mayor Lena Ort said the curfew would end on Sunday.",
    ),
]


@pytest.mark.parametrize("raw, expected", LINK_CARDS)
def test_link_cards_are_cut(raw, expected):
    c = clean(raw)
    assert c.text == expected
    assert_map_is_exact(c)


def test_two_link_cards_in_one_paragraph():
    raw = (
        "Gen. Olaf RennOlaf RennHeadline About Drills MORE and Adm. Sara QuistSara QuistBudget Row "
        "Deepens Navy chief speaks MORE met in Strelsau."
    )
    assert clean(raw).text == "Gen. Olaf Renn and Adm. Sara Quist met in Strelsau."


def test_a_marker_on_another_line_does_not_cut():
    raw = "Minister Clara VossClara VossMorning Brief: Budget row\nMORE talks are planned."
    assert "Morning Brief" in clean(raw).text


# --- stubs, stray periods, entities, spacing ----------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Troops withdrew on Friday.\n\n.Source", "Troops withdrew on Friday."),
        ("Troops withdrew on Friday.Source", "Troops withdrew on Friday."),
        ("Troops withdrew on Friday.\nSource:", "Troops withdrew on Friday."),
        ("Troops withdrew on Friday.\nSource: Example Wire, agencies", "Troops withdrew on Friday."),
        ("Troops withdrew.\nSources said the talks would resume.", "Troops withdrew.\nSources said the talks would resume."),
        ("Advertisement\nTroops withdrew on Friday.\nADVERTISEMENT\nTalks resume.", "Troops withdrew on Friday.\nTalks resume."),
    ],
)
def test_stubs(raw, expected):
    c = clean(raw)
    assert c.text == expected
    assert_map_is_exact(c)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("an official told reporters. .", "an official told reporters."),
        ("“We will respond,” the envoy said. .\nNext.", "“We will respond,” the envoy said.\nNext."),
        ("the pact, signed in Strelsau .", "the pact, signed in Strelsau."),
        ("Lucas Moreau  (), the minister , said", "Lucas Moreau, the minister, said"),
        ("in Strelsau, , Karsk and Vell", "in Strelsau, Karsk and Vell"),
        ("the council ( a body of elders ) met", "the council (a body of elders) met"),
        ("two  spaces   here", "two spaces here"),
        ("line end   \nnext", "line end\nnext"),
        ("Freedonia ’s envoy", "Freedonia’s envoy"),
    ],
)
def test_spacing(raw, expected):
    c = clean(raw)
    assert c.text == expected
    assert_map_is_exact(c)


def test_entities_and_invisible_characters():
    raw = "Tom &amp; Jerry&#39;s&nbsp;party said &quot;no&quot;.\u200b Re\u00adform &#x2014; now."
    c = clean(raw)
    assert c.text == "Tom & Jerry's party said \"no\". Reform — now."
    assert_map_is_exact(c)
    assert c.raw_span(0, 5) == (0, len("Tom &amp;"))  # "Tom &" ends after the whole entity


def test_unknown_entity_is_left_alone():
    assert clean("AT&T; and R&D;").is_identity


# --- Penn Treebank tokenisation -----------------------------------------------------------------

PTB_RAW = (
    "Strelsau -LRB- Example Wire -RRB- -- Ruritania 's army said Monday it would n't withdraw "
    "from the island , where 20 % of its troops are based . \n"
    "`` We are ready , '' a spokesman said , adding that the rebels ' positions -LSB- near Karsk -RSB- "
    "had fallen . He said : `` It cost $ 5 million ; ca n't you see ? ''"
)
PTB_CLEAN = (
    "Strelsau (Example Wire) -- Ruritania's army said Monday it wouldn't withdraw "
    "from the island, where 20% of its troops are based.\n"
    "\"We are ready,\" a spokesman said, adding that the rebels' positions [near Karsk] "
    "had fallen. He said: \"It cost $5 million; can't you see?\""
)


def test_ptb_tokenisation_is_undone():
    c = clean(PTB_RAW)
    assert c.text == PTB_CLEAN
    assert_map_is_exact(c)


def test_ptb_only_rules_need_ptb_evidence():
    # Without PTB evidence, "20 %" and quotes made of two apostrophes are left as written.
    raw = "A rise of 20 % was reported in ''Granja Nova'' village"
    assert clean(raw).text == raw


# --- the offset map -----------------------------------------------------------------------------


def assert_map_is_exact(c: CleanText) -> None:
    covered = set()
    for cs, rs, ln in c.segments:
        assert c.text[cs : cs + ln] == c.raw[rs : rs + ln]
        covered.update(range(cs, cs + ln))
    for i, ch in enumerate(c.text):
        r = c.to_raw(i)
        assert 0 <= r <= len(c.raw)
        if i in covered:
            assert c.raw[r] == ch
    # raw positions never go backwards
    positions = [c.to_raw(i) for i in range(len(c.text) + 1)]
    assert positions == sorted(positions)


def test_offset_map_on_link_card_text():
    raw = LINK_CARDS[0][0]
    c = clean(raw)
    start = c.text.index(", who chairs")
    rs, re_ = c.raw_span(start, start + len(", who chairs"))
    assert raw[rs:re_] == ", who chairs"
    name = c.text.index("Clara Voss")
    assert raw[slice(*c.raw_span(name, name + 10))] == "Clara Voss"
    assert c.to_raw(len(c.text)) == len(raw)


def test_raw_span_of_inserted_characters_covers_the_token():
    c = clean(PTB_RAW)
    start = c.text.index("(Example Wire)")
    rs, re_ = c.raw_span(start, start + len("(Example Wire)"))
    assert PTB_RAW[rs:re_] == "-LRB- Example Wire -RRB-"


def test_segments_are_compact():
    c = clean(PTB_RAW * 50)
    assert len(c.segments) < len(c.text) / 5


def test_to_raw_rejects_out_of_range():
    c = clean("abc")
    with pytest.raises(IndexError):
        c.to_raw(4)


def test_cleaning_is_idempotent():
    for raw, _ in LINK_CARDS:
        once = clean(raw).text
        assert clean(once).text == once
    once = clean(PTB_RAW).text
    assert clean(once).text == once



def test_ptb_numbers_slashes_and_clitics_after_punctuation():
    raw = "Some 10,000-12 ,000 troops -LRB- 1\\/3 of the army -RRB- met the U.S. 's envoy ."
    c = clean(raw)
    assert c.text == "Some 10,000-12,000 troops (1/3 of the army) met the U.S.'s envoy."
    assert_map_is_exact(c)


@pytest.mark.parametrize("text", ["Fans of JoJo cheered.", "Reporters met BoBo in Karsk.", "A McDonald spokesman and LeBron spoke."])
def test_glued_capitals_that_are_real_names_stay(text):
    assert clean(text).is_identity


def test_link_card_with_accented_names():
    raw = "Ministra Élodie ÁlvarezÉlodie M. ÁlvarezNoticias: Cumbre en Lisboa MORE, de Ruritania, habló."
    assert clean(raw).text == "Ministra Élodie Álvarez, de Ruritania, habló."


def test_entities_escaped_twice():
    c = clean("Ruritania &amp;mdash; and Freedonia &amp;amp; partners")
    assert c.text == "Ruritania — and Freedonia & partners"
    assert clean(c.text).is_identity


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("&lt;noinclude&gt;Ruritania votes.", "Ruritania votes."),
        ("First line.<br/>Second line.", "First line. Second line."),
        ("Talks <!-- editor: check --> resumed.", "Talks resumed."),
        ('<p class="lead">Troops withdrew.</p>', "Troops withdrew."),
        ("a price of $ 10 billion", "a price of $10 billion"),
    ],
)
def test_leftover_markup_and_currency(raw, expected):
    c = clean(raw)
    assert c.text == expected
    assert_map_is_exact(c)


@pytest.mark.parametrize("text", ["If x < y and y > z, the vote fails.", "Scores: 3<5 and 7>2.", "He wrote <<no>>."])
def test_comparison_signs_are_not_markup(text):
    assert clean(text).is_identity


@pytest.mark.parametrize("raw, clean_text", [
    ("VALLETTA | Tue Mar 1, 2011 9:39 am EST VALLETTA (Reuters) - Malta kept the jets.",
     "Malta kept the jets."),
    ("(CNN) -- Protesters filled the square on Friday.", "Protesters filled the square on Friday."),
    ("CAIRO, Egypt (CNN) -- The army said it would not fire.", "The army said it would not fire."),
    ("WASHINGTON (AP) — The Senate passed the bill.", "The Senate passed the bill."),
    ("LONDON - Britain expelled two diplomats.", "Britain expelled two diplomats."),
    ("Thu May 5, 2011 7:02 am EDT (Adds minister's quotes) RABAT, May 5 (Reuters) - Morocco voted.",
     "Morocco voted."),
    ("A first story.\nBEIRUT (Reuters) - Lebanon's army said.", "A first story.\nLebanon's army said."),
    ("The war must stop. Jane Doe Leeds • Turkey said it would invade.",
     "The war must stop. Turkey said it would invade."),
])
def test_datelines_and_letter_signatures_are_removed(raw, clean_text):
    c = clean(raw)
    assert c.text == clean_text
    assert c.raw_span(0, len(c.text))[1] == len(raw)


@pytest.mark.parametrize("text", [
    "NATO - the alliance - met in Brussels.",
    "The US and the UK - together with France - condemned the attack.",
    "US-Iran talks resumed on Monday.",
    "He said: - We will not yield.",
    "Officials said (Reuters) - were wrong to publish it.",
])
def test_dashes_in_sentences_are_no_datelines(text):
    assert clean(text).text == text
