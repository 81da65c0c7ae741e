"""Counts summed per group of documents (an outlet, a bias rating): :class:`GroupCounts`.

Sums over disjoint sets of documents add, so a corpus counted in partitions and merged
(:func:`count_partition`, :func:`merge_group_counts`) gives the same sums as the whole
corpus counted at once: this is how the terms stage splits
(:mod:`newslens.terms.stage`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import NewslensError
from .counting import DEFAULT_TOKEN_OPTIONS, TermCounts, count_terms, counts_for

__all__ = ["GroupCounts", "group_counts", "count_partition", "merge_group_counts"]


def _group_labels(df: pd.DataFrame, by: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Group codes per row and the sorted group labels; a missing value is "unknown"."""
    if by is None:
        return np.zeros(len(df), dtype=np.int64), np.array(["all"], dtype=object)
    if by not in df.columns:
        raise NewslensError(f"cannot group by {by!r}: no such column "
                            f"(columns: {', '.join(map(str, df.columns))})")
    values = df[by].astype(object).where(df[by].notna(), "unknown").astype(str)
    codes, labels = pd.factorize(values, sort=True)
    return codes.astype(np.int64), np.asarray(labels, dtype=object)


def _indicator(codes: np.ndarray, n_groups: int) -> sp.csr_matrix:
    """Groups x documents 0/1 matrix, so that ``G @ X`` sums documents per group."""
    n = len(codes)
    return sp.csr_matrix((np.ones(n, dtype=np.int64), (codes, np.arange(n))),
                         shape=(n_groups, n))


@dataclass(frozen=True, eq=False)
class GroupCounts:
    """A :class:`TermCounts` summed per group: everything the term tables need.

    :func:`term_frequencies`, :func:`keyness` and :func:`framing_rates` only use sums over
    each group's documents, and sums over disjoint sets of documents add. So a corpus can
    be counted in partitions (on several processes or machines, see
    :mod:`newslens.terms.stage`), each partition summed per group
    (:func:`count_partition`), and the partitions added (:func:`merge_group_counts`):
    the tables are the same as from the whole corpus counted at once, bit for bit (every
    sum is of integers).

    Attributes
    ----------
    labels : the group labels, sorted.
    terms : the term columns, sorted alphabetically (as :class:`TermCounts`).
    counts : groups x terms, :math:`c_{gt} = \\sum_{d \\in g} x_{dt}` (CSR, int64).
    doc_freq : groups x terms, documents of the group containing the term (same sparsity
        pattern as ``counts``).
    words : words per group (the denominator of "per 10,000 words").
    n_docs : documents counted.
    options : the token options used.
    framing : groups x framing entries counts, when a framing dictionary was counted.
    framing_entries, framing_table : as in :class:`TermCounts`.
    """

    labels: np.ndarray
    terms: np.ndarray
    counts: sp.csr_matrix
    doc_freq: sp.csr_matrix
    words: np.ndarray
    n_docs: int
    options: dict
    framing: np.ndarray | None = None
    framing_entries: pd.DataFrame | None = None
    framing_table: pd.DataFrame | None = field(default=None, repr=False)


def _canonical(m) -> sp.csr_matrix:
    m = sp.csr_matrix(m, dtype=np.int64)
    m.sum_duplicates()
    m.sort_indices()
    return m


def group_counts(counts: TermCounts, df: pd.DataFrame, *, by: str | None = "outlet"
                 ) -> GroupCounts:
    """Sum a :class:`TermCounts` of ``df`` over the groups of column ``by``.

    With :math:`G` the groups x documents 0/1 matrix: ``counts = G X``,
    ``doc_freq = G [X > 0]``, ``words = G w`` and ``framing = G F``.
    """
    counts = counts_for(df, counts)
    codes, labels = _group_labels(df, by)
    G = _indicator(codes, len(labels))
    X = counts.matrix
    present = sp.csr_matrix((np.ones_like(X.data), X.indices, X.indptr), shape=X.shape)
    framing = (np.asarray(G @ counts.framing) if counts.framing is not None else None)
    return GroupCounts(labels=labels, terms=counts.terms, counts=_canonical(G @ X),
                       doc_freq=_canonical(G @ present),
                       words=np.asarray(G @ counts.words).ravel().astype(np.int64),
                       n_docs=X.shape[0], options=counts.options, framing=framing,
                       framing_entries=counts.framing_entries,
                       framing_table=counts.framing_table)


def count_partition(df: pd.DataFrame, *, by: str | None = "outlet",
                    framing: pd.DataFrame | str | Path | None | bool = None,
                    **token_options) -> GroupCounts:
    """Count a corpus (or one partition of it) and sum per group: :func:`count_terms`
    followed by :func:`group_counts`. ``token_options`` default to
    :data:`DEFAULT_TOKEN_OPTIONS`; ``framing`` as in :func:`count_terms` (None = the bundled
    dictionary)."""
    options = {**DEFAULT_TOKEN_OPTIONS, **token_options}
    return group_counts(count_terms(df, framing=framing, **options), df, by=by)


def _remap(m: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray, shape) -> sp.csr_matrix:
    coo = m.tocoo()
    return sp.csr_matrix((coo.data, (rows[coo.row], cols[coo.col])), shape=shape)


def merge_group_counts(parts: Sequence[GroupCounts]) -> GroupCounts:
    """The :class:`GroupCounts` of several disjoint sets of documents together.

    Group labels and terms are the sorted unions of the parts'; each part's matrices are
    moved to the merged rows and columns and added. Integer sums, so the order of the
    parts does not matter and the result equals :func:`group_counts` of all documents at
    once.
    """
    parts = list(parts)
    if not parts:
        raise ValueError("nothing to merge")
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    for p in parts[1:]:
        if p.options != first.options:
            raise ValueError("the parts were counted with different token options")
        if (p.framing is None) != (first.framing is None) or (
                p.framing_table is not None and not p.framing_table.equals(first.framing_table)):
            raise ValueError("the parts were counted with different framing dictionaries")
    labels = np.array(sorted(set().union(*(p.labels.tolist() for p in parts))), dtype=object)
    terms = np.array(sorted(set().union(*(p.terms.tolist() for p in parts))), dtype=object)
    shape = (len(labels), len(terms))
    counts = sp.csr_matrix(shape, dtype=np.int64)
    doc_freq = sp.csr_matrix(shape, dtype=np.int64)
    words = np.zeros(len(labels), dtype=np.int64)
    framing = (np.zeros((len(labels), first.framing.shape[1]), dtype=np.int64)
               if first.framing is not None else None)
    for p in parts:
        rows = np.searchsorted(labels, p.labels) if len(p.labels) else np.zeros(0, np.int64)
        cols = np.searchsorted(terms, p.terms) if len(p.terms) else np.zeros(0, np.int64)
        counts = counts + _remap(p.counts, rows, cols, shape)
        doc_freq = doc_freq + _remap(p.doc_freq, rows, cols, shape)
        np.add.at(words, rows, p.words)
        if framing is not None:
            np.add.at(framing, rows, p.framing)
    return GroupCounts(labels=labels, terms=terms, counts=_canonical(counts),
                       doc_freq=_canonical(doc_freq), words=words,
                       n_docs=sum(p.n_docs for p in parts), options=first.options,
                       framing=framing, framing_entries=first.framing_entries,
                       framing_table=first.framing_table)

