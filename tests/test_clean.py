"""Tests for newslens.clean: one table of damaged input -> expected output per rule, the
corpus-level behaviour (columns, log, learned repeats) and hypothesis properties."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newslens
from newslens.clean import (DEFAULT_RULES, LOG_COLUMNS, Rule, clean_corpus, clean_document,
                            clean_text, drop_lines, learn_repeated_lines, list_rules,
                            length_table, damage_report, repeat_key, replace_text,
                            rule_counts, rule_examples, stage_tables)
from newslens.config import RunConfig

HEAD = "Talks fail over the northern province"
BODY = "The talks ended on Tuesday without an agreement, officials said."
BODY2 = "Both sides blamed each other for the failure of the meeting."


def wrap(*lines: str) -> str:
    """An article: headline, the lines under test between two prose paragraphs."""
    return "\n\n".join([HEAD, BODY, *lines, BODY2])


EXPECTED_PLAIN = "\n\n".join([HEAD, BODY, BODY2])

# An entity artifact as the issue defines it: "&", optional spaces, "#", optional spaces,
# digits (or x + hex digits), optional spaces, ";", all on one line.
ARTIFACT = re.compile(r"&[^\S\n]*#[^\S\n]*(?:[xX][^\S\n]*[0-9a-fA-F]+|\d+)[^\S\n]*;")


# --------------------------------------------------------------------------- characters

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
])
def test_spaces_and_invisible_characters(damaged, expected):
    assert clean_text(damaged) == expected


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


# --------------------------------------------------------------------------- boilerplate lines

@pytest.mark.parametrize("rule, line", [
    ("navigation", "8Previous articleFriday's mail from the border: balloons and bombs"),
    ("navigation", "8Next articleSuper Typhoon smashes through the islands"),
    ("navigation", "Read more: Why the talks failed"),
    ("navigation", "SEE ALSO: Report: negotiations stall"),
    ("navigation", "More:5 ways to cut costs in 2019"),
    ("navigation", "Story continues below"),
    ("navigation", "next Image 1 of 2"),
    ("navigation", "Slideshow (3 Images)"),
    ("navigation", "( PHOTOS: 25 unforgettable quotes)"),
    ("navigation", "ANALYSIS/OPINION:"),
    ("advertisement", "Advertisement"),
    ("advertisement", "ADVERTISEMENT"),
    ("advertisement", "Advertisement:"),
    ("advertisement", "Advertisement Advertisement"),
    ("widget_text", "Share Tweet Post Email"),
    ("widget_text", "Facebook Twitter WhatsApp"),
    ("widget_text", "Loading..."),
    ("widget_text", "Enlarge this image toggle caption Jane Roe/AP Jane Roe/AP"),
    ("widget_text", "72\u00b0F Sunny"),
    ("subscription_banner", "Sign up for Daily Newsletters Manage Newsletters"),
    ("subscription_banner", "Get the stories you care about delivered to your inbox."),
    ("subscription_banner", "CLICK HERE TO GET THE NEWS APP"),
    ("cookie_banner", "We use cookies to improve your experience. By continuing you accept."),
    ("cookie_banner", "By continuing to use this site you agree to our Privacy Policy."),
    ("copyright", "Copyright \u00a9 2019 The Daily Times, LLC. Click here for reprint permission."),
    ("copyright", "Copyright 2018 The Associated Press. All rights reserved."),
    ("byline", "By Jane Doe, Staff writer"),
    ("byline", "By JANE DOE and JOHN ROE, Associated Press"),
    ("byline", "Additional reporting by John Roe; Editing by Mary Major"),
    ("timestamp", "Updated 10:32 AM ET, Tue September 11, 2018"),
    ("timestamp", "Posted: Sep 12, 2018 / 08:16 AM"),
    ("timestamp", "6 years ago"),
    ("source_line", "Source: Example World and agencies"),
    ("source_line", "(Reuters)"),
    ("source_line", "The Associated Press contributed to this report."),
    ("source_line", "Contributing: Jane Doe"),
    ("reporter_standup", "Example News's Jane Doe reports from the capital."),
    ("reporter_standup", "Example World's John Roe has more from the border town, near the frontier."),
    ("reporter_standup", "Roe reported from Chicago."),
    ("credit_line", "(Reuters Archive)"),
    ("credit_line", "Photo: Jane Doe/Getty Images"),
    ("credit_line", "(Mike Segar/Reuters)"),
    ("credit_line", "(AP Photo/Jane Doe)"),
])
def test_boilerplate_line_removed_by_its_rule(rule, line):
    doc, log = clean_document(wrap(line))
    assert doc.text == EXPECTED_PLAIN
    assert [(name, old) for name, (old, new, n) in log if name not in ("quote_marks",)] \
        == [(rule, line)]


@pytest.mark.parametrize("line", [
    "By Monday, the talks had stalled and both delegations went home.",   # "By" + date word
    "Nielsen told reporters the asylum system was overloaded.",          # a person, not a tracker
    "More than 30 civilians have been killed since the beginning of September.",
    "Read the full statement, the minister said, and judge for yourself.",
    "The Post reports: the deal is off.",
    "Seven reported in the past two weeks have killed at least 31 people.",
    "He said he would subscribe to any plan that protects civilians.",
    "The source, an official of the regional alliance, said the offensive would start soon.",
])
def test_prose_that_resembles_boilerplate_stays(line):
    assert clean_text(wrap(line)) == "\n\n".join([HEAD, BODY, line, BODY2])


def test_caption_printed_twice_with_credit_is_dropped_both_times():
    caption = "A general view shows the clock tower of the city on June 8, 2017."
    text = wrap(caption + "\n" + caption + " (Reuters Archive)")
    doc, log = clean_document(text)
    assert doc.text == EXPECTED_PLAIN
    assert sorted(old for name, (old, _, _) in log if name == "caption_with_credit") == \
        [caption, caption + " (Reuters Archive)"]


def test_caption_ending_in_photo_credit_is_dropped():
    caption = "The president speaks in the garden, Friday, May 29, 2020. (AP Photo/Jane Doe)"
    assert clean_text(wrap(caption)) == EXPECTED_PLAIN


@pytest.mark.parametrize("line, dropped", [
    ("Foreign ministers at a meeting in the capital with their counterparts on August 30, 2018", True),
    # a cited statement ends with a date too, but carries quotation marks: kept
    ('"Pennies do not fall from heaven." Speech, Nov. 12, 1979', False),
    # an embedded tweet: kept
    ("Thank you for the support. \u2014 Jane Doe (@janedoe) December 23, 2015", False),
])
def test_dated_caption(line, dropped):
    out = clean_text(wrap(line))
    assert (out == EXPECTED_PLAIN) is dropped


def test_tracker_word_and_site_name_headline():
    text = ("Quantcast Example24 - No major offensive planned: minister\n\n"
            "No major offensive planned: minister\n\n" + BODY)
    doc, log = clean_document(text)
    assert doc.paragraphs == ["No major offensive planned: minister", BODY]
    assert [name for name, _ in log] == ["tracker_words", "site_name_headline"]


def test_duplicate_paragraph_dropped():
    assert clean_text("\n\n".join([HEAD, BODY, BODY, BODY2])) == EXPECTED_PLAIN


# --------------------------------------------------------------------------- structure

def test_paragraphs_are_separated_by_one_blank_line():
    text = "Head\n\n\n\nFirst paragraph here.\nSecond paragraph here.\n \n   Third one.  "
    assert clean_text(text) == "Head\n\nFirst paragraph here.\n\nSecond paragraph here.\n\nThird one."


@pytest.mark.parametrize("sub, kept", [
    ("More human displacement", "More human displacement"),
    ("-Last IS bastion-", "Last IS bastion"),            # decoration stripped in the column
    ("'Bloodbath' must be averted", "'Bloodbath' must be averted"),
    ("Attack of chemical weapons?", "Attack of chemical weapons?"),  # a short question
])
def test_subheading_moves_to_its_column(sub, kept):
    df = pd.DataFrame({"doc_id": ["a"], "text": [wrap(sub)]})
    out, log = clean_corpus(df)
    assert out.loc[0, "text_clean"] == EXPECTED_PLAIN
    assert out.loc[0, "subheadings"] == kept
    assert out.loc[0, "headline"] == HEAD


@pytest.mark.parametrize("line", [
    # long, no final full stop: a paragraph that lost its period, not a subheading
    "The regime is widely reported to be planning a major offensive in the province, which "
    "remains under the control of various armed opposition groups",
    # a question of more than six words is prose
    "What will happen to the three million people who live there now?",
    "The talks failed.",
])
def test_not_a_subheading(line):
    assert clean_text(wrap(line)) == "\n\n".join([HEAD, BODY, line, BODY2])


def test_a_run_of_short_lines_is_a_list_not_subheadings():
    text = wrap("Aleppo", "Hama", "Latakia")
    assert clean_text(text) == "\n\n".join([HEAD, BODY, "Aleppo", "Hama", "Latakia", BODY2])


def test_kicker_under_the_headline_is_a_subheading():
    df = pd.DataFrame({"doc_id": ["a"], "text": [HEAD + "\n\nSyrian civil war\n\n" + BODY + "\n\n" + BODY2]})
    out, _ = clean_corpus(df)
    assert out.loc[0, "subheadings"] == "Syrian civil war"
    assert out.loc[0, "text_clean"] == EXPECTED_PLAIN


# --------------------------------------------------------------------------- corpus, log

def test_clean_corpus_columns_and_log():
    df = pd.DataFrame({"doc_id": ["x", "y"], "outlet": ["A", "B"],
                       "text": ["Head\n\n\u201cOne\u201d and \u201ctwo\u201d.\n\nAdvertisement",
                                "Plain text."]})
    out, log = clean_corpus(df)
    assert list(out.columns) == ["doc_id", "outlet", "text", "text_clean", "headline", "subheadings"]
    assert out["text"].tolist() == df["text"].tolist()          # raw text kept
    assert out["text_clean"].tolist() == ['Head\n\n"One" and "two".', "Plain text."]
    assert list(log.columns) == LOG_COLUMNS
    # "\u201c" twice and "\u201d" twice: two rows with count 2 each; one advertisement row.
    assert log.values.tolist() == [
        ["x", "quote_marks", "\u201c", '"', 2],
        ["x", "quote_marks", "\u201d", '"', 2],
        ["x", "advertisement", "Advertisement", "", 1],
    ]
    assert out.attrs["cleaning_log"] is log


def test_rule_counts_by_hand():
    log = pd.DataFrame([["a", "advertisement", "Ad", "", 1], ["a", "advertisement", "AD", "", 1],
                        ["b", "advertisement", "Ad", "", 1], ["b", "quote_marks", "\u201c", '"', 7]],
                       columns=LOG_COLUMNS)
    counts = rule_counts(log, n_docs=4).set_index("rule")
    # advertisement: articles {a, b} = 2, changes 1 + 1 + 1 = 3, share 2 / 4 = 0.5
    assert counts.loc["advertisement"].tolist() == [2, 3, 0.5]
    # quote_marks: one row of count 7
    assert counts.loc["quote_marks"].tolist() == [1, 7, 0.25]
    assert counts.loc["byline"].tolist() == [0, 0, 0.0]


_TOPICS = ["talks", "floods", "budget", "strike", "election", "harvest", "trial", "storm", "vote", "fire"]


def _outlet_article(i: int, boiler: str | None) -> str:
    t = _TOPICS[i]
    paras = [f"Headline about the {t}", f"The {t} story begins with its own first sentence.",
             f"The {t} story goes on with a second, different sentence."]
    if boiler:
        paras.insert(2, boiler)
    return "\n\n".join(paras)


def test_learned_repeats_need_min_docs_distinct_contexts():
    boiler = "Follow our live coverage on the website."
    texts = [_outlet_article(i, boiler) for i in range(3)] + [_outlet_article(9, None)]
    # outlet A: 4 articles; need = max(min_docs=3, ceil(0.02 * 4) = 1) = 3; the line sits in
    # 3 articles between 3 different pairs of neighbours -> learned.
    learned = learn_repeated_lines(texts, ["A"] * 4)
    assert learned["A"] == frozenset({repeat_key(boiler)})
    # only 2 articles: 2 < 3 -> not learned
    assert learn_repeated_lines(texts[:2], ["A"] * 2)["A"] == frozenset()
    # the same story printed three times: same neighbours -> one context -> not boilerplate
    same = [_outlet_article(1, boiler)] * 3
    assert learn_repeated_lines(same, ["A"] * 3)["A"] == frozenset()
    # per outlet: three outlets with one article each learn nothing
    assert all(not v for v in learn_repeated_lines(texts[:3], ["A", "B", "C"]).values())


def test_learned_repeats_removed_by_clean_corpus_not_clean_text():
    boiler = "Follow our live coverage on the website."
    texts = [_outlet_article(i, boiler) for i in range(4)]
    df = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["A"] * 4, "text": texts})
    out, log = clean_corpus(df)
    assert not out["text_clean"].str.contains(boiler).any()
    assert (log["rule"] == "repeated_line").sum() == 4
    assert boiler in clean_text(texts[0])
    out2, _ = clean_corpus(df, learn_repeats=False)
    assert out2["text_clean"].str.contains(boiler).all()


def test_disabled_rules_and_unknown_names():
    text = wrap("Advertisement")
    assert "Advertisement" in clean_text(text, disabled=("advertisement", "subheadings"))
    with pytest.raises(ValueError, match="unknown cleaning rule"):
        clean_text(text, disabled=("no_such_rule",))
    df = pd.DataFrame({"doc_id": ["a"], "text": [text]})
    out, _ = clean_corpus(df, disabled=["advertisement", "subheadings"])
    assert "Advertisement" in out.loc[0, "text_clean"]


def test_user_rules_extend_the_defaults():
    promo = drop_lines("promo", "our promo line", r"Buy now.*")
    assert clean_text(wrap("Buy now and save!"), rules=DEFAULT_RULES + (promo,)) == EXPECTED_PLAIN
    dots = replace_text("ellipsis", "three dots", r"\.\.\.", "\u2026")
    doc, log = clean_document("Wait... and wait...", rules=(dots,))
    assert doc.text == "Wait\u2026 and wait\u2026"
    assert log == [("ellipsis", ("...", "\u2026", 2))]
    with pytest.raises(ValueError):
        Rule("bad", "neither fn nor pattern")


def test_list_rules_is_the_default_order():
    table = list_rules()
    assert table["name"].tolist() == [r.name for r in DEFAULT_RULES]
    assert table["name"].is_unique
    assert list(table.columns) == ["order", "name", "stage", "description"]
    assert (table["description"].str.len() > 20).all()


def test_stage_tables_uses_the_log_of_clean_corpus_and_is_deterministic():
    df = newslens.load_corpus()
    cleaned, log = clean_corpus(df, disabled=RunConfig().disabled_clean_rules)
    tables = stage_tables(cleaned, config=RunConfig())
    assert list(tables) == ["cleaning_log"]
    pd.testing.assert_frame_equal(tables["cleaning_log"], log.reset_index(drop=True))
    again = stage_tables(df, config=RunConfig())["cleaning_log"]
    pd.testing.assert_frame_equal(again, tables["cleaning_log"])


# --------------------------------------------------------------------------- bundled corpus

@pytest.fixture(scope="module")
def seeds():
    df = newslens.load_corpus()
    out, log = clean_corpus(df)
    return out.set_index(out["doc_id"].str[:3]), log


def test_bundled_corpus_subheadings(seeds):
    out, _ = seeds
    assert out.loc["000", "subheadings"].split("\n") == [
        "More human displacement", "Warnings against chemical weapons",
        "US, Syrian security officials met in Damascus - sources"]
    assert out.loc["001", "subheadings"].split("\n") == [
        "The Syrian army", "'Humanitarian catastrophe'", "Tensions with Turkey",
        "Attack of chemical weapons?"]
    assert out.loc["004", "subheadings"] == "Last IS bastion"
    assert out.loc["004", "headline"] == "No major offensive planned in Syria's Idlib: Lavrov"


def test_bundled_corpus_is_clean(seeds):
    out, log = seeds
    for text in out["text_clean"]:
        assert not ARTIFACT.search(text)
        assert "\u00a0" not in text and "\u2019" not in text and "\u201c" not in text
        assert "\n\n\n" not in text
        assert "Previous article" not in text and "Source:" not in text
        assert "reports from" not in text and "has more from" not in text
        assert "(Reuters" not in text and "Quantcast" not in text
    # 003's paragraph without a final full stop is prose and stays
    assert "under the control of various armed opposition groups\n\n" in out.loc["003", "text_clean"]
    # the stray quote mark of 001 is gone, the quotation before it intact
    assert 'called the accusations "very strange".\n\n' in out.loc["001", "text_clean"]


# --------------------------------------------------------------------------- properties

_ALPHABET = st.sampled_from(list("ab Z.,;:!?-\n\n\"'&#;0123456789x") + [
    "\u00a0", "\u200b", "\u201c", "\u201d", "\u2019", "\u00e2\u20ac\u2122", "& # 39;", "&amp;",
    "&#", " # ", "quot", "Advertisement", "By ", "(Reuters)", "\u00e9", "\u0645", "\u200d"])
_MESSY = st.lists(_ALPHABET, max_size=60).map("".join)
_PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_PROPS
@given(st.text(max_size=300))
def test_never_raises_and_is_idempotent_on_any_string(text):
    once = clean_text(text)
    assert isinstance(once, str)
    assert clean_text(once) == once


@_PROPS
@given(_MESSY)
def test_idempotent_on_messy_scraped_text(text):
    once = clean_text(text)
    assert clean_text(once) == once


_ENTITY_PARTS = st.lists(st.sampled_from(
    ["&", "# ", "#", " ", "39", "039", "x27", "X27", ";", " ;", "amp;", "quot", "Idlib", "\n"]),
    max_size=30).map("".join)


@_PROPS
@given(_ENTITY_PARTS)
def test_never_leaves_entity_artifacts(text):
    assert not ARTIFACT.search(clean_text(text))


# Ordinary prose: sentences of common words that no rule names, five to twenty words,
# capitalised, ending with a full stop.
_WORDS = ("the a minister army city talks said on Tuesday of and in province people war "
          "government forces warned would could civilians aid offensive council members "
          "officials border refugees meeting week last three million").split()
_SENTENCE = st.lists(st.sampled_from(_WORDS), min_size=5, max_size=20).map(
    lambda ws: " ".join(ws).capitalize() + ".")
_ARTICLE = st.lists(st.lists(_SENTENCE, min_size=1, max_size=3).map(" ".join),
                    min_size=1, max_size=8)


@_PROPS
@given(_ARTICLE, st.sampled_from(["", "Advertisement", "Read more: the war", "By Jane Doe",
                                  "\u00a0", "& # 39;Q& # 39;"]))
def test_prose_sentences_survive(paragraphs, noise):
    text = "\n\n".join(p if i % 3 else p + "\n\n" + noise for i, p in enumerate(paragraphs))
    out = clean_text(text)
    for p in paragraphs:
        assert p in out.split("\n\n")


# --------------------------------------------------------------------------- notebook helpers

def test_length_table_by_hand():
    df = pd.DataFrame({"doc_id": ["b", "a"], "outlet": ["X", "Y"],
                       "text": ["one two three four five six seven eight nine ten", ""],
                       "text_clean": ["one two three four five six", ""],
                       "subheadings": ["seven eight", ""]})
    table = length_table(df)
    assert table["doc_id"].tolist() == ["a", "b"]                  # sorted by doc_id
    # b: 10 raw words, 6 kept, 2 moved to subheadings: (10 - 6 - 2) / 10 = 20% dropped
    assert table.loc[1, ["words_raw", "words_clean", "words_subheadings"]].tolist() == [10, 6, 2]
    assert table.loc[1, "removed_pct"] == pytest.approx(20.0)
    assert table.loc[0, "removed_pct"] == 0.0                      # empty article: no division


def test_damage_report_counts_articles():
    df = pd.DataFrame({"text": ["a & # 39;b", "x\u00a0y \u201cz\u201d", "plain"],
                       "text_clean": ["a 'b", "x y \"z\"", "plain"]})
    report = damage_report(df).set_index("damage")
    assert report.loc["entity artifact (& # 39;)"].tolist() == [1, 0]
    assert report.loc["invisible or odd space"].tolist() == [1, 0]
    assert report.loc["curly quote mark"].tolist() == [1, 0]
    assert report["text_clean"].sum() == 0


def test_rule_examples_one_per_rule_in_rule_order():
    log = pd.DataFrame([["d2", "advertisement", "Advertisement", "", 1],
                        ["d1", "quote_marks", "\u2019", "'", 3],
                        ["d1", "advertisement", "ADVERTISEMENT", "", 1],
                        ["d1", "subheadings", "Tensions with Turkey", "", 1]], columns=LOG_COLUMNS)
    ex = rule_examples(log)
    assert ex["rule"].tolist() == ["quote_marks", "advertisement", "subheadings"]
    assert ex["doc_id"].tolist() == ["d1", "d2", "d1"]             # first row of each rule
    assert ex["after"].tolist() == ["'", "(removed)", "(moved to subheadings)"]


def test_learned_repeats_skip_structure_repeated_within_articles():
    # a speaker label: in 3 articles, 4 times in each -> 12 occurrences > 3.0 * 3 articles
    def transcript(i: int) -> str:
        t = _TOPICS[i]
        turns = [f"jane doe\n\nOn the {t}, turn {w} of the talk is here." for w in
                 ("one", "two", "three", "four")]
        return f"Episode on the {t}\n\n" + "\n\n".join(turns)
    texts = [transcript(i) for i in range(3)]
    assert learn_repeated_lines(texts, ["A"] * 3)["A"] == frozenset()
    # one article with the line in many surroundings is still one article: 1 < 3
    assert learn_repeated_lines(texts[:1], ["A"])["A"] == frozenset()


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(
    [" ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "\x1c", "\x85", "7", "\u0663"])))
def test_repeat_key_is_the_regex_definition(line):
    # the fast form (str.split) equals the definition: digits runs -> "0", whitespace runs
    # -> one space, ends stripped
    from newslens.clean import _KEY_DIGITS, _KEY_SPACE, repeat_key

    assert repeat_key(line) == _KEY_SPACE.sub(" ", _KEY_DIGITS.sub("0", line.casefold())).strip()


def test_whitespace_of_split_and_regex_agree():
    # why the fast form is exact: the same characters are whitespace for both
    import sys

    regex = {c for c in map(chr, range(sys.maxunicode + 1)) if re.fullmatch(r"\s", c)}
    assert regex == {c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()}


def test_paragraph_keys_follow_edits():
    # remembered keys are looked up by paragraph text, so an edited paragraph is keyed anew
    from newslens.clean import Document, paragraph_keys

    doc = Document(text="", paragraphs=["Head", "Copyright 2019  Times"])
    assert paragraph_keys(doc) == ["head", "copyright 0 times"]
    doc.paragraphs = ["Head", "Read MORE 12"]
    assert paragraph_keys(doc) == ["head", "read more 0"]
