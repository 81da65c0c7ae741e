"""newslens.coverage: articles per period and a term's rate over time, counted by hand."""
from __future__ import annotations

import pandas as pd

from newslens import coverage


def corpus():
    return pd.DataFrame({
        "doc_id": ["a", "b", "c", "d", "e"],
        "outlet": ["X", "X", "Y", "unknown", "Y"],
        "published": ["2020-01-01", "2020-01-03", "2020-01-03", None, "not a date"],
        "text": ["Talks today. Talks tomorrow.", "No meeting", "the talks failed here",
                 "talks", "talks"],
    })


def test_articles_per_day_fills_empty_days_and_counts_undated():
    table = coverage.articles_per_period(corpus())
    # 3 dated articles; 2020-01-02 has none but is shown as 0
    assert [d.strftime("%Y-%m-%d") for d in table.index] == ["2020-01-01", "2020-01-02",
                                                             "2020-01-03"]
    assert table.columns.tolist() == ["X", "Y"]         # X has 2 dated articles, Y 1
    assert table["X"].tolist() == [1, 0, 1] and table["Y"].tolist() == [0, 0, 1]
    assert coverage.undated(corpus()) == 2


def test_small_outlets_are_pooled():
    table = coverage.articles_per_period(corpus(), max_outlets=1)
    assert table.columns.tolist() == ["X", "other outlets"]


def test_term_rate_per_day():
    out = coverage.term_over_time(corpus(), "talks")
    # day 1: 2 matches in 4 words -> 5000 per 10k; day 2: no article; day 3: 1 match in
    # 2 + 4 = 6 words -> 1666.67
    assert out["matches"].tolist() == [2, 0, 1]
    assert out["words"].tolist() == [4, 0, 6]
    assert out["per_10k"].iloc[0] == 5000.0 and round(out["per_10k"].iloc[2], 2) == 1666.67
    assert pd.isna(out["per_10k"].iloc[1])


def test_no_dates_gives_empty_tables():
    arts = corpus().assign(published=None)
    assert coverage.articles_per_period(arts).empty
    assert coverage.term_over_time(arts, "talks").empty
    assert coverage.undated(arts) == 5


def test_long_spans_use_weeks_or_months():
    arts = corpus().assign(published=["2020-01-01", "2020-06-01", "2020-06-02", None, None])
    table = coverage.articles_per_period(arts)
    # 153 days: weeks (Monday starts); 2019-12-30 is the Monday of 2020-01-01's week
    assert table.index[0].strftime("%Y-%m-%d") == "2019-12-30"
    assert int(table.to_numpy().sum()) == 3
