"""How often each group names things each way: :func:`framing_rates`.

The dictionary and its matching rules are in :mod:`newslens.terms.dictionary`; the
patterns are counted with the terms, in :func:`newslens.terms.count_terms`.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .counting import TermCounts, count_terms
from .dictionary import framing_table
from .groups import GroupCounts, group_counts

__all__ = ["framing_rates", "framing_rows"]


def framing_rates(
    df: pd.DataFrame,
    *,
    by: str | None = "outlet",
    dictionary: pd.DataFrame | str | Path | None = None,
    counts: TermCounts | None = None,
) -> pd.DataFrame:
    """How often each group names things each way: a framing dictionary's rates.

    Parameters
    ----------
    df : articles (``text_clean`` or ``text``; the ``by`` column).
    by : the grouping column (``None``: one group "all").
    dictionary : ``None`` (the example study's ``examples/idlib/framing.yaml``), a YAML path, or a
        table from :func:`load_framing`. Matching rules: :func:`load_framing`.
    counts : a :func:`count_terms` result made with ``framing=`` the same dictionary.

    Returns
    -------
    DataFrame ``group, family, term, count, words, per_10k, share``: one row for every
    group and dictionary term (zero counts included: not using a word is a finding),
    in group order, then the dictionary's order. ``words`` is the group's word count
    (:func:`count_terms`), ``per_10k`` :math:`= 10^4 \\cdot count / words` and ``share``
    the term's part of its family's matches in the group (NaN when the family is never
    used).

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text_clean": [
    ...     "Government forces and the regime's army began an attack on the rebels."]})
    >>> t = framing_rates(df)
    >>> t[t["count"] > 0][["family", "term", "count", "words", "share"]]
              family        term  count  words  share
    0     government      regime      1     12    0.5
    1     government  government      1     12    0.5
    5   armed_groups      rebels      1     12    1.0
    18     offensive      attack      1     12    1.0
    """
    table = framing_table(dictionary)
    if counts is not None and counts.matrix.shape[0] != len(df):
        raise ValueError("counts does not belong to this table (row counts differ)")
    if counts is None or counts.framing is None or not counts.framing_table.equals(table):
        # The same word counts as count_terms (numbers out, default phrases merged).
        counts = count_terms(df, framing=table)
    return framing_rows(group_counts(counts, df, by=by))


def framing_rows(grouped: GroupCounts) -> pd.DataFrame:
    """:func:`framing_rates` from per-group sums (counted with a framing dictionary)."""
    entries = grouped.framing_entries
    labels = grouped.labels
    F = grouped.framing                                      # groups x entries
    words = grouped.words                                    # groups
    fam = entries["family"].to_numpy(dtype=object)
    fam_codes, fam_names = pd.factorize(fam)
    fam_tot = np.zeros((len(labels), len(fam_names)), dtype=np.int64)
    for k in range(len(fam_names)):
        fam_tot[:, k] = F[:, fam_codes == k].sum(axis=1)
    n_g, n_e = F.shape
    gg = np.repeat(np.arange(n_g), n_e)
    ee = np.tile(np.arange(n_e), n_g)
    cnt = F.ravel()
    w = words[gg]
    ft = fam_tot[gg, fam_codes[ee]]
    with np.errstate(divide="ignore", invalid="ignore"):
        per = np.where(w > 0, cnt * 1e4 / np.maximum(w, 1), np.nan)
        share = np.where(ft > 0, cnt / np.maximum(ft, 1), np.nan)
    return pd.DataFrame({"group": labels[gg], "family": fam[ee],
                         "term": entries["term"].to_numpy(dtype=object)[ee],
                         "count": cnt.astype(np.int64), "words": w.astype(np.int64),
                         "per_10k": per, "share": share})

