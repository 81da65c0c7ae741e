"""Who counts as an outlet, and one TF-IDF vector per outlet.

The rule for unknown outlets (the same in every stage, ``docs/data.md``): "unknown" is not
an outlet, and two articles of unknown origin may come from different ones. So an article
whose outlet is unknown is compared article by article (``similarity_docs``,
``shared_passages``: there it is its own outlet, :func:`outlet_groups`, so its passages
shared with any other article are found), and it is left out of every comparison between
outlets (``similarity_outlets`` here, ``keyness`` in :mod:`newslens.terms`): it has no
outlet vector (:func:`outlet_matrix`), as it has no keyness row.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..corpus import UNKNOWN
from .tfidf import unit_rows


def outlet_groups(df: pd.DataFrame) -> pd.Series:
    """The outlet each article counts as when outlets are compared.

    The ``outlet`` value, except that an unknown outlet (``"unknown"``, empty, missing,
    or no ``outlet`` column at all) becomes ``"unknown (<doc_id>)"``: every article of
    unknown origin is its own outlet, since "unknown" is not one outlet (module doc).

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["001", "002", "003"],
    ...                    "outlet": ["unknown", "unknown", "TRT World"]})
    >>> outlet_groups(df).tolist()
    ['unknown (001)', 'unknown (002)', 'TRT World']
    """
    ids = df["doc_id"].astype(str)
    own = "unknown (" + ids + ")"
    if "outlet" not in df.columns:
        return own.rename("outlet")
    outlet = df["outlet"]
    known = outlet.map(lambda v: isinstance(v, str) and v.strip() != ""
                       and v.strip().lower() != UNKNOWN)
    return outlet.where(known, own).astype(object).rename("outlet")


def outlet_values(df: pd.DataFrame) -> np.ndarray:
    """The ``outlet`` column as printed in the tables ("unknown" when there is none)."""
    if "outlet" in df.columns:
        return df["outlet"].to_numpy(dtype=object)
    return np.full(len(df), UNKNOWN, dtype=object)


#: How :func:`outlet_groups` labels an article of unknown outlet: its own group.
_UNKNOWN_GROUP = re.compile(r"^unknown \(.*\)$", re.S)


def is_unknown_group(labels) -> np.ndarray:
    """Which labels of :func:`outlet_groups` stand for an article of unknown outlet
    (``unknown (<doc_id>)``; the loader names a missing outlet ``unknown``, so no known
    outlet has this shape)."""
    return np.asarray([isinstance(v, str) and bool(_UNKNOWN_GROUP.match(v)) for v in labels],
                      dtype=bool)


def outlet_matrix(X: sp.csr_matrix, groups: pd.Series) -> tuple[sp.csr_matrix, np.ndarray]:
    """One unit vector per known outlet: the mean of its articles' unit vectors,
    re-normalised. Articles of unknown outlet (:func:`is_unknown_group`) get none: they are
    left out of comparisons between outlets (module doc).

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
    (V, labels): CSR matrix with one row per known outlet, ``labels`` sorted.
    """
    groups = pd.Series(groups, dtype=object).reset_index(drop=True)
    keep = np.flatnonzero(~is_unknown_group(groups.tolist()))
    if len(keep) < len(groups):
        X, groups = X[keep], groups.iloc[keep]
    codes, labels = pd.factorize(groups, sort=True)
    n = X.shape[0]
    counts = np.bincount(codes, minlength=len(labels)).astype(np.float64)
    G = sp.csr_matrix((1.0 / counts[codes], (codes, np.arange(n))), shape=(len(labels), n))
    V = unit_rows(sp.csr_matrix(G @ X))
    V.sort_indices()
    return V, np.asarray(labels, dtype=object)


__all__ = ["outlet_groups", "outlet_values", "outlet_matrix", "is_unknown_group"]
