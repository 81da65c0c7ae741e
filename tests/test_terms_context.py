"""Tests for newslens.terms.context: collocations and keyword in context."""
from __future__ import annotations

import pytest

from newslens.terms import collocations, kwic
from helpers import outlet_corpus as corpus


def test_collocations_likelihood_ratio_by_hand():
    df = corpus(("A", "Security council met. Security council voted."), ("B", "Council met."))
    c = collocations(df, min_freq=2)
    # NLTK counts each stretch between punctuation as a document: words security 2,
    # council 3, met 2, voted 1, N = 8. For (security, council): n_ii = 2, n_io = 0,
    # n_oi = 1, n_oo = 5; expected 2*3/8 = 0.75, 2*5/8 = 1.25, 6*3/8 = 2.25, 6*5/8 = 3.75;
    # G2 = 2 (2 ln(2/0.75) + 1 ln(1/2.25) + 5 ln(5/3.75)) = 5.178277. (council, met) has
    # the same margins, hence the same score; ties are listed by term.
    assert c["term"].tolist() == ["council met", "security council"]
    assert c["score"].tolist() == pytest.approx([5.178277, 5.178277], abs=1e-6)
    assert c["count"].tolist() == [2, 2]


def test_collocations_drop_stop_words_and_respect_n():
    df = corpus(("A", "the regime and the regime and the regime. Idlib province, Idlib "
                      "province, Idlib province"))
    c = collocations(df, n=1, min_freq=2)
    assert c["term"].tolist() == ["idlib province"]


def test_kwic_window_offsets_and_variants():
    text = "Turkey warned that the Syrian regime\u2019s offensive would fail. The Regime denied it."
    df = corpus(("A", text))
    k = kwic(df, "regime", window=3)
    assert list(k.columns) == ["doc_id", "outlet", "left", "keyword", "right", "start", "end"]
    assert k["keyword"].tolist() == ["regime", "Regime"]
    assert k.loc[0, "left"] == "that the Syrian"
    assert k.loc[0, "right"] == "\u2019s offensive would fail."
    for row in k.itertuples():
        assert text[row.start:row.end] == row.keyword


@pytest.mark.parametrize("keyword, expected", [
    ("Security Council", ["Security Council", "security council"]),
    ("assad's forces", ["Assad\u2019s forces"]),
    ("terror*", ["terrorists", "terror"]),
    ("U.S.", ["US", "U.S."]),
])
def test_kwic_multiword_glob_and_possessive(keyword, expected):
    df = corpus(("A", "The Security\nCouncil met; Assad\u2019s forces hit terrorists."),
                ("B", "A security council, the US and U.S. terror."))
    assert kwic(df, keyword)["keyword"].tolist() == expected


def test_kwic_no_match_and_bad_keyword():
    df = corpus(("A", "Nothing here."))
    assert kwic(df, "regime").empty
    with pytest.raises(ValueError):
        kwic(df, "...")
