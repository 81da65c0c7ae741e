"""How often each group uses each term: :func:`term_frequencies`."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .counting import TermCounts, counts_for
from .groups import GroupCounts, group_counts

__all__ = ["term_frequencies", "frequency_rows"]


def term_frequencies(
    df: pd.DataFrame,
    *,
    by: str | None = "outlet",
    ngram_range: tuple[int, int] = (1, 1),
    min_count: int = 1,
    top_n: int | None = None,
    counts: TermCounts | None = None,
    **token_options,
) -> pd.DataFrame:
    """How often each group uses each term.

    Parameters
    ----------
    df : articles (``text_clean`` or ``text``; the ``by`` column).
    by : column whose values are the groups (``None``: the whole corpus, group "all").
    ngram_range : n-gram lengths, as in :func:`count_terms`.
    min_count : keep rows with ``count >= min_count``.
    top_n : keep at most the ``top_n`` most frequent terms per group (ties: term order).
    counts : the result of :func:`count_terms` on ``df`` (skips tokenising again; then
        ``ngram_range`` and ``token_options`` are those of ``counts``).
    **token_options : numbers, stop_words, phrases, stem, min_length (see
        :func:`count_terms`).

    Returns
    -------
    DataFrame ``group, term, count, per_10k, doc_freq``, sorted by group, count
    (descending), term. For group :math:`g` with :math:`W_g` words (every token except
    numbers and punctuation, stop words included) and term :math:`t` counted
    :math:`c_{gt}` times in it, ``per_10k`` :math:`= 10^4 \\, c_{gt} / W_g`; ``doc_freq`` is
    the number of the group's documents that contain the term.

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"],
    ...                    "text_clean": ["The regime's forces.", "Regime forces, regime!"]})
    >>> term_frequencies(df).round(1)
      group    term  count  per_10k  doc_freq
    0     X  regime      3   5000.0         2
    1     X  forces      2   3333.3         2
    """
    counts = counts_for(df, counts, ngram_range=ngram_range, **token_options)
    return frequency_rows(group_counts(counts, df, by=by), min_count=min_count, top_n=top_n)


def frequency_rows(grouped: GroupCounts, *, min_count: int, top_n: int | None) -> pd.DataFrame:
    """:func:`term_frequencies` from per-group sums."""
    labels = grouped.labels
    gc, gd = grouped.counts, grouped.doc_freq
    # Counts and document frequencies have the same sparsity pattern (a term with a
    # positive count is in at least one document), so their data arrays align.
    words = grouped.words
    g = np.repeat(np.arange(gc.shape[0], dtype=np.int64), np.diff(gc.indptr))
    t = gc.indices.astype(np.int64)
    c = gc.data.astype(np.int64)
    d = gd.data.astype(np.int64)
    keep = c >= min_count
    g, t, c, d = g[keep], t[keep], c[keep], d[keep]
    order = np.lexsort((t, -c, g))  # column order is alphabetical: t is the tie-break
    g, t, c, d = g[order], t[order], c[order], d[order]
    if top_n is not None:
        starts = np.searchsorted(g, g, side="left")
        sel = (np.arange(len(g)) - starts) < top_n
        g, t, c, d = g[sel], t[sel], c[sel], d[sel]
    with np.errstate(divide="ignore", invalid="ignore"):
        per = np.where(words[g] > 0, c * 1e4 / np.maximum(words[g], 1), np.nan)
    return pd.DataFrame({"group": labels[g], "term": grouped.terms[t], "count": c,
                         "per_10k": per, "doc_freq": d})
