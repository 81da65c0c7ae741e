"""Tests for lib/newslens/similarity/neighbours.py: cosines block by block, all pairs and top-k."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslens.similarity import neighbours as nb
from newslens.similarity import tfidf_matrix, tfidf_similarity

WORDS = ["idlib", "rebels", "regime", "assault", "turkey", "russia", "civilians", "un",
         "ceasefire", "refugees", "border", "jihadists", "offensive", "aid", "talks"]


def corpus(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i:03d}" for i in range(len(texts))],
                         "outlet": ["X"] * len(texts), "text_clean": texts})


def random_matrix(n_docs: int, n_words: int = 4):
    rng = np.random.default_rng(0)
    return tfidf_matrix(corpus([" ".join(rng.choice(WORDS, size=n_words))
                                for _ in range(n_docs)]))[0]


def all_pairs_top_k(pairs: pd.DataFrame, k: int) -> pd.DataFrame:
    """Top-k per document from an all-pairs table (both directions), ties by label."""
    both = pd.concat([pairs, pairs.rename(columns={"a": "b", "b": "a"})])
    both = both.sort_values(["a", "cosine", "b"], ascending=[True, False, True],
                            kind="mergesort")
    return both.groupby("a").head(k).reset_index(drop=True)[["a", "b", "cosine"]]


def small_blocks(monkeypatch, block_cells: int, chunk: int, dense: bool) -> None:
    monkeypatch.setattr(nb, "_BLOCK_CELLS", block_cells)
    monkeypatch.setattr(nb, "_COLUMN_CHUNK", chunk)
    if dense:   # common terms multiplied densely (BLAS), as on corpora of 5,000+
        monkeypatch.setattr(nb, "_DENSE_MIN_DOCS", 1)
        monkeypatch.setattr(nb, "_DENSE_TERM_SHARE", 0.2)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=8), min_size=2,
                max_size=25),
       st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=30),
       st.integers(min_value=1, max_value=9), st.booleans())
def test_top_k_equals_the_top_k_of_all_pairs(docs, k, block_cells, chunk, dense):
    """Whatever the block size, column chunk and dense/sparse split, top-k = all pairs' top-k."""
    with pytest.MonkeyPatch.context() as mp:
        small_blocks(mp, block_cells, chunk, dense)
        df = corpus([" ".join(d) for d in docs])
        top = tfidf_similarity(df, top_k=k)
        expected = all_pairs_top_k(tfidf_similarity(df), k)
    pd.testing.assert_frame_equal(top, expected)


@pytest.mark.parametrize("block_cells, chunk", [(120 * 120, 1024), (600, 7), (120, 1)])
def test_cosines_do_not_depend_on_blocks_and_chunks(monkeypatch, block_cells, chunk):
    # every cell is one sparse dot product, whichever block and chunk computes it
    X = random_matrix(120)
    expected = nb.cosine_pairs(X, None)
    small_blocks(monkeypatch, block_cells, chunk, dense=False)
    for e, g in zip(expected, nb.cosine_pairs(X, None)):
        assert e.tobytes() == g.tobytes()


@pytest.mark.parametrize("dense", [False, True])
@pytest.mark.parametrize("n_groups", [1, 3, 24])
def test_groups_of_blocks_merge_to_the_same_top_k(monkeypatch, n_groups, dense):
    # 120 documents of 4 words from 15 give many exact ties: a block lost or merged twice
    # changes the neighbours (or repeats one), and ties must still go to the smaller index.
    X = random_matrix(120)
    small_blocks(monkeypatch, 600, 7, dense)        # 5 rows per block: 24 blocks
    kernel = nb.CosineKernel(X)
    expected = nb.merge_top_k_parts([nb.top_k_of_blocks(kernel, kernel.blocks(), 5)], 120, 5)
    groups = nb.block_groups(kernel.blocks(), kernel.n, n_groups)
    assert [b for g in groups for b in g] == kernel.blocks() and len(groups) <= n_groups
    parts = [nb.top_k_of_blocks(kernel, g, 5) for g in groups]
    got = nb.merge_top_k_parts(reversed(parts), 120, 5)          # any arrival order
    for e, g in zip(expected, got):
        assert e.tobytes() == g.tobytes()
    assert np.all(got[1] != got[0])          # never its own neighbour


@pytest.mark.parametrize("n_jobs", [2, 3])
def test_threads_give_the_single_threaded_answer(monkeypatch, n_jobs):
    X = random_matrix(120)
    small_blocks(monkeypatch, 600, 7, dense=True)
    for top_k in (None, 5):
        one = nb.cosine_pairs(X, top_k, n_jobs=1)
        several = nb.cosine_pairs(X, top_k, n_jobs=n_jobs)
        for e, g in zip(one, several):
            assert e.tobytes() == g.tobytes()


def test_dense_split_gives_the_same_cosines(monkeypatch):
    df = corpus([" ".join(np.random.default_rng(0).choice(WORDS, size=6)) for _ in range(40)])
    plain = tfidf_similarity(df)
    small_blocks(monkeypatch, nb._BLOCK_CELLS, nb._COLUMN_CHUNK, dense=True)
    split = tfidf_similarity(df)
    assert np.abs(split["cosine"] - plain["cosine"]).max() < 1e-12


@pytest.mark.parametrize("n, top_k, k", [(0, 3, 0), (1, 3, 0), (5, 3, 3), (5, 10, 4)])
def test_neighbour_count(n, top_k, k):
    assert nb.neighbour_count(n, top_k) == k


@pytest.mark.parametrize("bad", [{"top_k": 0}, {"top_k": 1, "n_jobs": 0}])
def test_bad_arguments_raise(bad):
    with pytest.raises(ValueError):
        nb.cosine_pairs(random_matrix(5), bad["top_k"], n_jobs=bad.get("n_jobs", 1))
