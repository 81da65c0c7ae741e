"""newslens.findings: Markdown findings from small hand-made tables, answers worked out by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import false_discovery_control

from newslens import findings


def articles(outlets, dates):
    return pd.DataFrame({"doc_id": [f"{i:03d}" for i in range(len(outlets))],
                         "outlet": outlets, "published": dates})


def test_corpus_counts_unknown_share_and_dates():
    # 6 articles: A x3, B x1, unknown x1, missing outlet x1 -> 2 known outlets, 2 unknown (33%)
    arts = articles(["A", "A", "A", "B", "unknown", None],
                    ["2021-03-01", "2021-03-05", None, "2021-03-02", "2021-02-27", None])
    text = findings.corpus_findings(arts)
    assert "**6 articles** from 2 known outlets" in text
    assert "2 articles (33%) have no known outlet" in text
    # 2021-02-27 .. 2021-03-05 inclusive: 2 + 5 = 7 days; two dates missing
    assert "2021\\-02\\-27 to 2021\\-03\\-05 (7 days); 2 articles have no date" in text
    assert "at most 3 (A)" in text
    assert "every known outlet has fewer than 5 articles" in text


def test_corpus_what_outlet_sizes_support():
    # outlet sizes 30, 5, 1: median 5; one small (<5), one stable (>=30)
    outlets = ["Big"] * 30 + ["Mid"] * 5 + ["Tiny"]
    text = findings.corpus_findings(articles(outlets, [None] * 36))
    assert "at most 30 (Big), median 5; 1 of 3 outlets have fewer than 5" in text
    assert "1 have 30 or more" in text
    assert "No article has a readable date" in text


def test_date_span_without_dates():
    span = findings.date_span(articles(["A"], [None]))
    assert span == {"first": None, "last": None, "days": 0, "n_dated": 0, "n_undated": 1}


def test_benjamini_hochberg_by_hand_and_scipy():
    p = np.array([0.01, 0.04, 0.03, 0.5])
    # sorted 0.01, 0.03, 0.04, 0.5 times 4/rank: 0.04, 0.06, 0.0533, 0.5; running min from
    # the right: 0.04, 0.0533, 0.0533, 0.5
    assert findings.benjamini_hochberg(p).round(4).tolist() == [0.04, 0.0533, 0.0533, 0.5]
    np.testing.assert_allclose(findings.benjamini_hochberg(p), false_discovery_control(p))
    # four untested rows more (m = 8) double every q
    assert findings.benjamini_hochberg(p, n_tests=8).round(4).tolist() == [0.08, 0.1067,
                                                                          0.1067, 1.0]


def keyness_table(rows):
    return pd.DataFrame(rows, columns=["group", "term", "statistic", "score", "count_group",
                                       "count_rest", "p_value"])


def test_keyness_significant_terms_with_p_and_q():
    key = keyness_table([
        ("A", "alpha", "log_odds_dirichlet", 3.3, 9, 0, 0.001),
        ("A", "beta", "log_odds_dirichlet", 1.3, 3, 1, 0.2),
        ("B", "gamma", "log_odds_dirichlet", 2.1, 4, 0, 0.04),
        ("B", "delta", "log_odds_dirichlet", -0.7, 0, 3, 0.5),
        ("A", "alpha", "g2", 11.0, 9, 0, 0.0001),      # the other statistic: not read
    ])
    text = findings.keyness_findings(key, n_tests=4)
    # q: 0.001*4/1 = 0.004; 0.04*4/2 = 0.08 (not key); 0.2*4/3 = 0.267; 0.5
    assert "- **A**: alpha (p = 0.001, q = 0.004)." in text
    assert "gamma" not in text and "beta" not in text
    assert "1 group of 2 has no significantly key term" in text


def test_keyness_says_when_no_term_is_significant():
    key = keyness_table([("A", "x", "log_odds_dirichlet", 1.9, 3, 0, 0.03),
                         ("B", "y", "log_odds_dirichlet", 1.0, 2, 1, 0.3)])
    text = findings.keyness_findings(key)
    # q of x: min(0.03*2/1, 0.3*2/2) = 0.06 >= 0.05
    assert "**No term is significantly key**" in text
    assert 'smallest p is 0.03 ("x", A; q = 0.06)' in text
    assert "fewer than two groups" in findings.keyness_findings(key.iloc[:0])


def test_quotes_most_quoted_per_outlet():
    q = pd.DataFrame({
        "outlet": ["A", "A", "A", "A", "B", "B"],
        "actor": ["Ann", "Ann", "Bob", None, "Cy", "Ann"],
        "kind": ["direct", "reported", "direct", "direct", "direct", "scare"],
    })
    text = findings.quote_findings(q, top=1)
    # 5 statements (the scare quote is not one), one without a speaker
    assert "- 5 statements (1 statement without a speaker)." in text
    assert "- **A** (3 attributed statements): most quoted Ann (2, 67%)." in text
    assert "- **B** (1 attributed statement): most quoted Cy (1, 100%)." in text
    assert text.index("**A**") < text.index("**B**")


def test_wire_copy_pairs_are_unordered():
    p = pd.DataFrame({"outlet_a": ["A", "B", "A"], "outlet_b": ["B", "A", "C"],
                      "n_words": [20, 30, 15]})
    text = findings.wire_findings(p)
    assert "3 shared passages between 2 pairs of outlets" in text
    assert "**A** and **B**: 2 passages, 50 matching words (longest 30)" in text
    assert text.index("**A** and **B**") < text.index("**A** and **C**")
    assert "No passage is shared" in findings.wire_findings(p.iloc[:0])


def test_stance_without_target_says_how_to_name_it():
    text = findings.stance_findings(None, target_terms=())
    assert "No target event given" in text and "--target-terms" in text


def test_stance_with_target():
    st = pd.DataFrame({"actor": ["X", "Y", "Z"], "stance": ["oppose", "neutral", "support"],
                       "n_statements": [2, 5, 1]})
    text = findings.stance_findings(st, target_terms=("summit",))
    assert "3 actors speak about it: 1 support, 1 oppose, 0 mixed, 1 neutral" in text
    assert text.index("**X**: oppose (2 statements)") < text.index("**Z**: support")


def test_names_from_the_data_stay_text():
    arts = articles(["[x](javascript:alert(1))"], ["2020-01-01"])
    assert "](javascript" not in findings.corpus_findings(arts)


def test_read_tables_names_the_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match=str(tmp_path)):
        findings.read_tables(tmp_path)
    articles(["A"], ["2020-01-01"]).to_csv(tmp_path / "articles.csv", index=False)
    tables = findings.read_tables(tmp_path)
    assert tables["articles"]["doc_id"].tolist() == ["000"]


def test_tiny_p_values_from_the_csv_are_not_shown_as_zero():
    # keyness.csv keeps 6 decimals: p = 5e-09 is written 0.000000
    key = keyness_table([("A", "alpha", "log_odds_dirichlet", 6.0, 30, 0, 0.0),
                         ("B", "beta", "log_odds_dirichlet", 0.5, 3, 3, 0.6)])
    text = findings.keyness_findings(key)
    assert "alpha (p < 1e-06, q < 1e-06)" in text and "p = 0," not in text


def test_keyness_tests_counts_terms_seen_three_times_per_group():
    # "zebra" 4 times and "giraffe" 3 times in the corpus, "okapi" twice: 2 terms x 2 groups
    arts = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["A", "B"], "published": [None, None],
                         "text": ["zebra zebra giraffe okapi", "zebra zebra giraffe giraffe okapi"]})
    key = pd.DataFrame({"group": ["A", "B"], "term": ["zebra", "giraffe"]})
    assert findings.keyness_tests({"articles": arts, "keyness": key}) == 4
