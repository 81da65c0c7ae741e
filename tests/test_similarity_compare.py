"""Tests for lib/newslens/similarity/compare.py: cosine tables by hand, options, distinctive terms."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from newslens.similarity import default_top_k, distinctive_terms, tfidf_similarity
from helpers import texts_corpus as corpus


TOY = corpus(["rebels hold idlib", "rebels hold idlib province", "typhoon hits philippines"],
             ["A", "B", "B"])


# --------------------------------------------------------------------------- cosine by hand

def test_cosine_of_toy_corpus_by_hand():
    # n = 3 documents; smooth idf = ln((1 + n) / (1 + df)) + 1
    #   rebels, hold, idlib: df = 2 -> idf = ln(4/3) + 1 = 1.287682
    #   province:            df = 1 -> idf = ln(4/2) + 1 = 1.693147
    # every tf is 1, so 1 + ln tf = 1 and w = idf.
    # d0 = 1.287682 * (1, 1, 1, 0), d1 = (1.287682, 1.287682, 1.287682, 1.693147)
    # cos = 3 * 1.287682^2 / (sqrt(3) * 1.287682 * sqrt(3 * 1.287682^2 + 1.693147^2))
    #     = sqrt(3) * 1.287682 / sqrt(4.974375 + 2.866747) = 2.230332 / 2.800200 = 0.796490
    # d2 shares no term with either: cosine 0.
    table = tfidf_similarity(TOY)
    assert table[["a", "b"]].values.tolist() == [["d0", "d1"], ["d0", "d2"], ["d1", "d2"]]
    assert table["cosine"].tolist() == pytest.approx([0.796490, 0.0, 0.0], abs=1e-6)


@pytest.mark.parametrize("sublinear, expected", [
    # idlib twice in d0; idlib and shelling have the same idf (df = 2 of 3), which cancels:
    # plain tf:     (2, 1) . (1, 1) / (sqrt(5) * sqrt(2)) = 3 / sqrt(10) = 0.948683
    (False, 3 / math.sqrt(10)),
    # sublinear tf: (1 + ln 2, 1) . (1, 1) / (sqrt((1 + ln 2)^2 + 1) * sqrt(2))
    #             = 2.693147 / (1.966405 * 1.414214) = 0.968438
    (True, 0.968438),
])
def test_sublinear_tf_by_hand(sublinear, expected):
    docs = corpus(["idlib idlib shelling", "idlib shelling", "typhoon"])
    table = tfidf_similarity(docs, sublinear_tf=sublinear)
    assert table.loc[0, "cosine"] == pytest.approx(expected, abs=1e-6)


def test_stop_words_are_removed_by_default_and_options_pass_through():
    docs = corpus(["the cat", "the dog"])
    # default: "the" is a stop word, so the two share nothing
    assert tfidf_similarity(docs).loc[0, "cosine"] == 0.0
    # stop_words=None: both vectors are (idf(the), idf(pet)) with
    # idf(the) = ln(3/3) + 1 = 1 and idf(cat) = idf(dog) = ln(3/2) + 1 = 1.405465
    # cos = 1 / (1 + 1.405465^2) = 1 / 2.975332 = 0.336097
    cos = tfidf_similarity(docs, stop_words=None).loc[0, "cosine"]
    assert cos == pytest.approx(0.336097, abs=1e-6)


def test_norm_option_does_not_break_cosine():
    # with norm=None scikit-learn returns raw weights; rows are re-normalised, so cosines
    # are the same as with the default L2 norm
    assert tfidf_similarity(TOY, norm=None)["cosine"].tolist() == pytest.approx(
        tfidf_similarity(TOY)["cosine"].tolist())


def test_uncleaned_corpus_falls_back_to_text():
    raw = TOY.rename(columns={"text_clean": "text"})
    pd.testing.assert_frame_equal(tfidf_similarity(raw), tfidf_similarity(TOY))


def test_empty_vocabulary_gives_zero_cosines():
    table = tfidf_similarity(corpus(["the and of", "", "it is"]))
    assert len(table) == 3 and (table["cosine"] == 0).all()


@pytest.mark.parametrize("kwargs", [{"by": "article"}, {"top_k": 0}])
def test_bad_arguments_raise(kwargs):
    with pytest.raises(ValueError):
        tfidf_similarity(TOY, **kwargs)


def test_top_k_lists_each_documents_nearest_neighbours():
    table = tfidf_similarity(TOY, top_k=1)
    # d2 is equally far (0) from d0 and d1: the tie goes to the label that sorts first
    assert table[["a", "b"]].values.tolist() == [["d0", "d1"], ["d1", "d0"], ["d2", "d0"]]


def test_top_k_larger_than_corpus_returns_every_other_document():
    table = tfidf_similarity(TOY, top_k=10)
    assert len(table) == 3 * 2
    assert table.groupby("a").size().tolist() == [2, 2, 2]


def test_bad_n_jobs_raises():
    with pytest.raises(ValueError):
        tfidf_similarity(TOY, top_k=1, n_jobs=0)


def test_row_order_does_not_change_the_tables():
    df = corpus(["rebels hold idlib", "idlib talks", "rebels talks", "typhoon hits"],
                ["A", "B", "C", "A"])
    shuffled = df.iloc[[2, 0, 3, 1]].reset_index(drop=True)
    for kwargs in ({}, {"top_k": 2}, {"by": "outlet"}):
        pd.testing.assert_frame_equal(tfidf_similarity(df, **kwargs),
                                      tfidf_similarity(shuffled, **kwargs))


def test_distinctive_terms_by_hand():
    terms = distinctive_terms(TOY, n=2)
    # d0: rebels, hold, idlib all weigh 1/sqrt(3) = 0.577350: ties ranked alphabetically
    # d1: province = 1.693147 / 2.800200 = 0.604652, then hold = 1.287682 / 2.800200 = 0.459854
    assert terms.values.tolist() == [
        ["d0", "hold", pytest.approx(0.577350, abs=1e-6), 1],
        ["d0", "idlib", pytest.approx(0.577350, abs=1e-6), 2],
        ["d1", "province", pytest.approx(0.604652, abs=1e-6), 1],
        ["d1", "hold", pytest.approx(0.459854, abs=1e-6), 2],
        ["d2", "hits", pytest.approx(0.577350, abs=1e-6), 1],
        ["d2", "philippines", pytest.approx(0.577350, abs=1e-6), 2],
    ]
    assert list(terms.columns) == ["group", "term", "tfidf", "rank"]


def test_distinctive_terms_by_outlet_use_outlet_vectors():
    terms = distinctive_terms(TOY, by="outlet", n=1)
    # outlet B = mean of d1 and d2; d2's three terms weigh 0.577350/2 each, d1's province
    # 0.604652/2: province is B's heaviest term
    assert terms[["group", "term"]].values.tolist() == [["A", "hold"], ["B", "province"]]


@pytest.mark.parametrize("n_units, asked, used", [
    (5, None, None), (2000, None, None), (2001, None, 10), (5, 3, 3), (50_000, 25, 25)])
def test_default_top_k(n_units, asked, used):
    assert default_top_k(n_units, asked) == used
