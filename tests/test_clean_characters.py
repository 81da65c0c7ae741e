"""newslens.clean.characters and quote_spacing: damaged characters -> repaired text, and
free-standing quote marks glued or dropped."""
from __future__ import annotations

import pytest

from newslens.clean import DEFAULT_RULES, clean_document, clean_text


@pytest.mark.parametrize("damaged, expected", [
    ("& # 39;Idlib& # 39;", "'Idlib'"),            # spaces inside a numeric entity
    ("& # 039;Idlib& # 039;", "'Idlib'"),          # zero-padded
    ("& #39 ;Idlib& #39 ;", "'Idlib'"),            # space before the semicolon
    ("&amp;#39;Idlib&amp;#39;", "'Idlib'"),        # double-escaped
    ("&amp;amp;#39;Idlib&amp;amp;#39;", "'Idlib'"),  # triple-escaped
    ("& quot;Idlib& quot;", '"Idlib"'),            # spaced named entity
    ("& # x27;Idlib& # x27;", "'Idlib'"),          # spaced hex entity
    ("&#X27;Idlib&#x27;", "'Idlib'"),              # upper-case X
    ("&#39Idlib", "'Idlib"),                       # no semicolon, unspaced
    ("Tom &amp; Jerry", "Tom & Jerry"),
    ("&lt;3 &gt; 2", "<3 > 2"),
    ("&#8220;Idlib&#8221;", '"Idlib"'),            # curly quotes by number, then normalised
])
def test_entities_repaired(damaged, expected):
    rules = [r for r in DEFAULT_RULES if r.name in ("html_entities", "quote_marks")]
    assert clean_text(damaged, rules=rules) == expected


@pytest.mark.parametrize("text", [
    "AT&T; Verizon",          # "T" is not an HTML entity
    "Fox & Friends; later",   # a word, not an entity name
    "Trump & #MAGA fans",     # a hashtag after an ampersand
    "Rank & #1 seed",         # a number sign without a semicolon
    "R&D spending",
])
def test_ampersands_that_are_not_entities_stay(text):
    assert clean_text(text) == text


def test_html_tags_removed_after_unescaping():
    text = 'See &lt;a href="http://x.com"&gt;the video&lt;/a&gt; here.'
    assert clean_text(text) == "See the video here."


@pytest.mark.parametrize("damaged, expected", [
    ("Syria\u00e2\u20ac\u2122s war", "Syria's war"),               # UTF-8 read as cp1252
    ("\u00e2\u20ac\u0153Idlib\u00e2\u20ac\u009d", '"Idlib"'),      # curly quotes, mojibake
    ("caf\u00c3\u00a9 owner", "caf\u00e9 owner"),
])
def test_mojibake_repaired(damaged, expected):
    assert clean_text(damaged) == expected


@pytest.mark.parametrize("damaged, expected", [
    ("parts of\u00a0Idlib", "parts of Idlib"),          # non-breaking space
    ("parts of\u00a0 Idlib", "parts of Idlib"),         # nbsp next to a space: one space
    ("Id\u200blib", "Idlib"),                           # zero-width space
    ("\ufeffIdlib", "Idlib"),                           # byte-order mark
    ("in\u00adter\u00adnational", "international"),     # soft hyphens
    ("a\tb", "a b"),
    ("one\u2028two", "one\n\ntwo"),                     # line separator = a new paragraph
    ("one\r\ntwo", "one\n\ntwo"),
    ("\u0645\u200c\u06cc", "\u0645\u200c\u06cc"),       # ZWNJ inside Persian is kept
    ("Reuters\u200f said", "Reuters said"),              # right-to-left mark
    ("\u202eevil\u202c text", "evil text"),              # override and its pop
    ("a \u2067\u0625\u062f\u0644\u0628\u2069 b", "a \u0625\u062f\u0644\u0628 b"),  # isolates
    ("x \u200e y", "x y"),                               # a mark between spaces: one space
])
def test_spaces_and_invisible_characters(damaged, expected):
    assert clean_text(damaged) == expected


def test_bidi_controls_are_logged_under_their_rule():
    doc, log = clean_document("Talks\u202e on \u200fIdlib\u200f stall.")
    assert doc.text == "Talks on Idlib stall."
    assert sorted((name, old, n) for name, (old, _, n) in log if name == "bidi_controls") == [
        ("bidi_controls", "U+200F RIGHT-TO-LEFT MARK", 2),
        ("bidi_controls", "U+202E RIGHT-TO-LEFT OVERRIDE", 1)]
    assert "Talks on Idlib" in clean_text("Talks\u202e on Idlib", disabled=())
    assert "\u202e" in clean_text("Talks\u202e on Idlib", disabled=("bidi_controls",))


@pytest.mark.parametrize("damaged, expected", [
    ("\u201cIdlib\u201d", '"Idlib"'),
    ("Syria\u2019s", "Syria's"),
    ("\u2018Bloodbath\u2019 must be averted", "'Bloodbath' must be averted"),
    ("\u00abIdlib\u00bb", '"Idlib"'),
    ("\u201eIdlib\u201c", '"Idlib"'),
])
def test_quote_marks_become_ascii(damaged, expected):
    assert clean_text(damaged) == expected


@pytest.mark.parametrize("damaged, expected", [
    # free-standing marks left by a broken entity: they pair up around the words
    ("' Humanitarian catastrophe '", "'Humanitarian catastrophe'"),
    ('the term " genocide " in Rwanda.', 'the term "genocide" in Rwanda.'),
    # a free mark before an attached closing mark opens
    ('claimed that " unknown men" were there.', 'claimed that "unknown men" were there.'),
    # a free mark while a quotation is open closes it
    ('"Why $5 billion? Ask for $25 billion, " Rep. Gosar said.',
     '"Why $5 billion? Ask for $25 billion," Rep. Gosar said.'),
    # no later closing mark and a lowercase word follows: a lost opening mark, glue left
    ("avoid humanitarian catastrophe ' in Syria", "avoid humanitarian catastrophe' in Syria"),
    # nested quotation closed by a free mark
    ('"I said, \'Oh, come on,\' " Lewis says.', '"I said, \'Oh, come on,\'" Lewis says.'),
])
def test_quote_spacing(damaged, expected):
    assert clean_text(damaged) == expected


@pytest.mark.parametrize("damaged, expected", [
    # a mark after the last sentence, with no quotation open, opens nothing: dropped
    ('who called the accusations "very strange". "', 'who called the accusations "very strange".'),
    ("They left. '", "They left."),
    # a mark that closes an open quotation is not stray: it is glued to the sentence
    ('"Some colleagues\' recollections may differ, but I do not see a purpose. "',
     '"Some colleagues\' recollections may differ, but I do not see a purpose."'),
    # an unclosed quotation that runs on into the next paragraph is left alone
    ('"I reiterate that they must be held accountable.', '"I reiterate that they must be held accountable.'),
])
def test_stray_quote(damaged, expected):
    assert clean_text(damaged) == expected
