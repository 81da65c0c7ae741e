"""Tests for lib/newslens/similarity/outlets.py: who counts as an outlet, outlet vectors."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from newslens.similarity import (distinctive_terms, outlet_groups, outlet_matrix, tfidf_matrix,
                                 tfidf_similarity)
from newslens.similarity.outlets import is_unknown_group
from helpers import texts_corpus as corpus


TOY = corpus(["rebels hold idlib", "rebels hold idlib province", "typhoon hits philippines"],
             ["A", "B", "B"])


def test_outlet_vector_is_the_renormalised_mean_of_unit_vectors():
    # outlet A: e1 and e2; outlet B: e1 (and a longer copy of e1, which must not matter
    # because rows are unit vectors before averaging)
    X = sp.csr_matrix(np.array([[1.0, 0, 0], [0, 1.0, 0], [1.0, 0, 0]]))
    V, labels = outlet_matrix(X, pd.Series(["A", "A", "B"]))
    assert labels.tolist() == ["A", "B"]
    # mean of A = (1/2, 1/2, 0), norm 1/sqrt(2) -> (0.707107, 0.707107, 0)
    assert V.toarray()[0] == pytest.approx([0.707107, 0.707107, 0], abs=1e-6)
    # cos(A, B) = 0.707107 * 1 = 1/sqrt(2)
    assert (V @ V.T).toarray()[0, 1] == pytest.approx(1 / math.sqrt(2))


def test_a_prolific_outlet_does_not_outweigh_a_small_one():
    # outlet A prints the same story three times and one other: its vector leans to the
    # story, but each article counts once: mean = (3/4, 1/4) -> cos with pure story
    # (1, 0) = 0.75 / sqrt(0.75^2 + 0.25^2) = 0.75 / 0.790569 = 0.948683
    X = sp.csr_matrix(np.array([[1.0, 0], [1.0, 0], [1.0, 0], [0, 1.0], [1.0, 0]]))
    V, _ = outlet_matrix(X, pd.Series(["A", "A", "A", "A", "B"]))
    assert (V @ V.T).toarray()[0, 1] == pytest.approx(0.948683, abs=1e-6)


def test_outlet_similarity_matches_its_formula():
    df = corpus(["rebels hold idlib", "idlib talks", "rebels talks", "typhoon hits idlib"],
                ["A", "B", "A", "B"])
    X, _ = tfidf_matrix(df)
    x = X.toarray()
    mean_a, mean_b = (x[0] + x[2]) / 2, (x[1] + x[3]) / 2
    expected = mean_a @ mean_b / (np.linalg.norm(mean_a) * np.linalg.norm(mean_b))
    table = tfidf_similarity(df, by="outlet")
    assert table[["a", "b"]].values.tolist() == [["A", "B"]]
    assert table.loc[0, "cosine"] == pytest.approx(expected)


def test_unknown_outlets_are_left_out_of_outlet_comparisons():
    # the rule for unknown outlets (docs/data.md): compared article by article, never as an
    # outlet, neither pooled as one nor one outlet per article
    df = corpus(["rebels hold idlib", "idlib talks", "rebels talks", "talks resume"],
                ["unknown", "unknown", "A", "B"])
    table = tfidf_similarity(df, by="outlet")
    assert sorted(set(table["a"]) | set(table["b"])) == ["A", "B"]
    assert len(tfidf_similarity(df, by="doc")) == 6                  # every article pair
    terms = distinctive_terms(df, by="outlet")
    assert set(terms["group"]) == {"A", "B"}
    assert len(table) == 1                                           # the one pair A-B


def test_is_unknown_group():
    assert is_unknown_group(["unknown (d0)", "A", "unknown", "unknown (x"]).tolist() == \
        [True, False, False, False]


def test_outlet_groups_make_every_unknown_article_its_own_outlet():
    df = pd.DataFrame({"doc_id": ["1", "2", "3", "4", "5"],
                       "outlet": ["unknown", "Unknown", "", None, "TRT World"]})
    assert outlet_groups(df).tolist() == ["unknown (1)", "unknown (2)", "unknown (3)",
                                          "unknown (4)", "TRT World"]
