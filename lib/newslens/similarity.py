"""TF-IDF similarity between articles and between outlets, and each one's distinctive terms.

Two articles about the same event share vocabulary; how much they share, weighted by how
rare each shared word is, is the cosine between their TF-IDF vectors. This module builds
those vectors with scikit-learn's :class:`~sklearn.feature_extraction.text.TfidfVectorizer`
(every option passes through), compares documents or outlets, and lists the terms that
weigh most in each. Shared wire-copy passages, which similarity scores alone hide, are in
:mod:`newslens.passages` (:func:`shared_passages` is re-exported here).

The weights (scikit-learn's definitions, with this package's defaults)
---------------------------------------------------------------------
For a term *t* in document *d* of a corpus of *n* documents, *t* occurring ``tf(t, d)``
times in *d* and in ``df(t)`` documents::

    tf'(t, d) = 1 + ln tf(t, d)          (sublinear_tf=True; 0 when tf = 0)
    idf(t)    = ln((1 + n) / (1 + df(t))) + 1        (smooth_idf=True)
    w(t, d)   = tf'(t, d) * idf(t)
    x_d       = w(., d) / ||w(., d)||_2              (norm="l2")

and the cosine between two documents is a dot product, because the rows are unit vectors::

    cos(a, b) = sum_t x_a[t] * x_b[t]      in [0, 1] (weights are never negative)

Defaults (:data:`DEFAULT_TFIDF_OPTIONS`) and why
------------------------------------------------
``sublinear_tf=True``: the tenth "Idlib" in an article says less than the first; the
logarithm stops one repeated word from dominating a vector (Manning, Raghavan & Schütze,
*Introduction to Information Retrieval*, 6.4.1). ``stop_words="english"``
(scikit-learn's list): function words carry no topic but, being in every article, they
add a floor of similarity to every pair. On the BBC news set (2,225 articles, 5
categories) the share of articles whose nearest neighbour has the same category goes from
0.919 with scikit-learn's plain ``TfidfVectorizer()`` to 0.958 with these defaults
(``benchmarks/results/similarity_eval.md``: ``min_df``, ``max_df`` and bigrams were
tried there too and are not defaults, for the reasons given in that file).
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .config import RunConfig
from .passages import outlet_groups, shared_passages

#: Options given to ``TfidfVectorizer`` unless the caller overrides them (see module doc).
DEFAULT_TFIDF_OPTIONS: dict = {"sublinear_tf": True, "stop_words": "english"}

#: Above this many documents, ``stage_tables`` keeps each document's ``TOP_K_LARGE``
#: nearest neighbours instead of all pairs (all pairs of 2,000 documents is already
#: two million rows; of the 37,554 AllSides articles it would be 705 million).
ALL_PAIRS_MAX_DOCS = 2000
TOP_K_LARGE = 10

#: Columns of the similarity tables and of the distinctive-terms table.
SIMILARITY_COLUMNS = ["a", "b", "cosine"]
TERM_COLUMNS = ["group", "term", "tfidf", "rank"]

# Dense result blocks are at most this many cells (8 bytes each: 64 MB), which bounds the
# working memory of the pairwise step whatever the corpus size.
_BLOCK_CELLS = 8_000_000
# Terms in more than this share of documents are multiplied as a dense matrix (BLAS)
# rather than sparsely, on corpora of at least _DENSE_MIN_DOCS documents. The sparse
# product costs about df(t)^2 for a term, the dense one about n^2 whatever df(t), so the
# few very common terms that dominate the sparse cost are cheaper dense. The sum is the
# same dot product computed in two parts (equal to the one-part sum up to rounding, about
# 1e-16); each pair is computed once, so all tables of a run agree bit for bit.
_DENSE_TERM_SHARE = 0.1
_DENSE_MIN_DOCS = 5000
# Column index of padding in a top-k answer: larger than any row index, small enough that
# adding a block offset cannot overflow.
_NO_INDEX = 2**62
# Columns per transposed chunk of the sparse matrix (see _CosineKernel).
_COLUMN_CHUNK = 4096


# --------------------------------------------------------------------------- vectors

def _texts(df: pd.DataFrame) -> list[str]:
    """The cleaned text when the corpus has been cleaned, else the raw text; "" for missing."""
    col = "text_clean" if "text_clean" in df.columns else "text"
    return ["" if not isinstance(t, str) else t for t in df[col].tolist()]


def _unit_rows(M: sp.spmatrix) -> sp.csr_matrix:
    """Rows scaled to unit L2 length (zero rows stay zero); an empty matrix as it is."""
    if M.shape[0] == 0 or M.shape[1] == 0:
        return sp.csr_matrix(M, dtype=np.float64)
    return sp.csr_matrix(normalize(M, norm="l2"))


def tfidf_matrix(df: pd.DataFrame, **tfidf_options) -> tuple[sp.csr_matrix, np.ndarray]:
    """L2-normalised TF-IDF rows of every article, and the vocabulary.

    Parameters
    ----------
    df : articles, with ``text_clean`` (or ``text``).
    **tfidf_options : passed to ``TfidfVectorizer``, over :data:`DEFAULT_TFIDF_OPTIONS`.
        Whatever ``norm`` says, rows are returned L2-normalised (cosine needs unit rows).

    Returns
    -------
    (X, terms): ``X`` is a CSR matrix, one row per row of ``df`` in order, one column per
    term of ``terms`` (sorted alphabetically, as scikit-learn orders its vocabulary). An
    article with no term left (empty, or only stop words) has a zero row. When no article
    has any term, ``X`` has no columns.
    """
    options = {**DEFAULT_TFIDF_OPTIONS, **tfidf_options}
    texts = _texts(df)
    vectorizer = TfidfVectorizer(**options)
    try:
        X = vectorizer.fit_transform(texts)
    except ValueError as exc:
        # scikit-learn refuses an empty vocabulary (no text, or nothing but stop words);
        # a corpus like that has no similarity to measure, which is a zero matrix.
        if "empty vocabulary" not in str(exc) and "no terms remain" not in str(exc):
            raise
        return sp.csr_matrix((len(texts), 0), dtype=np.float64), np.array([], dtype=object)
    if options.get("norm", "l2") != "l2":
        X = _unit_rows(X)
    X = sp.csr_matrix(X, dtype=np.float64)
    X.sort_indices()
    return X, vectorizer.get_feature_names_out()


def outlet_matrix(X: sp.csr_matrix, groups: pd.Series) -> tuple[sp.csr_matrix, np.ndarray]:
    """One unit vector per outlet: the mean of its articles' unit vectors, re-normalised.

    With ``x_d`` the unit TF-IDF vector of article *d* and ``D_o`` the articles of outlet
    *o*::

        m_o = (1 / |D_o|) * sum_{d in D_o} x_d          v_o = m_o / ||m_o||_2

    Why this and not one "super-document" per outlet: every article counts once, whatever
    its length (concatenating lets a long feature outweigh ten short reports), the IDF
    stays a property of articles, and cosine ignores how many articles an outlet has, so
    a prolific outlet does not dominate. What the cosine then means::

        cos(v_o, v_p) = mean_{d in D_o, e in D_p} cos(x_d, x_e) / (||m_o|| * ||m_p||)

    the mean cross-outlet article similarity, divided by each outlet's internal cohesion
    (``||m_o||^2`` is the mean cosine over all pairs of *o*'s articles, itself included).

    Returns
    -------
    (V, labels): CSR matrix with one row per outlet group, ``labels`` sorted.
    """
    codes, labels = pd.factorize(groups, sort=True)
    n = X.shape[0]
    counts = np.bincount(codes, minlength=len(labels)).astype(np.float64)
    G = sp.csr_matrix((1.0 / counts[codes], (codes, np.arange(n))), shape=(len(labels), n))
    V = _unit_rows(sp.csr_matrix(G @ X))
    V.sort_indices()
    return V, np.asarray(labels, dtype=object)


# --------------------------------------------------------------------------- pairwise kernel

def _sparse_product_dense(A: sp.csr_matrix, B: sp.csr_matrix) -> np.ndarray:
    """``(A @ B).toarray()``, skipping scipy's symbolic pass.

    ``A @ B`` first runs a pass that only counts the result's non-zeros, then the product.
    Our results are dense blocks of known size, so the count is not needed: calling
    scipy's compiled kernel (``csr_matmat``) with room for every cell saves about a third
    of the time of the sparse part. The values are the same (same kernel, same order of
    additions). Should the private kernel change in a future scipy, the public expression
    is used instead.
    """
    m, n = A.shape[0], B.shape[1]
    try:
        from scipy.sparse import _sparsetools

        idx = np.int64 if max(m * n, A.nnz, B.nnz) >= 2**31 - 1 else np.int32
        cp = np.empty(m + 1, dtype=idx)
        cj = np.empty(m * n, dtype=idx)
        cx = np.empty(m * n, dtype=np.float64)
        _sparsetools.csr_matmat(m, n, A.indptr.astype(idx, copy=False),
                                A.indices.astype(idx, copy=False), A.data,
                                B.indptr.astype(idx, copy=False),
                                B.indices.astype(idx, copy=False), B.data, cp, cj, cx)
        out = np.zeros((m, n))
        _sparsetools.csr_todense(m, n, cp, cj, cx, out)
        return out
    except (ImportError, AttributeError, TypeError, ValueError):   # pragma: no cover
        return (A @ B).toarray()


class _CosineKernel:
    """Dot products between L2-normalised rows, computed in blocks of the upper triangle.

    Every entry is computed once, in :meth:`block`, so that the all-pairs table and the
    top-k table of one corpus contain bit-identical cosines. The sparse product runs row
    block by column chunk (``X[s:e] @ X[c0:c1].T``, the transposed chunks prepared once),
    so no block pays for converting the whole matrix and the lower triangle is skipped.
    """

    def __init__(self, X: sp.csr_matrix):
        self.n = n = X.shape[0]
        n_docs_with_term = np.bincount(X.indices, minlength=X.shape[1])
        dense = np.zeros(X.shape[1], dtype=bool)
        if n >= _DENSE_MIN_DOCS:
            dense = n_docs_with_term > _DENSE_TERM_SHARE * n
        self.sparse = sp.csr_matrix(X[:, np.flatnonzero(~dense)]) if dense.any() else X
        self.dense = X[:, np.flatnonzero(dense)].toarray() if dense.any() else None
        self.block_rows = max(1, min(n, _BLOCK_CELLS // max(n, 1)))
        self.chunk = max(self.block_rows, _COLUMN_CHUNK)
        self.chunks = [(c0, min(n, c0 + self.chunk), sp.csr_matrix(self.sparse[c0:c0 + self.chunk].T))
                       for c0 in range(0, n, self.chunk)]

    def block(self, s: int, e: int) -> np.ndarray:
        """Cosines of rows ``s:e`` against rows ``s:`` as a dense (e-s, n-s) array."""
        out = np.empty((e - s, self.n - s))
        rows = self.sparse[s:e]
        for c0, c1, chunk_t in self.chunks:
            if c1 <= s:
                continue
            part = _sparse_product_dense(rows, chunk_t)
            lo = max(c0, s)
            out[:, lo - s:c1 - s] = part[:, lo - c0:]
        if self.dense is not None:
            out += self.dense[s:e] @ self.dense[s:].T
        return out

    def starts(self) -> range:
        return range(0, self.n, self.block_rows)


def _top_candidates(S: np.ndarray, k: int, floor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``k`` largest values that are at least ``floor[row]``, with their columns.

    Ties go to the smaller column, so the answer never depends on partition internals.
    Returns ``(values, columns)``, each ``(rows, k)``, sorted by value (descending), then
    column; rows with fewer candidates are padded with ``-inf`` and :data:`_NO_INDEX`.
    """
    m, c = S.shape
    vals = np.full((m, k), -np.inf)
    cols = np.full((m, k), _NO_INDEX, dtype=np.int64)
    if m == 0 or c == 0:
        return vals, cols
    above = S >= floor[:, None]
    n_above = np.count_nonzero(above)
    if n_above <= 32 * m * k:
        # Few candidates (the usual case once every row has k neighbours): sort them.
        r, cc = np.nonzero(above)
        v = S[r, cc]
    else:
        # Many candidates (the first blocks): keep each row's k largest plus every value
        # equal to its k-th largest, then sort those.
        kk = min(k, c)
        kth = np.partition(S, c - kk, axis=1)[:, c - kk]
        r, cc = np.nonzero(S >= np.maximum(kth, floor)[:, None])
        v = S[r, cc]
    order = np.lexsort((cc, -v, r))
    r, cc, v = r[order], cc[order], v[order]
    first = np.searchsorted(r, np.arange(m))
    rank = np.arange(len(r)) - first[r]
    keep = rank < k
    vals[r[keep], rank[keep]] = v[keep]
    cols[r[keep], rank[keep]] = cc[keep]
    return vals, cols


def _merge_top_k(best_v: np.ndarray, best_i: np.ndarray, rows: np.ndarray,
                 vals: np.ndarray, idx: np.ndarray, k: int) -> None:
    """Merge candidate neighbours into the running top-k of ``rows`` (in place)."""
    v = np.concatenate([best_v[rows], vals], axis=1)
    i = np.concatenate([best_i[rows], idx], axis=1)
    order = np.argsort(i, axis=1, kind="stable")          # tie-break: smaller index
    v, i = np.take_along_axis(v, order, 1), np.take_along_axis(i, order, 1)
    order = np.argsort(-v, axis=1, kind="stable")[:, :k]
    best_v[rows] = np.take_along_axis(v, order, 1)
    best_i[rows] = np.take_along_axis(i, order, 1)


def _n_workers(n_jobs: int | None) -> int:
    """Threads for the block products: ``n_jobs``, or every core when None (or -1)."""
    cores = os.cpu_count() or 1
    if n_jobs is None or n_jobs == -1:
        return cores
    if n_jobs < 1:
        raise ValueError(f"n_jobs must be a positive number of threads, None or -1, not {n_jobs}")
    return n_jobs


def _blas_single_thread(workers: int):
    """One BLAS thread per worker while several workers multiply (else the dense products
    of two workers would each start a BLAS thread per core and fight for the cores)."""
    if workers < 2:
        return nullcontext()
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:                                     # pragma: no cover
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _blocks_in_order(kernel: "_CosineKernel", workers: int):
    """``(s, e, S)`` for every row block, in block order, ``S`` computed by ``workers`` threads.

    The products are the expensive part and independent of each other; scipy's compiled
    sparse kernels (``csr_matmat``, ``csr_todense``) and BLAS release the GIL, so threads
    run them on separate cores. Blocks are handed back in order whatever thread finishes
    first, and each block is computed by the same code as with one thread, so the answer
    is identical bit for bit. At most ``workers + 1`` blocks are in flight, which bounds
    the memory (one block is at most 8 million cells, 64 MB).
    """
    n = kernel.n
    bounds = [(s, min(n, s + kernel.block_rows)) for s in kernel.starts()]
    if workers < 2 or len(bounds) < 2:
        for s, e in bounds:
            yield s, e, kernel.block(s, e)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = []
        ahead = workers + 1
        for s, e in bounds[:ahead]:
            pending.append((s, e, pool.submit(kernel.block, s, e)))
        nxt = ahead
        while pending:
            s, e, fut = pending.pop(0)
            S = fut.result()
            if nxt < len(bounds):
                s2, e2 = bounds[nxt]
                pending.append((s2, e2, pool.submit(kernel.block, s2, e2)))
                nxt += 1
            yield s, e, S
            del S, fut


def _top_k_pairs(X: sp.csr_matrix, k: int, *, n_jobs: int | None = None
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's ``k`` nearest other rows: (a, b, cosine) arrays, ``n*k`` long.

    Blocks of the upper triangle are computed once and used in both directions: block
    ``s:e`` against ``s:`` gives rows ``s:e`` their candidates among later rows, and its
    transpose gives the later rows their candidates among ``s:e``. Only values at least
    as large as a row's current k-th best can change its answer, so only those are
    sorted. The block products run on ``n_jobs`` threads (None: every core), the merging
    in this thread in block order, so the answer does not depend on ``n_jobs``. Memory is
    at most ``n_jobs + 2`` dense blocks plus the running ``n x k`` answer.
    """
    workers = _n_workers(n_jobs)
    kernel = _CosineKernel(X)
    n = kernel.n
    k = min(k, n - 1)
    if k <= 0:
        return (np.array([], dtype=np.int64),) * 2 + (np.array([], dtype=np.float64),)
    best_v = np.full((n, k), -np.inf)
    best_i = np.full((n, k), _NO_INDEX, dtype=np.int64)
    with _blas_single_thread(workers):
        for s, e, S in _blocks_in_order(kernel, workers):
            _merge_block(S, s, e, n, k, best_v, best_i)
    a = np.repeat(np.arange(n), k)
    return a, best_i.ravel(), best_v.ravel()


def _merge_block(S: np.ndarray, s: int, e: int, n: int, k: int, best_v: np.ndarray,
                 best_i: np.ndarray) -> None:
    """Fold block ``S`` (rows ``s:e`` against ``s:``) into the running top-k (in place)."""
    S[np.arange(e - s), np.arange(e - s)] = -np.inf        # a document is not its own neighbour
    rows = np.arange(s, e)
    vals, cols = _top_candidates(S, k, best_v[rows, k - 1])
    cols[cols != _NO_INDEX] += s
    _merge_top_k(best_v, best_i, rows, vals, cols, k)
    if e < n:
        # Later rows whose k-th best is already above everything in this block
        # cannot gain a neighbour here.
        later = S[:, e - s:]
        col_max = later.max(axis=0)
        hit = np.flatnonzero(col_max >= best_v[e:, k - 1])
        if len(hit):
            vals, cand = _top_candidates(np.ascontiguousarray(later[:, hit].T), k,
                                         best_v[e + hit, k - 1])
            cand[cand != _NO_INDEX] += s
            _merge_top_k(best_v, best_i, e + hit, vals, cand, k)


def _all_pairs(X: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair ``i < j``: (a, b, cosine) arrays, ``n(n-1)/2`` long."""
    kernel = _CosineKernel(X)
    n = kernel.n
    out_a, out_b, out_v = [], [], []
    for s in kernel.starts():
        e = min(n, s + kernel.block_rows)
        S = kernel.block(s, e)
        r, c = np.nonzero(np.arange(s, n)[None, :] > np.arange(s, e)[:, None])
        out_a.append(r + s)
        out_b.append(c + s)
        out_v.append(S[r, c])
    if not out_a:
        return (np.array([], dtype=np.int64),) * 2 + (np.array([], dtype=np.float64),)
    return np.concatenate(out_a), np.concatenate(out_b), np.concatenate(out_v)


def _pairs_table(V: sp.csr_matrix, labels: np.ndarray, top_k: int | None, *,
                 n_jobs: int | None = None) -> pd.DataFrame:
    """Tidy ``a, b, cosine`` for the rows of ``V`` (labels sorted, so index order = label order)."""
    if top_k is None:
        a, b, v = _all_pairs(V)
        sort = ["a", "b"]
    else:
        if top_k < 1:
            raise ValueError(f"top_k must be a positive number of neighbours, not {top_k}")
        a, b, v = _top_k_pairs(V, top_k, n_jobs=n_jobs)
        sort = None  # already by a, then cosine descending, then b
    out = pd.DataFrame({"a": labels[a] if len(a) else np.array([], dtype=object),
                        "b": labels[b] if len(b) else np.array([], dtype=object),
                        "cosine": v.astype(np.float64)})
    out = out.astype({"a": object, "b": object})
    if sort:
        out = out.sort_values(sort, kind="mergesort").reset_index(drop=True)
    return out


def _check_by(by: str) -> None:
    if by not in ("doc", "outlet"):
        raise ValueError(f'by must be "doc" or "outlet", not {by!r}')


def _units(df: pd.DataFrame, X: sp.csr_matrix, by: str) -> tuple[sp.csr_matrix, np.ndarray]:
    """Rows to compare and their labels, sorted by label."""
    if by == "outlet":
        return outlet_matrix(X, outlet_groups(df))
    ids = df["doc_id"].astype(str).to_numpy(dtype=object)
    order = np.argsort(ids, kind="stable")
    return X[order], ids[order]


# --------------------------------------------------------------------------- public API

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
        for the formula and why). An article whose outlet is unknown is its own outlet,
        labelled ``unknown (<doc_id>)``: "unknown" is not an outlet, and two articles of
        unknown origin may come from anywhere (see :func:`newslens.passages.outlet_groups`).
    top_k : None for every pair once (``a < b``); a number *k* for each unit's *k*
        nearest neighbours, exact, computed block by block so that memory grows with
        ``n*k`` (plus the TF-IDF matrix and one dense block of at most 8 million cells),
        never ``n^2``. Ties go to the label that sorts first.
    n_jobs : threads for the top-k block products (None: every core). The result does
        not depend on it: blocks are merged in the same order whatever the threads.
    **tfidf_options : any ``TfidfVectorizer`` option (``min_df=2``, ``ngram_range=(1, 2)``,
        ``stop_words=None``...), applied over :data:`DEFAULT_TFIDF_OPTIONS`.

    Returns
    -------
    DataFrame ``a, b, cosine``. All pairs: one row per unordered pair with ``a < b``,
    sorted by ``a, b``. Top-k: ``k`` rows per ``a`` (fewer when there are fewer other
    units), sorted by ``a``, then cosine descending, then ``b``; ``b`` may sort before ``a``.
    ``cosine = x_a . x_b`` of the unit TF-IDF vectors (module docstring), in [0, 1].

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
    return _pairs_table(V, labels, top_k, n_jobs=n_jobs)


def similarity_matrix(pairs: pd.DataFrame, *, max_units: int | None = None) -> pd.DataFrame:
    """Square, symmetric matrix from an ``a, b, cosine`` table, for heatmaps.

    The diagonal is left empty (NaN): a unit's similarity to itself is 1 by construction
    and would only stretch a colour scale. Pairs missing from a top-k table are NaN too.

    Parameters
    ----------
    pairs : a table of :func:`tfidf_similarity`.
    max_units : keep at most this many units, taken from the most similar pairs down
        (ties by label), so a heatmap of a large corpus shows its closest articles.
        None keeps all.
    """
    if max_units is not None:
        ranked = pairs.sort_values(["cosine", "a", "b"], ascending=[False, True, True],
                                   kind="mergesort")
        chosen: list[str] = []
        for a, b in zip(ranked["a"], ranked["b"]):
            for label in (a, b):
                if label not in chosen and len(chosen) < max_units:
                    chosen.append(label)
            if len(chosen) >= max_units:
                break
        pairs = pairs[pairs["a"].isin(chosen) & pairs["b"].isin(chosen)]
    labels = sorted(set(pairs["a"]) | set(pairs["b"]))
    both = pd.concat([pairs[["a", "b", "cosine"]],
                      pairs.rename(columns={"a": "b", "b": "a"})[["a", "b", "cosine"]]])
    both = both.drop_duplicates(["a", "b"])
    mat = both.pivot(index="a", columns="b", values="cosine").reindex(index=labels,
                                                                      columns=labels)
    for label in labels:
        mat.loc[label, label] = np.nan
    mat.index.name, mat.columns.name = None, None
    return mat


def plot_similarity_heatmap(matrix: pd.DataFrame, *, ax=None, title: str = "",
                            unit: str = "article", annotate: bool | None = None):
    """Draw a :func:`similarity_matrix` as a heatmap (matplotlib); returns the Axes.

    The colour scale runs from 0 to the largest cosine shown (all the articles of one
    story share vocabulary, so the interesting range is often narrow); the diagonal is
    blank. Cells are annotated with their cosine when there are at most 12 units (or
    when ``annotate`` says so).
    """
    import matplotlib.pyplot as plt

    ax = ax if ax is not None else plt.gca()
    values = matrix.to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    top = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    image = ax.imshow(np.ma.masked_invalid(values), cmap="viridis", vmin=0.0, vmax=top)
    ax.set_xticks(range(len(matrix.columns)), [str(c) for c in matrix.columns], rotation=90)
    ax.set_yticks(range(len(matrix.index)), [str(i) for i in matrix.index])
    ax.set_xlabel(unit)
    ax.set_ylabel(unit)
    ax.set_title(title)
    ax.figure.colorbar(image, ax=ax, label="cosine (0 = no shared term)")
    if annotate or (annotate is None and len(matrix) <= 12):
        for (i, j), v in np.ndenumerate(values):
            if np.isfinite(v):
                ax.text(j, i, f"{v:.2f}", ha="center", va="center",
                        color="white" if v < 0.6 * top else "black", fontsize=8)
    return ax


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
        outlet vector of :func:`outlet_matrix`; unknown outlets are one group per article).
    n : terms kept per group.
    **tfidf_options : passed to ``TfidfVectorizer`` over :data:`DEFAULT_TFIDF_OPTIONS`.

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


def default_top_k(n_units: int, top_k: int | None) -> int | None:
    """The ``top_k`` a run uses: the one asked for, else all pairs up to
    :data:`ALL_PAIRS_MAX_DOCS` units and :data:`TOP_K_LARGE` neighbours above."""
    if top_k is not None:
        return top_k
    return None if n_units <= ALL_PAIRS_MAX_DOCS else TOP_K_LARGE


#: From this many articles, ``stage_tables`` finds the shared passages in a forked process
#: rather than a thread (on a machine with several cores and ``fork``). Both the passage
#: search and the TF-IDF fit are mostly Python and take turns with the interpreter lock
#: in two threads of one process (on all AllSides articles the fit took 29 s beside the
#: passage thread against 17 s alone); a process has its own. Below this size forking
#: costs more than the overlap saves.
PASSAGES_PROCESS_MIN_DOCS = 1000


def _find_passages(df: pd.DataFrame, *, min_words: int) -> pd.DataFrame:
    # Looked up by name when it runs, so a forked child calls whatever ``shared_passages``
    # this module holds (a profiler's or a benchmark's wrapper included), which it inherits
    # rather than receives: a wrapped function cannot be pickled by name.
    return shared_passages(df, min_words=min_words)


def _passages_elsewhere(df: pd.DataFrame, min_words: int, workers: int):
    """Start :func:`shared_passages` beside the cosines: a future, or None for "run it
    after them here". A forked process for large corpora (it inherits ``df``, so nothing
    is copied; only the table comes back), a thread for small ones."""
    import multiprocessing

    if workers < 2:
        return None, nullcontext()
    # A daemonic process (a multiprocessing.Pool worker, say) may not have children.
    if (len(df) >= PASSAGES_PROCESS_MIN_DOCS and "fork" in multiprocessing.get_all_start_methods()
            and not multiprocessing.current_process().daemon):
        from concurrent.futures import ProcessPoolExecutor

        from .distributed import _INHERITED, _call_inherited_args

        # The corpus is inherited through fork (the local engine's mechanism), not sent:
        # only the options travel, and only the table comes back.
        _INHERITED["similarity-passages"] = (df,)
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        try:
            future = pool.submit(_call_inherited_args, _find_passages, "similarity-passages",
                                 {"min_words": min_words})   # the child is forked here
        finally:
            _INHERITED.pop("similarity-passages", None)
        return future, pool
    pool = ThreadPoolExecutor(max_workers=1)
    return pool.submit(shared_passages, df, min_words=min_words), pool


def stage_tables(df: pd.DataFrame, *, config: RunConfig) -> dict[str, pd.DataFrame]:
    """Tables written by ``newslens run``: ``similarity_docs``, ``similarity_outlets``,
    ``shared_passages``.

    ``similarity_docs`` holds all pairs when ``config.top_k`` is None and the corpus has
    at most :data:`ALL_PAIRS_MAX_DOCS` articles, else each article's ``config.top_k`` (or
    :data:`TOP_K_LARGE`) nearest neighbours. ``similarity_outlets`` holds all pairs of
    outlets (each unknown-outlet article counting as one), or each outlet's
    :data:`TOP_K_LARGE` nearest when there are more than :data:`ALL_PAIRS_MAX_DOCS`.
    ``shared_passages`` uses ``config.min_passage_words``. The TF-IDF matrix is fitted
    once for both similarity tables.

    On a machine with several cores the shared passages are found while the cosines are
    computed: in a forked process from :data:`PASSAGES_PROCESS_MIN_DOCS` articles, in a
    second thread below. The tables are the same as when run one after the other.
    """
    tables = {}
    workers = _n_workers(None)
    passages, pool = _passages_elsewhere(df, config.min_passage_words, workers)
    with pool:
        X, _ = tfidf_matrix(df)
        V, labels = _units(df, X, "doc")
        tables["similarity_docs"] = _pairs_table(V, labels,
                                                 default_top_k(len(labels), config.top_k))
        V, labels = _units(df, X, "outlet")
        tables["similarity_outlets"] = _pairs_table(V, labels, default_top_k(len(labels), None))
        del X, V                # the passage index needs the memory more
        tables["shared_passages"] = (passages.result() if passages is not None else
                                     shared_passages(df, min_words=config.min_passage_words))
    return tables


__all__ = ["DEFAULT_TFIDF_OPTIONS", "tfidf_matrix", "outlet_matrix", "tfidf_similarity",
           "similarity_matrix", "plot_similarity_heatmap", "distinctive_terms", "default_top_k", "shared_passages",
           "outlet_groups", "stage_tables"]
