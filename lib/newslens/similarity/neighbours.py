"""Cosines between unit rows, block by block: all pairs, or each row's k nearest.

Cosines of unit TF-IDF rows are dot products (:mod:`newslens.similarity.tfidf`), so the
cosines of *n* documents are the upper triangle of ``X @ X.T``. That matrix is never
built: it is cut into blocks, each computed once, and each block is reduced (to its
pairs, or folded into each row's best *k*) before the next one is computed.

The block decomposition
-----------------------
Rows are cut into consecutive *row blocks* ``s:e`` of ``b = max(1, 8,000,000 // n)``
rows (:class:`CosineKernel`). Block ``s:e`` is the cosines of rows ``s:e`` against rows
``s:n``: a dense ``(e - s) x (n - s)`` array of at most 8 million cells (64 MB). The
blocks tile the upper triangle (and the diagonal, which is ignored), so every pair
``i < j`` is computed exactly once, in the block of row ``i``. Within a block the sparse
product runs one *column chunk* at a time (``X[s:e] @ X[c0:c1].T``, chunks of a multiple
of ``b`` columns aligned with the row blocks, transposed once), so that no block computes
much of the lower triangle; the sparse result of one chunk is at most ``b x chunk`` cells
(12 bytes each) before it is copied into the dense block.

*All pairs* (:func:`pairs_of_blocks`): each block gives its pairs ``i < j``.
*Top k* (:func:`top_k_of_blocks`): block ``s:e`` gives rows ``s:e`` their candidates
among rows ``s:``, and its transpose gives the later rows their candidates among
``s:e``; only values at least as large as a row's current k-th best are sorted. Blocks
are taken in *groups* of consecutive blocks of about equal work (:func:`block_groups`;
block ``s:e`` costs ``(e - s)(n - s)`` cells), each group giving every row its best
``k`` among the group's cells, and the groups' answers are merged
(:func:`merge_top_k_parts`). Memory per group: one block, its column chunk, and the
running ``n x k`` answer.

Why the result does not depend on the blocking: a cell's value is the sum, over the
terms of row ``i`` in stored order, of ``X[i, t] * X[j, t]``, whichever block and chunk
computes it (scipy's sparse product accumulates each output cell in the order of the
left row's entries), so the floats are the same for any block size, chunk or grouping;
and the top-k order is total (cosine descending, then the smaller row index, which is
the label that sorts first), so merging the candidates of any grouping, in any order,
gives the same neighbours. On corpora of at least 5,000 documents, the terms found in
more than 10% of them are multiplied as a dense matrix (BLAS) and added to the sparse
part: a fixed split of the sum, the same in every block.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

#: Columns of the similarity tables.
SIMILARITY_COLUMNS = ["a", "b", "cosine"]

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
# Columns per transposed chunk of the sparse matrix, rounded to a multiple of the block
# rows so that chunks start where blocks start: a block then computes at most one
# chunk's worth of lower-triangle cells (each sparse product has a fixed cost, so chunks
# are not made smaller than this).
_COLUMN_CHUNK = 1024


class CosineKernel:
    """Dot products between L2-normalised rows, computed in blocks of the upper triangle.

    Every entry is computed once, in :meth:`block`, so that the all-pairs table and the
    top-k table of one corpus contain bit-identical cosines (module docstring).
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
        self.chunk = self.block_rows * max(1, -(-_COLUMN_CHUNK // self.block_rows))
        self.chunks = [(c0, min(n, c0 + self.chunk), sp.csr_matrix(self.sparse[c0:c0 + self.chunk].T))
                       for c0 in range(0, n, self.chunk)]

    def blocks(self) -> list[tuple[int, int]]:
        """The row blocks ``(s, e)``, in order."""
        return [(s, min(self.n, s + self.block_rows)) for s in range(0, self.n, self.block_rows)]

    def block(self, s: int, e: int) -> np.ndarray:
        """Cosines of rows ``s:e`` against rows ``s:`` as a dense (e-s, n-s) array."""
        out = np.empty((e - s, self.n - s))
        rows = self.sparse[s:e]
        for c0, c1, chunk_t in self.chunks:
            if c1 <= s:
                continue
            # a sparse product, then dense: scipy's kernel adds each cell's terms in the
            # order of the left row's entries, whatever the chunk
            part = (rows @ chunk_t).toarray()
            lo = max(c0, s)
            out[:, lo - s:c1 - s] = part[:, lo - c0:]
        if self.dense is not None:
            out += self.dense[s:e] @ self.dense[s:].T
        return out


# --------------------------------------------------------------------------- top k

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


def _empty_top_k(n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    return np.full((n, k), -np.inf), np.full((n, k), _NO_INDEX, dtype=np.int64)


def top_k_of_blocks(kernel: CosineKernel, blocks: Sequence[tuple[int, int]], k: int
                    ) -> dict[str, np.ndarray]:
    """Every row's best ``k`` other rows among the cells of some row blocks.

    Returns ``{"v": cosines, "i": rows}``, each ``n x k``, sorted by cosine descending then
    row, padded with ``-inf`` where a row has fewer than ``k`` candidates in these blocks.
    ``k`` must be at least 1 and below ``n`` (:func:`neighbour_count`).
    """
    best_v, best_i = _empty_top_k(kernel.n, k)
    for s, e in blocks:
        _merge_block(kernel.block(s, e), s, e, kernel.n, k, best_v, best_i)
    return {"v": best_v, "i": best_i}


def merge_top_k_parts(parts: Iterable[dict], n: int, k: int
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Merge :func:`top_k_of_blocks` answers into ``(a, b, cosine)`` arrays, ``n * k``
    long: row ``a``'s ``k`` nearest rows, by cosine descending then ``b``. The order is
    total, so neither the grouping nor the order of ``parts`` changes the answer."""
    best_v, best_i = _empty_top_k(n, k)
    rows = np.arange(n)
    for part in parts:
        _merge_top_k(best_v, best_i, rows, part["v"], part["i"], k)
    return np.repeat(rows, k), best_i.ravel(), best_v.ravel()


def neighbour_count(n: int, top_k: int) -> int:
    """The neighbours each of ``n`` rows gets: ``top_k``, at most ``n - 1`` (0: none)."""
    if top_k < 1:
        raise ValueError(f"top_k must be a positive number of neighbours, not {top_k}")
    return max(0, min(top_k, n - 1))


# --------------------------------------------------------------------------- all pairs

def pairs_of_blocks(kernel: CosineKernel, blocks: Sequence[tuple[int, int]]
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair ``i < j`` with ``i`` in the given row blocks: (a, b, cosine) arrays."""
    n = kernel.n
    out_a, out_b, out_v = [], [], []
    for s, e in blocks:
        S = kernel.block(s, e)
        r, c = np.nonzero(np.arange(s, n)[None, :] > np.arange(s, e)[:, None])
        out_a.append(r + s)
        out_b.append(c + s)
        out_v.append(S[r, c])
    return concat_pairs([(a, b, v) for a, b, v in zip(out_a, out_b, out_v)])


def concat_pairs(parts: Sequence[tuple]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(a, b, cosine)`` arrays of several parts, concatenated in order."""
    if not parts:
        return (np.array([], dtype=np.int64),) * 2 + (np.array([], dtype=np.float64),)
    return tuple(np.concatenate([p[i] for p in parts]) for i in range(3))


# --------------------------------------------------------------------------- groups, table

def block_groups(blocks: Sequence[tuple[int, int]], n: int, n_groups: int) -> list[list]:
    """Consecutive runs of blocks with about equal work, at most ``n_groups`` of them;
    block ``s:e`` costs :math:`(e - s)(n - s)` cells (the upper triangle from row ``s``)."""
    blocks = list(blocks)
    if not blocks:
        return []
    cost = [(e - s) * (n - s) for s, e in blocks]
    total = sum(cost) or 1
    groups: list[list] = [[]]
    acc = 0
    for b, c in zip(blocks, cost):
        if groups[-1] and acc >= total * len(groups) / n_groups:
            groups.append([])
        groups[-1].append(b)
        acc += c
    return groups


def n_threads(n_jobs: int | None) -> int:
    """Threads for the block products: ``n_jobs``, or every core when None (or -1)."""
    cores = os.cpu_count() or 1
    if n_jobs is None or n_jobs == -1:
        return cores
    if n_jobs < 1:
        raise ValueError(f"n_jobs must be a positive number of threads, None or -1, not {n_jobs}")
    return n_jobs


def _blas_single_thread(workers: int):
    """One BLAS thread per worker while several threads multiply (else the dense products
    of two threads would each start a BLAS thread per core and fight for the cores)."""
    if workers < 2:
        return nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def blocks_in_threads(kernel: CosineKernel, blocks: Sequence[tuple[int, int]], k: int | None,
                      threads: int):
    """:func:`pairs_of_blocks` (``k`` None) or :func:`top_k_of_blocks` of ``blocks``, the
    blocks cut into ``threads`` groups of about equal work that run on as many threads
    (scipy's sparse products and BLAS release the interpreter lock), their answers
    concatenated or merged: the same answer for any number of threads (module docstring).
    """
    groups = block_groups(blocks, kernel.n, max(1, threads))

    def run(group):
        return pairs_of_blocks(kernel, group) if k is None else top_k_of_blocks(kernel, group, k)

    with _blas_single_thread(len(groups)):
        if len(groups) < 2:
            parts = [run(g) for g in groups]
        else:
            with ThreadPoolExecutor(max_workers=len(groups)) as pool:
                parts = list(pool.map(run, groups))
    if k is None:
        return concat_pairs(parts)
    if len(parts) == 1:
        return parts[0]
    best_v, best_i = _empty_top_k(kernel.n, k)
    rows = np.arange(kernel.n)
    for part in parts:
        _merge_top_k(best_v, best_i, rows, part["v"], part["i"], k)
    return {"v": best_v, "i": best_i}


def cosine_pairs(X: sp.csr_matrix, top_k: int | None, *, n_jobs: int | None = 1
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All pairs (``top_k`` None) or each row's ``top_k`` nearest rows of unit rows ``X``.

    The blocks run on ``n_jobs`` threads (None: every core); the answer does not depend
    on it (module docstring).
    """
    kernel = CosineKernel(X)
    k = None if top_k is None else neighbour_count(kernel.n, top_k)
    if k == 0:
        return concat_pairs([])
    answer = blocks_in_threads(kernel, kernel.blocks(), k, n_threads(n_jobs))
    if k is None:
        return answer
    return merge_top_k_parts([answer], kernel.n, k)


def pairs_table(labels: np.ndarray, a: np.ndarray, b: np.ndarray, v: np.ndarray, *,
                all_pairs: bool) -> pd.DataFrame:
    """Tidy ``a, b, cosine`` from row numbers into ``labels`` (sorted, so that row order is
    label order). All pairs are sorted by ``a, b``; a top-k answer is already sorted by
    ``a``, cosine descending, ``b``."""
    out = pd.DataFrame({"a": labels[a] if len(a) else np.array([], dtype=object),
                        "b": labels[b] if len(b) else np.array([], dtype=object),
                        "cosine": v.astype(np.float64)})
    out = out.astype({"a": object, "b": object})
    if all_pairs:
        out = out.sort_values(["a", "b"], kind="mergesort").reset_index(drop=True)
    return out


__all__ = ["SIMILARITY_COLUMNS", "CosineKernel", "top_k_of_blocks", "merge_top_k_parts",
           "neighbour_count", "pairs_of_blocks", "concat_pairs", "block_groups", "n_threads",
           "blocks_in_threads",
           "cosine_pairs", "pairs_table"]
