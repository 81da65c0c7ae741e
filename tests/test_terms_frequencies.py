"""Tests for newslens.terms.frequencies: how often each group uses each term."""
from __future__ import annotations

import pytest

from newslens.terms import term_frequencies
from helpers import outlet_corpus as corpus


def test_term_frequencies_by_hand():
    df = corpus(("A", "The regime's forces. Regime forces!"), ("A", "Regime talks in 2018."),
                ("B", "Rebels and the regime"))
    t = term_frequencies(df)
    assert list(t.columns) == ["group", "term", "count", "per_10k", "doc_freq"]
    a = t[t["group"] == "A"].set_index("term")
    # A's words: the, regime, forces, regime, forces | regime, talks, in = 8 (2018 is a
    # number, not a word). regime: 3 / 8 * 10,000 = 3750; forces 2 / 8 * 10,000 = 2500.
    assert a.loc["regime", "count"] == 3 and a.loc["regime", "per_10k"] == pytest.approx(3750)
    assert a.loc["forces", "count"] == 2 and a.loc["forces", "per_10k"] == pytest.approx(2500)
    assert a.loc["regime", "doc_freq"] == 2 and a.loc["forces", "doc_freq"] == 1
    # stop words and numbers are not terms; rows sorted by group, count desc, term
    assert "the" not in set(t["term"]) and "2018" not in set(t["term"])
    assert t[["group", "term"]].values.tolist() == [
        ["A", "regime"], ["A", "forces"], ["A", "talks"], ["B", "rebels"], ["B", "regime"]]


def test_term_frequencies_min_count_top_n_and_whole_corpus():
    df = corpus(("A", "regime regime rebels rebels opposition"), ("B", "regime"))
    assert term_frequencies(df, min_count=2)["term"].tolist() == ["rebels", "regime"]
    assert term_frequencies(df, top_n=1)[["group", "term"]].values.tolist() == [
        ["A", "rebels"], ["B", "regime"]]  # tie at 2 in A: alphabetical order decides
    whole = term_frequencies(df, by=None)
    assert set(whole["group"]) == {"all"}
    assert whole.set_index("term").loc["regime", "count"] == 3


def test_term_frequencies_bigrams_do_not_cross_punctuation():
    df = corpus(("A", "Syrian regime forces. Forces advance"))
    t = term_frequencies(df, ngram_range=(2, 2))
    assert set(t["term"]) == {"syrian regime", "regime forces", "forces advance"}
