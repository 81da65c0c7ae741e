"""Tests for newslens.tokens: the shared tokenizer."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslens.tokens import (
    BREAKERS, canonical_terms, count_words, default_phrases, merge_phrases, ngrams,
    normalise_text, resolve_phrases, stem_term, stop_words, token_segments, token_spans,
    tokenize,
)


@pytest.mark.parametrize("text, expected", [
    # possessive 's is dropped, after a word, a name or a curly apostrophe
    ("Syria's army", ["syria", "army"]),
    ("Syria\u2019s army", ["syria", "army"]),
    ("Assad\u02bcs army", ["assad", "army"]),
    # plural possessive: the bare apostrophe is not part of the token
    ("the rebels' town", ["the", "rebels", "town"]),
    # elisions stay whole
    ("they don't", ["they", "don't"]),
    ("O'Brien said", ["o'brien", "said"]),
    # hyphenated words and names stay whole, whatever the hyphen character
    ("de-escalation", ["de-escalation"]),
    ("Bashar al-Assad", ["bashar", "al-assad"]),
    ("al\u2010Assad", ["al-assad"]),
    ("rebel-held Idlib", ["rebel-held", "idlib"]),
    ("COVID-19 cases", ["covid-19", "cases"]),
    # a double hyphen or a dash separates words
    ("Turkey--Russia", ["turkey", "russia"]),
    ("Iran \u2013 Turkey", ["iran", "turkey"]),
    # a soft hyphen (invisible CMS line-break hint) is deleted
    ("de\u00adescalation", ["deescalation"]),
    # numbers are kept by default; thousands separators do not split them
    ("38,500 people in 2018", ["38500", "people", "in", "2018"]),
    ("the 21st century, 1990s, 3.5 km", ["the", "21st", "century", "1990s", "3.5", "km"]),
    ("a 3-year-old", ["a", "3-year-old"]),
    # dotted abbreviations get their final stop; "US" in capitals is the country
    ("U.S. troops", ["u.s.", "troops"]),
    ("US troops", ["u.s.", "troops"]),
    ("us", ["us"]),
    ("BUS USA", ["bus", "usa"]),
    ("the U.N", ["the", "u.n."]),
    # a missing space after a full stop (scraping artifact) is two words
    ("in Idlib.Russia said", ["in", "idlib", "russia", "said"]),
    # punctuation and separator lines are no tokens
    ('"Bloodbath!" ___ ; ...', ["bloodbath"]),
    # composed and decomposed accents give the same token
    ("Cafe\u0301", ["caf\u00e9"]),
    ("i24NEWS", ["i24news"]),
    ("", []),
])
def test_tokenize_table(text, expected):
    assert tokenize(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("38,500 people in 2018", ["people", "in"]),
    ("the 21st century, a 3-year-old", ["the", "century", "a"]),
    ("1990's", []),              # no stray "s" left behind by a dropped number
    ("COVID-19", ["covid-19"]),  # a word with digits is not a number
])
def test_numbers_dropped(text, expected):
    assert tokenize(text, numbers="drop") == expected


def test_non_string_input_gives_no_tokens():
    assert tokenize(None) == []
    assert tokenize(float("nan")) == []


def test_invalid_numbers_option_is_refused():
    with pytest.raises(ValueError, match="numbers"):
        tokenize("a", numbers="mask")


def test_lowercase_false_keeps_case_and_still_filters_stop_words():
    assert tokenize("The Regime said", lowercase=False, stop_words="default") == ["Regime"]


def test_stop_word_lists():
    english, default = stop_words("english"), stop_words("default")
    assert len(english) == 318
    # domain additions and exceptions from resources/stopwords_domain.txt
    assert "said" in default and "said" not in english
    assert "un" in english and "un" not in default
    assert "de" not in default and "fire" not in default
    assert "the" in default
    assert tokenize("The UN said the regime will fire", stop_words="default") == \
        ["un", "regime", "fire"]


def test_custom_stop_words_are_lowercased():
    assert tokenize("Regime forces", stop_words=["REGIME"]) == ["forces"]


def test_min_length():
    assert tokenize("a US-led b", min_length=2) == ["u.s.", "led"]


@pytest.mark.parametrize("text, expected", [
    ("Hayat Tahrir al-Sham's fighters", ["hayat tahrir al-sham", "fighters"]),
    # longest phrase first: "staffan de mistura" wins over "de mistura"
    ("Staffan de Mistura met", ["staffan de mistura", "met"]),
    ("de Mistura met", ["de mistura", "met"]),
    # a line break inside a phrase still matches
    ("the Security\nCouncil", ["the", "security council"]),
    # never across punctuation, never a longer word
    ("security. Council", ["security", "council"]),
    ("security councils", ["security", "councils"]),
    # the possessive after a phrase is dropped
    ("the Security Council's vote", ["the", "security council", "vote"]),
])
def test_default_phrases(text, expected):
    assert tokenize(text, phrases="default") == expected


def test_phrases_are_not_stop_words_even_if_made_of_them():
    assert tokenize("the United Nations", phrases=["the united"], stop_words="default") == \
        ["the united", "nations"]


def test_resolve_phrases_order_and_single_words():
    assert resolve_phrases(["de Mistura", "Staffan de Mistura", "Idlib"]) == \
        (("staffan", "de", "mistura"), ("de", "mistura"))
    assert ("security", "council") in resolve_phrases("default")
    with pytest.raises(ValueError):
        resolve_phrases("bundled")


def test_default_phrase_file_is_lowercase_and_multiword():
    phrases = default_phrases()
    assert "hayat tahrir al-sham" in phrases
    assert all(p == p.lower() for p in phrases)
    assert len(resolve_phrases("default")) == len(set(phrases))


@pytest.mark.parametrize("ids, phrases, out, expected", [
    # priority order: the three-token phrase first, then the two-token one
    ([5, 1, 2, 3, 1, 2, 9], [(1, 2, 3), (1, 2)], [100, 101], [5, 100, 101, 9]),
    # self-overlapping runs of one phrase are taken left to right: (7 7)(7 7) 7
    ([7, 7, 7, 7, 7], [(7, 7)], [50], [50, 50, 7]),
    # a run overlapping an already merged run is left alone
    ([1, 2, 3], [(2, 3), (1, 2)], [20, 10], [1, 20]),
    # no match: the same array comes back
    ([4, 5, 6], [(1, 2)], [10], [4, 5, 6]),
    # a phrase cannot run past the end
    ([8, 1], [(1, 2)], [10], [8, 1]),
])
def test_merge_phrases(ids, phrases, out, expected):
    assert merge_phrases(np.array(ids), phrases, out).tolist() == expected


def test_stemming_uses_snowball_on_the_head_word():
    assert tokenize("Rebels attacked positions", stem=True) == ["rebel", "attack", "posit"]
    assert stem_term("security councils") == "security council"
    assert stem_term("de-escalation") == "de-escal"


def test_ngrams():
    assert ngrams(["a", "b", "c"], (2, 3)) == ["a b", "b c", "a b c"]
    with pytest.raises(ValueError):
        ngrams(["a"], (0, 1))


def test_token_segments_split_at_punctuation():
    text = "Rebels, jihadists and the regime. Idlib waits"
    assert token_segments(text) == [["rebels"], ["jihadists", "and", "the", "regime"],
                                    ["idlib", "waits"]]
    assert sum(token_segments(text), []) == tokenize(text)


@pytest.mark.parametrize("token, expected", [
    ("u.s", (("u.s.", False),)),
    ("idlib.2018", (("idlib", False), ("2018", True))),
    ("2018", (("2018", True),)),
    (".", ()),
    ("___", ()),
    ("regime", (("regime", False),)),
])
def test_canonical_terms(token, expected):
    assert canonical_terms(token) == expected


def test_count_words_excludes_numbers_and_punctuation_only():
    # In, the, syrian, regime, de-escalation, zones, collapsed = 7 (2018 and "," are out)
    assert count_words("In 2018, the Syrian regime's de-escalation zones collapsed.") == 7


def test_token_spans_point_back_into_the_original_text():
    text = "Assad\u2019s forces, the US and U.S.-backed groups"
    spans = token_spans(text)
    assert [t for t, _, _ in spans] == ["assad", "forces", "the", "u.s.", "and", "u.s.",
                                        "backed", "groups"]
    assert [text[s:e] for _, s, e in spans] == ["Assad", "forces", "the", "US", "and", "U.S.",
                                                "backed", "groups"]


def test_normalise_text_folds_and_lowercases():
    assert normalise_text("Syria\u2019s US\u2011backed") == "syria's u.s.-backed"


# ------------------------------------------------------------------ properties

_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)
_newsy = st.text(alphabet=st.sampled_from(list("abcXYZ019 .,-'\u2019\u2010\u00ad_\n\"!?sSU")),
                 max_size=120)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_text, _newsy))
def test_tokenize_never_raises_and_tokens_are_substrings(text):
    tokens = tokenize(text)
    norm = normalise_text(text, join_digit_groups=True)
    for t in tokens:
        assert t and not any(ch.isspace() for ch in t)
        assert t not in BREAKERS
        # an abbreviation gets its final stop back: compare without it
        assert (t[:-1] if t.endswith(".") else t) in norm


@settings(max_examples=200, deadline=None)
@given(st.one_of(_text, _newsy))
def test_tokenizing_tokens_again_changes_nothing(text):
    tokens = tokenize(text, numbers="drop")
    assert tokenize(" ".join(tokens), numbers="drop") == tokens


@settings(max_examples=200, deadline=None)
@given(st.one_of(_text, _newsy))
def test_dropped_numbers_and_stop_words_never_come_out(text):
    stop = stop_words("default")
    for t in tokenize(text, numbers="drop", stop_words="default", min_length=2):
        assert not t[0].isdigit() and t not in stop and len(t) >= 2


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["security", "council", "de", "mistura", "staffan", "the",
                                 ".", ",", "regime", "hayat", "tahrir", "al-sham"]),
                max_size=30))
def test_phrase_merging_only_joins_listed_runs(words):
    text = " ".join(words)
    merged = tokenize(text, phrases="default")
    # un-merging the phrases gives back the plain tokens
    assert " ".join(merged).split() == tokenize(text)
    phrases = set(default_phrases())
    assert all(t in phrases for t in merged if " " in t)
