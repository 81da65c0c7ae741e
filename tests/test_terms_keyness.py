"""Tests for newslens.terms.keyness_stats: log-odds with a Dirichlet prior, signed G²."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from newslens.terms import count_terms, keyness, log_odds_dirichlet, signed_g2
from helpers import outlet_corpus as corpus


# Hand-computed 2 x 2 tables. Case 1: A = "regime x3, rebels x1" (n_A = 4),
# B = "regime x1, rebels x3" (n_B = 4), N = 8. Prior alpha0 = N = 8, so
# alpha_regime = 8 * 4/8 = 4.
#   delta = ln((3+4)/(4+8-3-4)) - ln((1+4)/(4+8-1-4)) = ln(7/5) - ln(5/7) = 0.672944
#   var   = 1/(3+4) + 1/(1+4) = 0.342857;  z = 0.672944 / sqrt(0.342857) = 1.149271
#   p     = 2 * (1 - Phi(1.149271)) = 0.250444
#   G2: cells 3, 1, 1, 3; all expected counts 4*4/8 = 2;
#   G2 = 2 * (3 ln 1.5 + 1 ln 0.5 + 1 ln 0.5 + 3 ln 1.5) = 2.092993; p = 0.147976
# Case 2: A = "regime x2, rebels x1" (n_A = 3), B = "regime x1, rebels x4" (n_B = 5),
# alpha_regime = 8 * 3/8 = 3:
#   delta = ln((2+3)/(3+8-2-3)) - ln((1+3)/(5+8-1-3)) = ln(5/6) - ln(4/9) = 0.628609
#   z = 0.628609 / sqrt(1/5 + 1/4) = 0.937074
#   G2: cells 2, 1, 1, 4; expected 3*3/8 = 1.125, 5*3/8 = 1.875, 3*5/8 = 1.875,
#   5*5/8 = 3.125; G2 = 2 * (2 ln(2/1.125) + 2 * ln(1/1.875) + 4 ln(4/3.125)) = 1.761903
#   p = 0.184387
CASE1 = corpus(("A", "regime regime regime rebels"), ("B", "regime rebels rebels rebels"))
CASE2 = corpus(("A", "regime regime rebels"), ("B", "regime rebels rebels rebels rebels"))


@pytest.mark.parametrize("df, method, score, p", [
    (CASE1, "log_odds_dirichlet", 1.149271, 0.250444),
    (CASE1, "g2", 2.092993, 0.147976),
    (CASE2, "log_odds_dirichlet", 0.937074, None),
    (CASE2, "g2", 1.761903, 0.184387),
])
def test_keyness_against_hand_computed_values(df, method, score, p):
    k = keyness(df, method=method, min_count=1).set_index(["group", "term"])
    row = k.loc[("A", "regime")]
    assert row["statistic"] == method
    assert row["score"] == pytest.approx(score, abs=1e-6)
    assert (row["count_group"], row["count_rest"]) == ((3, 1) if df is CASE1 else (2, 1))
    if p is not None:
        assert row["p_value"] == pytest.approx(p, abs=1e-6)
    # B's view of the same term has the opposite sign
    assert k.loc[("B", "regime"), "score"] < 0


def test_log_odds_case2_rebels_and_prior_size_by_hand():
    k = keyness(CASE2, min_count=1).set_index(["group", "term"])
    # rebels for A: y_i = 1, n_i = 3, y_j = 4, n_j = 5, alpha = 8 * 5/8 = 5:
    # delta = ln(6/5) - ln(9/4) = -0.628609; z = -0.628609 / sqrt(1/6 + 1/9) = -1.192701
    assert k.loc[("A", "rebels"), "score"] == pytest.approx(-1.192701, abs=1e-6)
    # alpha0 = 2: alpha_regime = 2 * 3/8 = 0.75;
    # delta = ln(2.75/2.25) - ln(1.75/5.25) = 1.299283; z = 1.299283 / sqrt(1/2.75 + 1/1.75)
    #       = 1.343640
    k2 = keyness(CASE2, min_count=1, alpha0=2).set_index(["group", "term"])
    assert k2.loc[("A", "regime"), "score"] == pytest.approx(1.343640, abs=1e-6)


def test_statistic_functions_directly():
    assert log_odds_dirichlet(3, 4, 1, 4, 4, 8) == pytest.approx(1.149271, abs=1e-6)
    assert signed_g2(3, 4, 1, 4) == pytest.approx(2.092993, abs=1e-6)
    assert signed_g2(1, 4, 3, 4) == pytest.approx(-2.092993, abs=1e-6)
    # identical rates: no evidence either way
    assert signed_g2(2, 4, 2, 4) == 0.0
    # a term absent from the group: 0 ln 0 = 0, finite and negative
    assert np.isfinite(signed_g2(0, 10, 5, 10)) and signed_g2(0, 10, 5, 10) < 0


@pytest.mark.parametrize("method, formula", [
    ("log_odds_dirichlet", lambda yi, ni, yj, nj, N: log_odds_dirichlet(yi, ni, yj, nj,
                                                                          (yi + yj), N)),
    ("g2", lambda yi, ni, yj, nj, N: signed_g2(yi, ni, yj, nj)),
])
def test_keyness_table_equals_the_formulas_cell_by_cell(method, formula):
    """The vectorised keyness (zero cells by the one-logarithm forms, the rest by the full
    formulas) equals the formulas applied to every cell."""
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(30)]
    rows = [(f"G{g}", " ".join(rng.choice(words[:8 + 4 * g], size=int(rng.integers(5, 40)))))
            for g in range(5) for _ in range(2)]
    rows.append(("G5", "solo solo solo"))  # a term the rest never uses, a group with one term
    df = corpus(*rows)
    k = keyness(df, method=method, min_count=1)
    totals = pd.Series(count_terms(df).matrix.sum(axis=1).A1).groupby(df["outlet"]).sum()
    N = float(totals.sum())
    ni = k["group"].map(totals).to_numpy(float)
    yi, yj = k["count_group"].to_numpy(float), k["count_rest"].to_numpy(float)
    assert (yi == 0).sum() > 20
    expected = formula(yi, ni, yj, N - ni, N)
    np.testing.assert_allclose(k["score"].to_numpy(), expected, rtol=1e-9, atol=1e-9)


def test_keyness_columns_sorting_and_single_group():
    k = keyness(CASE1, min_count=1)
    assert list(k.columns) == ["group", "term", "statistic", "score", "count_group",
                               "count_rest", "p_value"]
    assert k[["group", "term"]].values.tolist() == [["A", "regime"], ["A", "rebels"],
                                                    ["B", "rebels"], ["B", "regime"]]
    one = keyness(corpus(("A", "regime regime regime")), min_count=1)
    assert one.empty and list(one.columns) == list(k.columns)
    with pytest.raises(ValueError, match="method"):
        keyness(CASE1, method="chi2")


def test_keyness_min_count_and_top_n_both_ends():
    df = corpus(("A", "alpha alpha alpha beta gamma delta delta"),
                ("B", "beta beta beta gamma gamma epsilon epsilon"),
                ("C", "alpha delta epsilon"))
    full = keyness(df, min_count=1)
    assert len(full) == 3 * 5  # every group x every term, absent terms included
    assert "gamma" in set(full["term"])
    assert "gamma" not in set(keyness(df, min_count=4)["term"])  # gamma: 3 in the corpus
    # min_count only chooses the terms scored: group totals still count every token, so a
    # kept term's score does not change
    for method in ("log_odds_dirichlet", "g2"):
        a = keyness(df, min_count=1, method=method).set_index(["group", "term"])["score"]
        b = keyness(df, min_count=4, method=method).set_index(["group", "term"])["score"]
        assert b.to_dict() == pytest.approx(a[b.index].to_dict())
    top = keyness(df, min_count=1, top_n=1)
    for g, rows in full.groupby("group"):
        picked = top[top["group"] == g]
        assert set(picked["term"]) == {rows.iloc[0]["term"], rows.iloc[-1]["term"]}


def test_keyness_without_a_rest_is_nan_not_an_error():
    # B's only term is below min_count, so B has tokens but no scored term; A is compared
    # with B's tokens. A group whose rest has no token at all gets NaN.
    df = corpus(("A", "regime regime regime"), ("B", "rebels rebels"))
    k = keyness(df, min_count=3).set_index(["group", "term"])
    assert k.loc[("A", "regime"), "score"] > 0 and k.loc[("B", "regime"), "score"] < 0
    # the rest is nothing but the term: 0 ln 0 = 0 in the zero-count form of G2
    g2 = keyness(df, min_count=1, method="g2").set_index(["group", "term"])
    assert g2.loc[("A", "rebels"), "score"] == pytest.approx(signed_g2(0, 3, 2, 2))
    assert np.isfinite(g2["score"]).all()
    lone = keyness(corpus(("A", "regime regime regime"), ("B", "")), min_count=1)
    assert lone["score"].isna().all() and lone["p_value"].isna().all()


def test_keyness_is_deterministic_with_ties():
    df = corpus(*[("A", "w1 w2 w3 w4 w5 w6"), ("B", "w7 w8 w9 x1 x2 x3")])
    a = keyness(df, min_count=1, top_n=2)
    b = keyness(df, min_count=1, top_n=2)
    pd.testing.assert_frame_equal(a, b)
    # all of A's own words tie: the alphabetical first two are kept
    assert a[(a["group"] == "A") & (a["score"] > 0)]["term"].tolist() == ["w1", "w2"]


def test_keyness_all_terms_in_order_of_math_isclose():
    # sanity: the z-score of a term absent from both halves of the prior is finite
    df = corpus(("A", "regime"), ("B", "rebels"))
    k = keyness(df, min_count=1)
    assert np.isfinite(k["score"]).all() and math.isfinite(k["p_value"].sum())


def test_unknown_outlet_is_no_group_and_not_in_the_rest():
    # the rule for unknown outlets (docs/data.md): the "unknown" articles are left out, so
    # A's scores are exactly those of the corpus without them
    import pandas as pd
    from newslens.terms import keyness

    df = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "outlet": ["A", "B", "unknown", "unknown"],
                       "text": ["ceasefire ceasefire talks talks talks", "ceasefire talks offensive",
                                "offensive offensive offensive ceasefire", "offensive talks"]})
    with_unknown = keyness(df, min_count=1)
    without = keyness(df[df["outlet"] != "unknown"], min_count=1)
    assert "unknown" not in set(with_unknown["group"])
    pd.testing.assert_frame_equal(with_unknown.reset_index(drop=True), without.reset_index(drop=True))
