"""Compare articles or outlets: cosine tables and each one's distinctive terms.

Two articles about the same event share vocabulary; how much they share, weighted by how
rare each shared word is, is the cosine between their TF-IDF vectors
(:mod:`newslens.similarity.tfidf` gives the formulas; :mod:`newslens.similarity.neighbours`
how the pairs are computed block by block).
"""
from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .neighbours import cosine_pairs, pairs_table
from .outlets import outlet_groups, outlet_matrix
from .tfidf import tfidf_matrix

#: Above this many units, a run keeps each unit's ``TOP_K_LARGE`` nearest neighbours
#: instead of all pairs (all pairs of 2,000 documents is already two million rows; of the
#: 37,554 AllSides articles it would be 705 million).
ALL_PAIRS_MAX_DOCS = 2000
TOP_K_LARGE = 10

#: Columns of the distinctive-terms table.
TERM_COLUMNS = ["group", "term", "tfidf", "rank"]


def default_top_k(n_units: int, top_k: int | None) -> int | None:
    """The ``top_k`` a run uses: the one asked for, else all pairs up to
    :data:`ALL_PAIRS_MAX_DOCS` units and :data:`TOP_K_LARGE` neighbours above."""
    if top_k is not None:
        return top_k
    return None if n_units <= ALL_PAIRS_MAX_DOCS else TOP_K_LARGE


def _check_by(by: str) -> None:
    if by not in ("doc", "outlet"):
        raise ValueError(f'by must be "doc" or "outlet", not {by!r}')


def doc_order(doc_ids: np.ndarray) -> np.ndarray:
    """The rows in order of their ``doc_id`` strings (stable for equal ids)."""
    return np.argsort(np.asarray(doc_ids, dtype=object), kind="stable")


def _units(df: pd.DataFrame, X: sp.csr_matrix, by: str) -> tuple[sp.csr_matrix, np.ndarray]:
    """Rows to compare and their labels, sorted by label."""
    if by == "outlet":
        return outlet_matrix(X, outlet_groups(df))
    ids = df["doc_id"].astype(str).to_numpy(dtype=object)
    order = doc_order(ids)
    return X[order], ids[order]


def tfidf_similarity(df: pd.DataFrame, *, by: Literal["doc", "outlet"] = "doc",
                     top_k: int | None = None, n_jobs: int | None = None,
                     **tfidf_options) -> pd.DataFrame:
    """Cosine similarity of TF-IDF vectors between articles or between outlets.

    Parameters
    ----------
    df : articles with ``doc_id``, ``outlet`` (needed for ``by="outlet"``) and
        ``text_clean`` (or ``text`` when the corpus has not been cleaned).
    by : ``"doc"`` compares articles; ``"outlet"`` compares outlets, each represented by
        the re-normalised mean of its articles' unit vectors (see :func:`outlet_matrix`
        for the formula and why). An article whose outlet is unknown is left out of the
        outlet comparison (it is compared with ``by="doc"``; the rule for unknown outlets,
        ``docs/data.md``).
    top_k : None for every pair once (``a < b``); a number *k* for each unit's *k*
        nearest neighbours, exact, computed block by block so that memory grows with
        ``n*k`` (plus the TF-IDF matrix and one dense block of at most 8 million cells
        per thread), never ``n^2``. Ties go to the label that sorts first.
    n_jobs : threads for the block products (None: every core). The result does not
        depend on it.
    **tfidf_options : any ``TfidfVectorizer`` option (``min_df=2``, ``ngram_range=(1, 2)``,
        ``stop_words=None``...), applied over ``DEFAULT_TFIDF_OPTIONS``.

    Returns
    -------
    DataFrame ``a, b, cosine``. All pairs: one row per unordered pair with ``a < b``,
    sorted by ``a, b``. Top-k: ``k`` rows per ``a`` (fewer when there are fewer other
    units), sorted by ``a``, then cosine descending, then ``b``; ``b`` may sort before ``a``.
    ``cosine = x_a . x_b`` of the unit TF-IDF vectors, in [0, 1].

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "Y"],
    ...     "text_clean": ["rebels hold idlib", "rebels hold idlib province",
    ...                    "typhoon hits philippines"]})
    >>> tfidf_similarity(docs).round(3)
       a  b  cosine
    0  a  b   0.796
    1  a  c   0.000
    2  b  c   0.000
    """
    _check_by(by)
    X, _ = tfidf_matrix(df, **tfidf_options)
    V, labels = _units(df, X, by)
    a, b, v = cosine_pairs(V, top_k, n_jobs=n_jobs)
    return pairs_table(labels, a, b, v, all_pairs=top_k is None)


def distinctive_terms(df: pd.DataFrame, *, by: Literal["doc", "outlet"] = "doc", n: int = 10,
                      **tfidf_options) -> pd.DataFrame:
    """The terms with the highest TF-IDF weight in each article or outlet.

    A term weighs most in a document when it is frequent there (``1 + ln tf``) and rare in
    the corpus (``idf``), so these are the words that set a text apart from the others,
    not merely its most frequent words.

    Parameters
    ----------
    df : articles (``doc_id``, ``outlet``, ``text_clean`` or ``text``).
    by : ``"doc"`` (weights of the article's unit vector) or ``"outlet"`` (weights of the
        outlet vector of :func:`outlet_matrix`; articles of unknown outlet have none).
    n : terms kept per group.
    **tfidf_options : passed to ``TfidfVectorizer`` over ``DEFAULT_TFIDF_OPTIONS``.

    Returns
    -------
    DataFrame ``group, term, tfidf, rank``: up to ``n`` rows per group (only terms with a
    positive weight), ``rank`` 1 for the heaviest; ties are ranked alphabetically. Sorted
    by ``group, rank``.
    """
    _check_by(by)
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    X, terms = tfidf_matrix(df, **tfidf_options)
    V, labels = _units(df, X, by)
    groups, words, weights, ranks = [], [], [], []
    for row, label in enumerate(labels):
        lo, hi = V.indptr[row], V.indptr[row + 1]
        w, idx = V.data[lo:hi], V.indices[lo:hi]
        # Column order is alphabetical (scikit-learn sorts its vocabulary), so a stable
        # sort by weight leaves equal weights in alphabetical order.
        order = np.lexsort((idx, -w))[:n]
        order = order[w[order] > 0]
        groups.extend([label] * len(order))
        words.extend(terms[idx[order]])
        weights.extend(w[order])
        ranks.extend(range(1, len(order) + 1))
    return pd.DataFrame({"group": pd.Series(groups, dtype=object),
                         "term": pd.Series(words, dtype=object),
                         "tfidf": pd.Series(weights, dtype=np.float64),
                         "rank": pd.Series(ranks, dtype=np.int64)})


__all__ = ["ALL_PAIRS_MAX_DOCS", "TOP_K_LARGE", "TERM_COLUMNS", "default_top_k", "doc_order",
           "tfidf_similarity", "distinctive_terms"]
