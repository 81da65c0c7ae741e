"""Which terms a group uses more (or less) than the rest: keyness statistics.

Two statistics of the 2 x 2 table "this term / other terms" x "this group / the rest":
the log-odds ratio with an informative Dirichlet prior (:func:`log_odds_dirichlet`) and
Dunning's signed log-likelihood G² (:func:`signed_g2`); :func:`keyness` computes either
for every group and term.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from .counting import TermCounts, counts_for
from ..corpus import UNKNOWN
from .groups import GroupCounts, group_counts

__all__ = ["KEYNESS_METHODS", "log_odds_dirichlet", "signed_g2", "keyness", "keyness_rows"]

KEYNESS_METHODS = ("log_odds_dirichlet", "g2")


def log_odds_dirichlet(y_i, n_i, y_j, n_j, alpha, alpha0):
    """z-score of the log-odds ratio with an informative Dirichlet prior.

    Monroe, Colaresi & Quinn (2008), "Fightin' words", eq. 16-22. For a term with counts
    :math:`y_i` in group :math:`i` (of :math:`n_i` counted tokens) and :math:`y_j` in the
    rest (of :math:`n_j`), and prior pseudo-counts :math:`\\alpha_w` summing to
    :math:`\\alpha_0`:

    .. math::

        \\delta = \\log\\frac{y_i + \\alpha_w}{n_i + \\alpha_0 - y_i - \\alpha_w}
                - \\log\\frac{y_j + \\alpha_w}{n_j + \\alpha_0 - y_j - \\alpha_w}

        \\sigma^2(\\delta) \\approx \\frac{1}{y_i + \\alpha_w} + \\frac{1}{y_j + \\alpha_w},
        \\qquad z = \\delta / \\sqrt{\\sigma^2(\\delta)}

    All arguments broadcast (numpy arrays).
    """
    delta = (np.log(y_i + alpha) - np.log(n_i + alpha0 - y_i - alpha)
             - np.log(y_j + alpha) + np.log(n_j + alpha0 - y_j - alpha))
    return delta / np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))


def signed_g2(y_i, n_i, y_j, n_j):
    """Dunning's (1993) log-likelihood G² of the 2 x 2 table, signed by the direction.

    Cells: :math:`O_{11} = y_i` (term in group), :math:`O_{12} = y_j` (term in rest),
    :math:`O_{21} = n_i - y_i`, :math:`O_{22} = n_j - y_j`; expected counts
    :math:`E_{rc} = R_r C_c / N` from the row totals :math:`R` (term, other terms), the
    column totals :math:`C` (:math:`n_i`, :math:`n_j`) and :math:`N = n_i + n_j`:

    .. math::

        G^2 = 2 \\sum_{r,c} O_{rc} \\ln \\frac{O_{rc}}{E_{rc}} \\qquad (0 \\ln 0 = 0)

    The sign is + when the term is relatively more frequent in the group
    (:math:`y_i / n_i > y_j / n_j`), - otherwise. This is the full four-cell statistic
    (as quanteda's ``textstat_keyness(measure = "lr")`` without correction), not Rayson's
    two-cell shortcut. Under independence G² follows :math:`\\chi^2_1`.
    """
    N = n_i + n_j
    row1 = y_i + y_j
    row2 = N - row1
    g2 = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        for obs, expected in ((y_i, n_i * row1 / N), (y_j, n_j * row1 / N),
                              (n_i - y_i, n_i * row2 / N), (n_j - y_j, n_j * row2 / N)):
            g2 = g2 + special.xlogy(obs, obs / expected)
    g2 = np.maximum(2.0 * g2, 0.0)  # rounding can leave -1e-15 for identical rates
    sign = np.sign(y_i * n_j - y_j * n_i)
    return sign * g2


def _top_mask(s: np.ndarray, k: int) -> np.ndarray:
    """Per row, a mask of the ``k`` largest values; ties at the cut-off go to the lowest
    column index (alphabetical term order), so the choice is deterministic."""
    kth = -np.partition(-s, k - 1, axis=1)[:, k - 1:k]   # k-th largest value per row
    above = s > kth
    need = k - above.sum(axis=1, keepdims=True)
    tie = s == kth
    return above | (tie & (np.cumsum(tie, axis=1) <= need))


def keyness(
    df: pd.DataFrame,
    *,
    by: str | None = "outlet",
    method: str = "log_odds_dirichlet",
    min_count: int = 3,
    top_n: int | None = None,
    alpha0: float | None = None,
    counts: TermCounts | None = None,
    **token_options,
) -> pd.DataFrame:
    """Which terms each group uses more (or less) than all the other groups together.

    Parameters
    ----------
    df : articles (``text_clean`` or ``text``; the ``by`` column).
    by : the grouping column; each group is compared with the rest of the corpus.
    method : ``"log_odds_dirichlet"`` (Monroe, Colaresi & Quinn 2008; ``score`` is the
        z-score, see :func:`log_odds_dirichlet`) or ``"g2"`` (Dunning 1993; ``score`` is
        the signed G², see :func:`signed_g2`).
    min_count : only terms counted at least this often in the whole corpus.
    top_n : per group keep the ``top_n`` highest and the ``top_n`` lowest scores
        (``None``: every term, including those the group never uses: that can be
        groups x vocabulary rows).
    alpha0 : prior size :math:`\\alpha_0` of the log-odds method. The prior is the whole
        corpus: :math:`\\alpha_w = \\alpha_0 \\, y_w / N` with :math:`y_w` the term's corpus
        count and :math:`N` the corpus size. ``None`` = :math:`N`, i.e. the corpus counts
        themselves (Jurafsky et al. 2014's usage of the method); smaller values shrink
        less and give larger z-scores.
    counts : the result of :func:`count_terms` on ``df``.
    **token_options : as :func:`count_terms`.

    Returns
    -------
    DataFrame ``group, term, statistic, score, count_group, count_rest, p_value``, sorted
    by group, score (descending), term. ``p_value`` is two-sided: :math:`2\\Phi(-|z|)` for
    the log-odds z-score, :math:`P(\\chi^2_1 > G^2)` for G². Counts and totals are of the
    counted tokens (stop words and numbers excluded). Documents whose group is unknown (the
    loader's outlet ``"unknown"``, or a missing value) are left out: "unknown" is not a
    group, so it gets no rows and is not part of any group's rest (``docs/data.md``, the
    rule for unknown outlets). With fewer than two known groups the table is empty: there
    is no rest to compare with.

    Notes
    -----
    Computed block-wise on dense groups x terms arrays (numpy), so 491 outlets x 60,000
    terms never sit in memory at once. Most cells are terms the group never uses
    (:math:`y_i = 0`), for which the statistics reduce to one logarithm per cell:

    .. math::

        z_0 = \\left[\\ln\\alpha_w - \\ln(n_i + \\alpha_0 - \\alpha_w) - \\ln(y_w + \\alpha_w)
              + \\ln(n_j + \\alpha_0 - y_w - \\alpha_w)\\right] \\Big/
              \\sqrt{1/\\alpha_w + 1/(y_w + \\alpha_w)}

        G^2_0 = 2\\left[y_w \\ln\\frac{N}{n_j} - n_i \\ln\\left(1 - \\frac{y_w}{N}\\right)
               + (n_j - y_w) \\ln\\left(1 - \\frac{y_w n_i}{n_j (N - y_w)}\\right)\\right]

    (the second is the four-cell G² with :math:`O_{11} = 0`, written with ``log1p`` so that
    nothing cancels, and :math:`0 \\ln 0 = 0`); the non-zero cells use the full formulas. Tests check both against
    the full formulas.
    """
    if method not in KEYNESS_METHODS:
        raise ValueError(f"method must be one of {KEYNESS_METHODS}, got {method!r}")
    counts = counts_for(df, counts, **token_options)
    return keyness_rows(group_counts(counts, df, by=by), method=method, min_count=min_count,
                         top_n=top_n, alpha0=alpha0)


def keyness_rows(grouped: GroupCounts, *, method: str, min_count: int, top_n: int | None,
                  alpha0: float | None) -> pd.DataFrame:
    """:func:`keyness` from per-group sums; the group ``"unknown"`` is left out."""
    columns = ["group", "term", "statistic", "score", "count_group", "count_rest", "p_value"]
    # The rule for unknown outlets: articles of unknown origin are in no between-outlet
    # comparison, neither as a group nor in the rest (they may come from any outlet).
    known = np.asarray([label != UNKNOWN for label in grouped.labels], dtype=bool)
    labels = grouped.labels[known]
    if len(labels) < 2:
        return pd.DataFrame({c: pd.Series(dtype=float if c in ("score", "p_value") else object)
                             for c in columns})
    K = grouped.counts[np.flatnonzero(known)].astype(np.float64)
    # Totals over every counted token: min_count only limits which terms are scored.
    n_g = np.asarray(K.sum(axis=1)).ravel()
    N = float(n_g.sum())
    y_w = np.asarray(K.sum(axis=0)).ravel()
    keep_t = np.flatnonzero(y_w >= min_count)
    K = K[:, keep_t].tocsr()
    y_w = y_w[keep_t]
    V = len(keep_t)
    if V == 0 or N == 0:
        return pd.DataFrame({c: [] for c in columns})
    a0 = N if alpha0 is None else float(alpha0)
    alpha = a0 * y_w / N
    block = max(1, int(250_000 // max(V, 1)))  # ~2 MB arrays: cache-sized blocks
    with np.errstate(divide="ignore", invalid="ignore"):
        ln_a, ln_ya = np.log(alpha), np.log(y_w + alpha)
        sd0 = np.sqrt(1.0 / alpha + 1.0 / (y_w + alpha))
        neg_log1p = -np.log1p(-y_w / N)   # -inf only when one term is the whole corpus
    parts = []
    for b0 in range(0, len(labels), block):
        rows = np.arange(b0, min(b0 + block, len(labels)))
        Kb = K[rows]
        Y = Kb.toarray()
        R = y_w[None, :] - Y
        n_i = n_g[rows][:, None]
        n_j = N - n_i
        # Most cells of a groups x terms table are zero (the group never uses the term);
        # for them both statistics simplify to one logarithm per cell (the Notes of
        # keyness), and only the non-zero cells need the full formula.
        nz = Kb.tocoo()
        r, c, y = nz.row, nz.col, nz.data
        with np.errstate(divide="ignore", invalid="ignore"):
            if method == "log_odds_dirichlet":
                score = (ln_a[None, :] - np.log(n_i + a0 - alpha[None, :]) - ln_ya[None, :]
                         + np.log(n_j + a0 - y_w[None, :] - alpha[None, :])) / sd0[None, :]
                score[r, c] = log_odds_dirichlet(y, n_i[r, 0], y_w[c] - y, n_j[r, 0],
                                                 alpha[c], a0)
                # two-sided normal tail: 2 * (1 - Phi(|z|)) = erfc(|z| / sqrt 2)
                p = special.erfc(np.abs(score) / np.sqrt(2.0))
            else:
                score = -2.0 * (y_w[None, :] * np.log(N / n_j) + n_i * neg_log1p[None, :]
                                + special.xlog1py(n_j - y_w[None, :],
                                                  -y_w[None, :] * n_i / (n_j * (N - y_w[None, :]))))
                score[r, c] = signed_g2(y, n_i[r, 0], y_w[c] - y, n_j[r, 0])
                # chi-square with 1 df: P(X > g) = erfc(sqrt(g / 2))
                p = special.erfc(np.sqrt(np.abs(score) / 2.0))
        # A group with no counted token (empty articles), or whose rest has none, has no
        # rate to compare.
        score[(n_g[rows] == 0) | (n_g[rows] == N), :] = np.nan
        p[~np.isfinite(score)] = np.nan
        if top_n is None or 2 * top_n >= V:
            rr, cc = (a.ravel() for a in np.indices(score.shape))
        else:
            s = np.where(np.isfinite(score), score, -np.inf)
            mask = _top_mask(s, top_n) | _top_mask(-np.where(np.isfinite(score), score, np.inf), top_n)
            rr, cc = np.nonzero(mask)
        parts.append(pd.DataFrame({
            "g": rows[rr], "t": cc, "score": score[rr, cc], "count_group": Y[rr, cc],
            "count_rest": R[rr, cc], "p_value": p[rr, cc]}))
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["g", "score", "t"], ascending=[True, False, True],
                          kind="mergesort", na_position="last").reset_index(drop=True)
    return pd.DataFrame({
        "group": labels[out["g"].to_numpy()],
        "term": grouped.terms[keep_t[out["t"].to_numpy()]],
        "statistic": method,
        "score": out["score"].to_numpy(),
        "count_group": out["count_group"].to_numpy().astype(np.int64),
        "count_rest": out["count_rest"].to_numpy().astype(np.int64),
        "p_value": out["p_value"].to_numpy(),
    })

