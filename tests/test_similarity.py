"""Tests for lib/newslens/similarity.py: TF-IDF cosines, top-k, outlets, distinctive terms."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from newslens import similarity as sim
from newslens.config import RunConfig
from newslens.similarity import (distinctive_terms, outlet_matrix, similarity_matrix,
                                 stage_tables, tfidf_matrix, tfidf_similarity)


def corpus(texts: list[str], outlets: list[str] | None = None) -> pd.DataFrame:
    ids = [f"d{i}" for i in range(len(texts))]
    return pd.DataFrame({"doc_id": ids, "outlet": outlets or ["X"] * len(texts),
                         "text_clean": texts})


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


# --------------------------------------------------------------------------- top-k

def test_top_k_lists_each_documents_nearest_neighbours():
    table = tfidf_similarity(TOY, top_k=1)
    # d2 is equally far (0) from d0 and d1: the tie goes to the label that sorts first
    assert table[["a", "b"]].values.tolist() == [["d0", "d1"], ["d1", "d0"], ["d2", "d0"]]


def test_top_k_larger_than_corpus_returns_every_other_document():
    table = tfidf_similarity(TOY, top_k=10)
    assert len(table) == 3 * 2
    assert table.groupby("a").size().tolist() == [2, 2, 2]


def all_pairs_top_k(pairs: pd.DataFrame, k: int) -> pd.DataFrame:
    """Top-k per document from an all-pairs table (both directions), ties by label."""
    both = pd.concat([pairs, pairs.rename(columns={"a": "b", "b": "a"})])
    both = both.sort_values(["a", "cosine", "b"], ascending=[True, False, True],
                            kind="mergesort")
    return both.groupby("a").head(k).reset_index(drop=True)[["a", "b", "cosine"]]


WORDS = ["idlib", "rebels", "regime", "assault", "turkey", "russia", "civilians", "un",
         "ceasefire", "refugees", "border", "jihadists", "offensive", "aid", "talks"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=8), min_size=2,
                max_size=25),
       st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=30),
       st.integers(min_value=1, max_value=9), st.booleans())
def test_top_k_equals_the_top_k_of_all_pairs(docs, k, block_cells, chunk, dense):
    """Whatever the block size, column chunk and dense/sparse split, top-k = all pairs' top-k."""
    saved = (sim._BLOCK_CELLS, sim._COLUMN_CHUNK, sim._DENSE_MIN_DOCS, sim._DENSE_TERM_SHARE)
    try:
        sim._BLOCK_CELLS, sim._COLUMN_CHUNK = block_cells, chunk
        sim._DENSE_MIN_DOCS, sim._DENSE_TERM_SHARE = (1, 0.3) if dense else (10**9, 0.1)
        df = corpus([" ".join(d) for d in docs])
        top = tfidf_similarity(df, top_k=k)
        expected = all_pairs_top_k(tfidf_similarity(df), k)
    finally:
        sim._BLOCK_CELLS, sim._COLUMN_CHUNK, sim._DENSE_MIN_DOCS, sim._DENSE_TERM_SHARE = saved
    pd.testing.assert_frame_equal(top, expected)


@pytest.mark.parametrize("dense", [False, True])
@pytest.mark.parametrize("n_jobs", [2, 3])
def test_threaded_top_k_is_identical_to_single_threaded(monkeypatch, n_jobs, dense):
    """Blocks computed on several threads, merged in block order: same arrays, bit for bit."""
    # 120 documents of 4 words from 15 give many exact ties: a block lost or merged twice
    # changes the neighbours (or repeats one), and ties must still go to the smaller index.
    rng = np.random.default_rng(0)
    X, _ = tfidf_matrix(corpus([" ".join(rng.choice(WORDS, size=4)) for _ in range(120)]))
    # 600 cells / 120 columns = 5 rows per block: 24 blocks, more than the threads.
    monkeypatch.setattr(sim, "_BLOCK_CELLS", 600)
    monkeypatch.setattr(sim, "_COLUMN_CHUNK", 7)
    if dense:
        monkeypatch.setattr(sim, "_DENSE_MIN_DOCS", 1)
        monkeypatch.setattr(sim, "_DENSE_TERM_SHARE", 0.2)
    a1, b1, v1 = sim._top_k_pairs(X, 5, n_jobs=1)
    a2, b2, v2 = sim._top_k_pairs(X, 5, n_jobs=n_jobs)
    assert np.array_equal(a1, a2) and np.array_equal(b1, b2)
    assert v1.tobytes() == v2.tobytes()


def test_bad_n_jobs_raises():
    with pytest.raises(ValueError):
        tfidf_similarity(TOY, top_k=1, n_jobs=0)


def test_stage_tables_do_not_depend_on_the_number_of_cores(monkeypatch):
    """Passages in a second thread and threaded cosines give the serial run's tables."""
    df = corpus(["rebels hold idlib province after a long siege by the army " * 3,
                 "rebels hold idlib province after a long siege by the army " * 3,
                 "typhoon hits philippines"], ["A", "B", "B"])
    monkeypatch.setattr(sim.os, "cpu_count", lambda: 2)
    threaded = stage_tables(df, config=RunConfig(top_k=1))
    monkeypatch.setattr(sim.os, "cpu_count", lambda: 1)
    serial = stage_tables(df, config=RunConfig(top_k=1))
    assert len(threaded["shared_passages"]) == 1
    for name in serial:
        pd.testing.assert_frame_equal(threaded[name], serial[name])


def test_dense_split_gives_the_same_cosines():
    rng = np.random.default_rng(0)
    df = corpus([" ".join(rng.choice(WORDS, size=6)) for _ in range(40)])
    plain = tfidf_similarity(df)
    saved = (sim._DENSE_MIN_DOCS, sim._DENSE_TERM_SHARE)
    try:
        sim._DENSE_MIN_DOCS, sim._DENSE_TERM_SHARE = 1, 0.2
        split = tfidf_similarity(df)
    finally:
        sim._DENSE_MIN_DOCS, sim._DENSE_TERM_SHARE = saved
    assert np.abs(split["cosine"] - plain["cosine"]).max() < 1e-12


def test_row_order_does_not_change_the_tables():
    df = corpus(["rebels hold idlib", "idlib talks", "rebels talks", "typhoon hits"],
                ["A", "B", "C", "A"])
    shuffled = df.iloc[[2, 0, 3, 1]].reset_index(drop=True)
    for kwargs in ({}, {"top_k": 2}, {"by": "outlet"}):
        pd.testing.assert_frame_equal(tfidf_similarity(df, **kwargs),
                                      tfidf_similarity(shuffled, **kwargs))


# --------------------------------------------------------------------------- outlets

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


def test_unknown_outlets_are_separate_groups():
    df = corpus(["rebels hold idlib", "idlib talks", "rebels talks"], ["unknown", "unknown", "A"])
    table = tfidf_similarity(df, by="outlet")
    labels = sorted(set(table["a"]) | set(table["b"]))
    assert labels == ["A", "unknown (d0)", "unknown (d1)"]


# --------------------------------------------------------------------------- matrix, terms

def test_similarity_matrix_is_symmetric_with_empty_diagonal():
    mat = similarity_matrix(tfidf_similarity(TOY))
    assert list(mat.index) == ["d0", "d1", "d2"] == list(mat.columns)
    assert mat.loc["d0", "d1"] == mat.loc["d1", "d0"] == pytest.approx(0.796490, abs=1e-6)
    assert np.isnan(np.diag(mat.to_numpy())).all()


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


# --------------------------------------------------------------------------- stage

@pytest.mark.parametrize("top_k, n_rows", [(None, 3), (1, 3), (2, 6)])
def test_stage_tables(top_k, n_rows):
    tables = stage_tables(TOY, config=RunConfig(top_k=top_k))
    assert sorted(tables) == ["shared_passages", "similarity_docs", "similarity_outlets"]
    assert len(tables["similarity_docs"]) == n_rows
    assert list(tables["similarity_docs"].columns) == ["a", "b", "cosine"]
    assert tables["similarity_outlets"][["a", "b"]].values.tolist() == [["A", "B"]]


@pytest.mark.parametrize("n_units, asked, used", [
    (5, None, None), (2000, None, None), (2001, None, 10), (5, 3, 3), (50_000, 25, 25)])
def test_default_top_k(n_units, asked, used):
    assert sim.default_top_k(n_units, asked) == used


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
    sim.plot_similarity_heatmap(similarity_matrix(tfidf_similarity(TOY)), ax=ax, title="t")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["d0", "d1", "d2"]
    assert ax.get_xlabel() == "article" and ax.get_title() == "t"
    assert len(ax.texts) == 6              # 9 cells minus the blank diagonal
    plt.close(fig)


@pytest.mark.parametrize("texts", [[], ["only one article here"], [None, "rebels hold idlib"]])
def test_tiny_corpora_give_empty_or_small_tables(texts):
    df = corpus(texts)
    tables = stage_tables(df, config=RunConfig())
    assert len(tables["similarity_docs"]) == len(texts) * (len(texts) - 1) // 2
    assert tables["similarity_outlets"].empty             # one outlet: no pair
    assert list(tables["shared_passages"].columns)[:2] == ["doc_a", "doc_b"]


@pytest.mark.parametrize("where", ["process", "thread", "after"])
def test_stage_tables_are_the_same_wherever_the_passages_run(monkeypatch, where):
    # The shared passages run in a forked process (large corpora), a second thread (small
    # ones) or after the cosines (one core); the tables must not depend on which.
    from newslens import load_corpus
    from newslens.clean import clean_corpus
    from newslens.config import PROJ_ROOT

    df, _ = clean_corpus(load_corpus(PROJ_ROOT / "tests" / "fixtures" / "allsides-idlib.jsonl"))
    monkeypatch.setattr(sim, "_n_workers", lambda n_jobs: 2)
    monkeypatch.setattr(sim, "PASSAGES_PROCESS_MIN_DOCS", 10**9)
    reference = sim.stage_tables(df, config=RunConfig())        # thread
    started = []
    real = sim._passages_elsewhere

    def spy(df_, min_words, workers):
        future, pool = real(df_, min_words, workers)
        started.append(type(pool).__name__)
        return future, pool

    monkeypatch.setattr(sim, "_passages_elsewhere", spy)
    if where == "process":
        monkeypatch.setattr(sim, "PASSAGES_PROCESS_MIN_DOCS", 1)
    elif where == "after":
        monkeypatch.setattr(sim, "_n_workers", lambda n_jobs: 1)
    tables = sim.stage_tables(df, config=RunConfig())
    assert started == [{"process": "ProcessPoolExecutor", "thread": "ThreadPoolExecutor",
                        "after": "nullcontext"}[where]]
    assert len(tables["shared_passages"]) > 0
    for name, table in reference.items():
        pd.testing.assert_frame_equal(tables[name], table)


def test_forked_passages_do_not_need_a_picklable_function(monkeypatch):
    # A wrapped shared_passages (as a profiler or a benchmark installs) cannot be pickled by
    # name; the forked child inherits the call instead of receiving it.
    df = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
                       "text_clean": ["the same wire story about the talks in the capital today " * 3] * 2})
    calls = []

    def wrapped(frame, **kwargs):
        calls.append(len(frame))
        return real(frame, **kwargs)

    real = sim.shared_passages
    monkeypatch.setattr(sim, "shared_passages", wrapped)
    monkeypatch.setattr(sim, "PASSAGES_PROCESS_MIN_DOCS", 1)
    future, pool = sim._passages_elsewhere(df, 12, 2)
    with pool:
        table = future.result()
    assert type(pool).__name__ == "ProcessPoolExecutor"
    assert calls == []            # it ran in the child, not here
    pd.testing.assert_frame_equal(table, real(df, min_words=12))
    assert len(table) == 1


def _passages_mode_in_a_daemon(_):
    import newslens.similarity as s
    s.PASSAGES_PROCESS_MIN_DOCS = 1
    df = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
                       "text_clean": ["the same wire story about the talks in the capital today " * 3] * 2})
    future, pool = s._passages_elsewhere(df, 12, 2)
    with pool:
        return type(pool).__name__, len(future.result())


def test_a_daemonic_process_finds_passages_in_a_thread():
    # pool workers are daemonic and may not fork children: the thread is used there
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.map(_passages_mode_in_a_daemon, [0]) == [("ThreadPoolExecutor", 1)]
