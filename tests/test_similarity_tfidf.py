"""Tests for lib/newslens/similarity/tfidf.py: scikit-learn's TF-IDF, whole or by partition."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from newslens.similarity import DEFAULT_TFIDF_OPTIONS, tfidf_matrix
from newslens.similarity.tfidf import count_terms, texts_of, tfidf_rows, tfidf_vocabulary

FIXTURE = Path(__file__).parent / "fixtures" / "allsides-idlib.jsonl"


@pytest.fixture(scope="module")
def fixture_texts() -> list[str]:
    from newslens.clean import clean_corpus
    from newslens.corpus import load_corpus

    return texts_of(clean_corpus(load_corpus(FIXTURE))[0])


def partitioned(texts: list[str], n_parts: int, options: dict | None = None) -> sp.csr_matrix:
    """The three steps of the stage's TF-IDF on ``n_parts`` consecutive partitions."""
    bounds = np.linspace(0, len(texts), n_parts + 1).astype(int)
    counts = [count_terms(texts[a:b], options=options) for a, b in zip(bounds, bounds[1:])]
    voc = tfidf_vocabulary(counts, options=options)
    rows = [tfidf_rows(c, appear=voc["appear"], column=voc["column"], idf=voc["idf"],
                       options=options) for c in counts]
    return sp.vstack(rows, format="csr"), voc["terms"]


@pytest.mark.parametrize("options", [{}, {"sublinear_tf": False}, {"smooth_idf": False},
                                     {"use_idf": False}, {"binary": True, "stop_words": None}])
@pytest.mark.parametrize("n_parts", [1, 3, 7])
def test_partitioned_tfidf_is_bit_identical_to_scikit_learn(fixture_texts, n_parts, options):
    # the same floats as TfidfVectorizer().fit_transform on the whole corpus, not merely close:
    # the stage's tables must not depend on how the corpus was split
    expected = sp.csr_matrix(TfidfVectorizer(**{**DEFAULT_TFIDF_OPTIONS, **options})
                             .fit_transform(fixture_texts))
    expected.sort_indices()
    got, terms = partitioned(fixture_texts, n_parts, options)
    assert np.array_equal(got.indptr, expected.indptr)
    assert np.array_equal(got.indices, expected.indices)
    assert got.data.tobytes() == expected.data.tobytes()
    assert terms.tolist() == tfidf_matrix(pd.DataFrame({"text_clean": fixture_texts}),
                                          **options)[1].tolist()


def test_idf_by_hand():
    # 3 documents; "idlib" in 2 of them: idf = ln((1 + 3) / (1 + 2)) + 1 = 1.287682...
    counts = [count_terms(["idlib rebels", "idlib"]), count_terms(["rebels rebels talks"])]
    voc = tfidf_vocabulary(counts)
    assert voc["terms"].tolist() == ["idlib", "rebels", "talks"]
    assert voc["idf"][0] == pytest.approx(math.log(4 / 3) + 1)
    assert voc["idf"][2] == pytest.approx(math.log(4 / 2) + 1)     # "talks" in 1 document
    # first appearance over the partitions in order: idlib, rebels, talks
    assert voc["appear"].tolist() == ["idlib", "rebels", "talks"]


def test_counts_number_terms_by_first_appearance():
    counts = count_terms(["talks talks idlib", "", "rebels idlib"])
    assert counts["terms"].tolist() == ["talks", "idlib", "rebels"]
    assert counts["matrix"].toarray().tolist() == [[2, 1, 0], [0, 0, 0], [0, 1, 1]]
    assert counts["doc_freq"].tolist() == [1, 2, 1] and counts["n_docs"] == 3


@pytest.mark.parametrize("option", [{"min_df": 2}, {"max_df": 0.5}, {"max_features": 10},
                                    {"vocabulary": ["idlib"]}, {"norm": "l1"}])
def test_corpus_wide_tfidf_options_are_refused(option):
    with pytest.raises(ValueError):
        count_terms(["a b"], options=option)


def test_no_term_at_all_gives_a_matrix_without_columns():
    X, terms = tfidf_matrix(pd.DataFrame({"text_clean": ["the and of", "", None]}))
    assert X.shape == (3, 0) and len(terms) == 0
    got, terms = partitioned(["the and of", "", ""], 2)
    assert got.shape == (3, 0) and len(terms) == 0
