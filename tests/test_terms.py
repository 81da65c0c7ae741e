"""Tests for newslens.terms: term frequencies, keyness, framing, collocations, KWIC."""
from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslens.config import RunConfig
from newslens.errors import NewslensError
from newslens.terms import (
    DEFAULT_TOKEN_OPTIONS, collocations, count_terms, framing_rates, keyness, kwic,
    load_framing, log_odds_dirichlet, signed_g2, stage_tables, term_frequencies,
)
from newslens.tokens import tokenize


def corpus(*rows: tuple[str, str]) -> pd.DataFrame:
    """(outlet, text) pairs -> a cleaned-corpus table, doc ids d0, d1, ..."""
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(rows))],
                         "outlet": [o for o, _ in rows],
                         "text_clean": [t for _, t in rows]})


# ----------------------------------------------------------------- term counts

def test_term_frequencies_by_hand():
    df = corpus(("A", "The regime's forces. Regime forces!"), ("A", "Regime talks in 2018."),
                ("B", "Rebels and the regime"))
    t = term_frequencies(df)
    assert list(t.columns) == ["group", "term", "count", "per_10k", "doc_freq"]
    a = t[t["group"] == "A"].set_index("term")
    # A's words: the, regime, forces, regime, forces | regime, talks, in = 8 (2018 is a
    # number, not a word). regime: 3 / 8 * 10,000 = 3750; forces 2 / 8 * 10,000 = 2500.
    assert a.loc["regime", "count"] == 3 and a.loc["regime", "per_10k"] == pytest.approx(3750)
    assert a.loc["forces", "count"] == 2 and a.loc["forces", "per_10k"] == pytest.approx(2500)
    assert a.loc["regime", "doc_freq"] == 2 and a.loc["forces", "doc_freq"] == 1
    # stop words and numbers are not terms; rows sorted by group, count desc, term
    assert "the" not in set(t["term"]) and "2018" not in set(t["term"])
    assert t[["group", "term"]].values.tolist() == [
        ["A", "regime"], ["A", "forces"], ["A", "talks"], ["B", "rebels"], ["B", "regime"]]


def test_term_frequencies_min_count_top_n_and_whole_corpus():
    df = corpus(("A", "regime regime rebels rebels opposition"), ("B", "regime"))
    assert term_frequencies(df, min_count=2)["term"].tolist() == ["rebels", "regime"]
    assert term_frequencies(df, top_n=1)[["group", "term"]].values.tolist() == [
        ["A", "rebels"], ["B", "regime"]]  # tie at 2 in A: alphabetical order decides
    whole = term_frequencies(df, by=None)
    assert set(whole["group"]) == {"all"}
    assert whole.set_index("term").loc["regime", "count"] == 3


def test_term_frequencies_bigrams_do_not_cross_punctuation():
    df = corpus(("A", "Syrian regime forces. Forces advance"))
    t = term_frequencies(df, ngram_range=(2, 2))
    assert set(t["term"]) == {"syrian regime", "regime forces", "forces advance"}


def test_missing_group_values_become_unknown():
    df = corpus(("A", "regime"), ("B", "regime"))
    df.loc[1, "outlet"] = None
    assert set(term_frequencies(df)["group"]) == {"A", "unknown"}


def test_unknown_group_column_is_a_clear_error():
    with pytest.raises(NewslensError, match="no such column"):
        term_frequencies(corpus(("A", "x")), by="bias")


def test_text_column_fallback():
    df = pd.DataFrame({"doc_id": ["a"], "outlet": ["A"], "text": ["Regime"]})
    assert term_frequencies(df)["term"].tolist() == ["regime"]


_WORDS = ["regime", "Regime's", "rebels", "the", "2018", "U.S.", "Security", "Council",
          "de", "Mistura", "al-Assad", "Idlib.Russia", ".", ",", "said", "a", "38,500"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=25), min_size=1, max_size=6),
       st.sampled_from([DEFAULT_TOKEN_OPTIONS,
                        {"numbers": "keep", "stop_words": None, "phrases": None,
                         "stem": True, "min_length": 1}]))
def test_fast_counts_equal_counting_tokenize(docs, options):
    """count_terms' vectorised path gives exactly Counter(tokenize(text)) per document."""
    texts = [" ".join(d) for d in docs]
    df = corpus(*[("A", t) for t in texts])
    counts = count_terms(df, **options)
    for i, text in enumerate(texts):
        row = counts.matrix[i]
        got = {counts.terms[j]: int(v) for j, v in zip(row.indices, row.data)}
        assert got == dict(Counter(tokenize(text, **options)))
        assert counts.words[i] == len(tokenize(text, numbers="drop",
                                               phrases=options["phrases"]))
    assert list(counts.terms) == sorted(counts.terms)


# ---------------------------------------------------------------------- keyness

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


# ---------------------------------------------------------------------- framing

def test_framing_rates_by_hand():
    df = corpus(("A", "Government forces attacked. The regime's army and the regime."),
                ("B", "Rebel fighters, jihadists and terrorists fought government troops"))
    t = framing_rates(df)
    assert list(t.columns) == ["group", "family", "term", "count", "words", "per_10k", "share"]
    a = t[t["group"] == "A"].set_index("term")
    # A's words: government forces attacked the regime army and the regime = 9
    assert a.loc["government", "count"] == 1
    assert a.loc["regime", "count"] == 2 and a.loc["regime", "words"] == 9
    assert a.loc["regime", "per_10k"] == pytest.approx(2 / 9 * 1e4)
    # share within the family: regime 2 of the 3 government-family matches
    assert a.loc["regime", "share"] == pytest.approx(2 / 3)
    # "attacked" is not "attack": patterns match whole tokens
    assert a.loc["attack", "count"] == 0
    b = t[t["group"] == "B"].set_index("term")
    # "rebel fighters" is one match of the longer pattern (rebels), not also "fighters"
    assert b.loc["rebels", "count"] == 1 and b.loc["fighters", "count"] == 0
    # the glob "jihadi*" matches "jihadists"; "terrorist*" matches "terrorists"
    assert b.loc["jihadists", "count"] == 1 and b.loc["terrorists", "count"] == 1
    assert b.loc["government", "count"] == 1
    # a family never used in the group has no shares
    assert b[b["family"] == "offensive"]["share"].isna().all()
    # one row per group x dictionary term, zeros included
    d = load_framing()
    assert len(t) == 2 * d[~d["exclude"]][["family", "term"]].drop_duplicates().shape[0]


def test_framing_patterns_do_not_span_punctuation(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text("naming:\n  label: test\n  terms:\n"
                    "    assad forces: [assad forces]\n"
                    "    chemical: ['chem*']\n", encoding="utf-8")
    df = corpus(("A", "Assad's forces. Assad, forces. Chemical chemistry"))
    t = framing_rates(df, dictionary=path).set_index("term")
    assert t.loc["assad forces", "count"] == 1
    assert t.loc["chemical", "count"] == 2


def test_framing_exclusions_take_their_stretch_out_of_the_family(tmp_path):
    # bundled exclusions: the Free Syrian Army is a rebel group, a chemical attack is not
    # the offensive; the Syrian army and an artillery attack still count
    df = corpus(("A", "The Free Syrian Army fought the Syrian army. A chemical attack, "
                      "then an artillery attack."))
    t = framing_rates(df).set_index("term")
    assert t.loc["Syrian army", "count"] == 1
    assert t.loc["attack", "count"] == 1
    assert "" not in t.index  # exclusions are not terms
    # a custom file: the exclusion wins over a term pattern of the same length
    path = tmp_path / "f.yaml"
    path.write_text("fam:\n  terms:\n    army: [syrian army, army]\n"
                    "  exclude: [free syrian, syrian army]\n", encoding="utf-8")
    t = framing_rates(corpus(("A", "Free Syrian Army and the Syrian army; an army.")),
                      dictionary=path).set_index("term")
    # "free syrian" excluded, then "army" counts; "syrian army" excluded; "army" counts
    assert t.loc["army", "count"] == 2


@pytest.mark.parametrize("text, message", [
    ("fam:\n  terms:\n    t: x\n  exclude: []\n", "'exclude' of family"),
    ("just a string", "must map family"),
    ("fam:\n  label: x\n", "needs a 'terms' mapping"),
    ("fam:\n  terms:\n    t: []\n", "needs a pattern"),
    ("fam: [unclosed", "not valid YAML"),
])
def test_load_framing_rejects_malformed_files(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NewslensError, match=message):
        load_framing(path)


def test_load_framing_missing_file():
    with pytest.raises(NewslensError, match="cannot read"):
        load_framing("/nonexistent/framing.yaml")


def test_bundled_framing_dictionary_has_the_issue_families():
    d = load_framing()
    terms = set(d["term"])
    assert {"government", "armed_groups", "offensive"} <= set(d["family"])
    assert {"regime", "government", "rebels", "opposition", "insurgents", "militants",
            "jihadists", "terrorists", "offensive", "assault", "operation",
            "counterterrorism operation", "bloodbath"} <= terms


def test_framing_from_shared_counts_equals_standalone():
    df = corpus(("A", "The regime's offensive on rebel-held Idlib."),
                ("B", "A counter-terrorism operation against terrorists, said Damascus."))
    counts = count_terms(df, framing=None)
    pd.testing.assert_frame_equal(framing_rates(df, counts=counts), framing_rates(df))
    t = framing_rates(df).set_index(["group", "term"])
    assert t.loc[("B", "counterterrorism operation"), "count"] == 1
    assert t.loc[("B", "operation"), "count"] == 0
    assert t.loc[("A", "rebels"), "count"] == 1  # rebel-held


# --------------------------------------------------------------- collocations

def test_collocations_likelihood_ratio_by_hand():
    df = corpus(("A", "Security council met. Security council voted."), ("B", "Council met."))
    c = collocations(df, min_freq=2)
    # NLTK counts each stretch between punctuation as a document: words security 2,
    # council 3, met 2, voted 1, N = 8. For (security, council): n_ii = 2, n_io = 0,
    # n_oi = 1, n_oo = 5; expected 2*3/8 = 0.75, 2*5/8 = 1.25, 6*3/8 = 2.25, 6*5/8 = 3.75;
    # G2 = 2 (2 ln(2/0.75) + 1 ln(1/2.25) + 5 ln(5/3.75)) = 5.178277. (council, met) has
    # the same margins, hence the same score; ties are listed by term.
    assert c["term"].tolist() == ["council met", "security council"]
    assert c["score"].tolist() == pytest.approx([5.178277, 5.178277], abs=1e-6)
    assert c["count"].tolist() == [2, 2]


def test_collocations_drop_stop_words_and_respect_n():
    df = corpus(("A", "the regime and the regime and the regime. Idlib province, Idlib "
                      "province, Idlib province"))
    c = collocations(df, n=1, min_freq=2)
    assert c["term"].tolist() == ["idlib province"]


# ------------------------------------------------------------------------ KWIC

def test_kwic_window_offsets_and_variants():
    text = "Turkey warned that the Syrian regime\u2019s offensive would fail. The Regime denied it."
    df = corpus(("A", text))
    k = kwic(df, "regime", window=3)
    assert list(k.columns) == ["doc_id", "outlet", "left", "keyword", "right", "start", "end"]
    assert k["keyword"].tolist() == ["regime", "Regime"]
    assert k.loc[0, "left"] == "that the Syrian"
    assert k.loc[0, "right"] == "\u2019s offensive would fail."
    for row in k.itertuples():
        assert text[row.start:row.end] == row.keyword


@pytest.mark.parametrize("keyword, expected", [
    ("Security Council", ["Security Council", "security council"]),
    ("assad's forces", ["Assad\u2019s forces"]),
    ("terror*", ["terrorists", "terror"]),
    ("U.S.", ["US", "U.S."]),
])
def test_kwic_multiword_glob_and_possessive(keyword, expected):
    df = corpus(("A", "The Security\nCouncil met; Assad\u2019s forces hit terrorists."),
                ("B", "A security council, the US and U.S. terror."))
    assert kwic(df, keyword)["keyword"].tolist() == expected


def test_kwic_no_match_and_bad_keyword():
    df = corpus(("A", "Nothing here."))
    assert kwic(df, "regime").empty
    with pytest.raises(ValueError):
        kwic(df, "...")


# ------------------------------------------------------------------------ stage

def test_stage_tables_shape_and_determinism():
    df = corpus(("A", "The regime's offensive on rebel-held Idlib. The regime attacked."
                      " The regime, the regime."),
                ("B", "Government forces and rebels. The offensive, an assault, began."),
                ("B", "Jihadists and terrorists in Idlib; the government denied it. Idlib"
                      " rebels and rebels."))
    one = stage_tables(df, config=RunConfig())
    two = stage_tables(df.iloc[::-1].reset_index(drop=True), config=RunConfig())
    assert set(one) == {"terms", "keyness", "framing"}
    assert list(one["keyness"].columns) == ["group", "term", "statistic", "score",
                                            "count_group", "count_rest", "p_value"]
    assert set(one["keyness"]["statistic"]) == {"log_odds_dirichlet", "g2"}
    for name in one:
        pd.testing.assert_frame_equal(one[name], two[name])
    assert (one["terms"]["count"] >= 2).all()


def test_stage_uses_the_configured_framing_file(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text("only:\n  terms:\n    idlib: idlib\n", encoding="utf-8")
    df = corpus(("A", "Idlib and Idlib"), ("B", "Idlib"))
    t = stage_tables(df, config=RunConfig(framing_path=path))["framing"]
    assert t["term"].tolist() == ["idlib", "idlib"] and t["count"].tolist() == [2, 1]


def test_keyness_all_terms_in_order_of_math_isclose():
    # sanity: the z-score of a term absent from both halves of the prior is finite
    df = corpus(("A", "regime"), ("B", "rebels"))
    k = keyness(df, min_count=1)
    assert np.isfinite(k["score"]).all() and math.isfinite(k["p_value"].sum())
