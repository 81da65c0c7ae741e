"""Who counts as an outlet, and one TF-IDF vector per outlet.

An article whose outlet is unknown is its own outlet: "unknown" is not an outlet, and two
articles of unknown origin may come from different ones. In the bundled corpus 001 and
002 are machine-translated agency copies of unknown origin; they are compared with each
other and with everything else, in the outlet similarities as in the shared passages.
"""
from __future__ import annotations

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
    V = unit_rows(sp.csr_matrix(G @ X))
    V.sort_indices()
    return V, np.asarray(labels, dtype=object)


__all__ = ["outlet_groups", "outlet_values", "outlet_matrix"]
