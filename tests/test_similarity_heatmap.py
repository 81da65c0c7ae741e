"""Tests for lib/newslens/similarity/heatmap.py: the square matrix and its heatmap."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newslens.similarity import plot_similarity_heatmap, similarity_matrix, tfidf_similarity
from helpers import texts_corpus as corpus


TOY = corpus(["rebels hold idlib", "rebels hold idlib province", "typhoon hits philippines"],
             ["A", "B", "B"])


def test_similarity_matrix_is_symmetric_with_empty_diagonal():
    mat = similarity_matrix(tfidf_similarity(TOY))
    assert list(mat.index) == ["d0", "d1", "d2"] == list(mat.columns)
    assert mat.loc["d0", "d1"] == mat.loc["d1", "d0"] == pytest.approx(0.796490, abs=1e-6)
    assert np.isnan(np.diag(mat.to_numpy())).all()


def test_similarity_matrix_keeps_the_units_of_the_strongest_pairs():
    pairs = pd.DataFrame({"a": ["d0", "d0", "d1", "d2"], "b": ["d1", "d2", "d3", "d3"],
                          "cosine": [0.1, 0.9, 0.8, 0.2]})
    # strongest pairs: d0-d2 (0.9), then d1-d3 (0.8): with room for 3, d0, d2, d1
    mat = similarity_matrix(pairs, max_units=3)
    assert list(mat.index) == ["d0", "d1", "d2"]
    assert mat.loc["d0", "d2"] == 0.9 and mat.loc["d0", "d1"] == 0.1
    assert np.isnan(mat.loc["d1", "d2"])    # not a pair of the table


def test_heatmap_labels_every_unit():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    plot_similarity_heatmap(similarity_matrix(tfidf_similarity(TOY)), ax=ax, title="t")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["d0", "d1", "d2"]
    assert ax.get_xlabel() == "article" and ax.get_title() == "t"
    assert len(ax.texts) == 6              # 9 cells minus the blank diagonal
    plt.close(fig)
