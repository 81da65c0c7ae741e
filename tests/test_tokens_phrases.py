"""Tests for newslens.tokens.phrases: step 4: multi-word names merged into one token."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslens.tokens import default_phrases, merge_phrases, resolve_phrases, tokenize


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
