"""newslens.corpus.report: the load report and the summaries, checked by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from newslens.corpus import REPORT_COLUMNS, load_corpus, load_report, outlet_summary, summarise_report


def test_report_columns():
    assert list(load_report(load_corpus()).columns) == REPORT_COLUMNS


def test_a_table_without_a_report_is_refused():
    with pytest.raises(ValueError, match="no load report"):
        load_report(pd.DataFrame({"text": ["x"]}))


def test_summarise_report_counts_each_status():
    report = pd.DataFrame({"source": list("abcd"), "doc_id": list("abcd"),
                           "status": ["ok", "skipped", "ok", "ok"], "message": ""})
    assert summarise_report(report).values.tolist() == [["ok", 3], ["warning", 0], ["skipped", 1]]


def test_outlet_summary_by_hand():
    df = pd.DataFrame({"outlet": ["B", "A", "B", "C", "A"],
                       "text": ["one two", "one two three", "one two three four", "x", "a b c d e"]})
    out = outlet_summary(df)
    # A and B have two articles each (A first by name), C one; A: 3 + 5 words, median 4.0;
    # B: 2 + 4 words, median 3.0
    assert out.values.tolist() == [["A", 2, 8, 4.0], ["B", 2, 6, 3.0], ["C", 1, 1, 1.0]]
