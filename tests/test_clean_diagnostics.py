"""newslens.clean.diagnostics: the notebook's tables, checked by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from newslens.clean import LOG_COLUMNS, damage_report, length_table, rule_counts, rule_examples


def test_rule_counts_by_hand():
    log = pd.DataFrame([["a", "advertisement", "Ad", "", 1], ["a", "advertisement", "AD", "", 1],
                        ["b", "advertisement", "Ad", "", 1], ["b", "quote_marks", "\u201c", '"', 7]],
                       columns=LOG_COLUMNS)
    counts = rule_counts(log, n_docs=4).set_index("rule")
    # advertisement: articles {a, b} = 2, changes 1 + 1 + 1 = 3, share 2 / 4 = 0.5
    assert counts.loc["advertisement"].tolist() == [2, 3, 0.5]
    # quote_marks: one row of count 7
    assert counts.loc["quote_marks"].tolist() == [1, 7, 0.25]
    assert counts.loc["byline"].tolist() == [0, 0, 0.0]


def test_length_table_by_hand():
    df = pd.DataFrame({"doc_id": ["b", "a"], "outlet": ["X", "Y"],
                       "text": ["one two three four five six seven eight nine ten", ""],
                       "text_clean": ["one two three four five six", ""],
                       "subheadings": ["seven eight", ""]})
    table = length_table(df)
    assert table["doc_id"].tolist() == ["a", "b"]                  # sorted by doc_id
    # b: 10 raw words, 6 kept, 2 moved to subheadings: (10 - 6 - 2) / 10 = 20% dropped
    assert table.loc[1, ["words_raw", "words_clean", "words_subheadings"]].tolist() == [10, 6, 2]
    assert table.loc[1, "removed_pct"] == pytest.approx(20.0)
    assert table.loc[0, "removed_pct"] == 0.0                      # empty article: no division


def test_damage_report_counts_articles():
    df = pd.DataFrame({"text": ["a & # 39;b", "x\u00a0y \u201cz\u201d", "plain"],
                       "text_clean": ["a 'b", "x y \"z\"", "plain"]})
    report = damage_report(df).set_index("damage")
    assert report.loc["entity artifact (& # 39;)"].tolist() == [1, 0]
    assert report.loc["invisible or odd space"].tolist() == [1, 0]
    assert report.loc["curly quote mark"].tolist() == [1, 0]
    assert report["text_clean"].sum() == 0


def test_rule_examples_one_per_rule_in_rule_order():
    log = pd.DataFrame([["d2", "advertisement", "Advertisement", "", 1],
                        ["d1", "quote_marks", "\u2019", "'", 3],
                        ["d1", "advertisement", "ADVERTISEMENT", "", 1],
                        ["d1", "subheadings", "Tensions with Turkey", "", 1]], columns=LOG_COLUMNS)
    ex = rule_examples(log)
    assert ex["rule"].tolist() == ["quote_marks", "advertisement", "subheadings"]
    assert ex["doc_id"].tolist() == ["d1", "d2", "d1"]             # first row of each rule
    assert ex["after"].tolist() == ["'", "(removed)", "(moved to subheadings)"]
