"""Tests for newslens.terms.groups: counts summed per group, partitions merged."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslens.errors import NewslensError
from newslens.terms import count_partition, merge_group_counts, term_frequencies
from helpers import outlet_corpus as corpus


def test_missing_group_values_become_unknown():
    df = corpus(("A", "regime"), ("B", "regime"))
    df.loc[1, "outlet"] = None
    assert set(term_frequencies(df)["group"]) == {"A", "unknown"}


def test_unknown_group_column_is_a_clear_error():
    with pytest.raises(NewslensError, match="no such column"):
        term_frequencies(corpus(("A", "x")), by="bias")


def _tiny_corpus() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["d1", "d2", "d3", "d4"], "outlet": ["B", "A", "B", "C"],
        "text_clean": ["Regime forces shelled Idlib.", "Rebels held Idlib, rebels said.",
                       "The regime advanced.", "Talks in Sochi."]})


def test_merged_term_counts_by_hand():
    df = _tiny_corpus()
    merged = merge_group_counts([count_partition(df.iloc[:2]), count_partition(df.iloc[2:])])
    assert merged.labels.tolist() == ["A", "B", "C"]          # sorted union of the outlets
    assert merged.terms.tolist() == sorted(merged.terms.tolist())
    col = {t: i for i, t in enumerate(merged.terms)}
    # "regime": d1 (B) once + d3 (B) once -> B counts 2 in 2 documents; "rebels": d2 (A) twice
    assert merged.counts[1, col["regime"]] == 2 and merged.doc_freq[1, col["regime"]] == 2
    assert merged.counts[0, col["rebels"]] == 2 and merged.doc_freq[0, col["rebels"]] == 1
    # words (stop words in, numbers out): B = 4 ("regime forces shelled idlib") + 3 = 7
    assert merged.words.tolist()[1] == 7
    assert merged.n_docs == 4


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 3), max_size=3).map(lambda cuts: sorted(set(cuts))),
       st.randoms(use_true_random=False))
def test_merged_term_counts_equal_one_pass(cuts, rnd):
    # any split into consecutive parts, merged in any order, gives the one-pass sums
    df = _tiny_corpus()
    whole = count_partition(df)
    bounds = list(zip([0] + cuts, cuts + [len(df)]))
    parts = [count_partition(df.iloc[a:b]) for a, b in bounds]
    rnd.shuffle(parts)
    merged = merge_group_counts(parts)
    assert merged.labels.tolist() == whole.labels.tolist()
    assert merged.terms.tolist() == whole.terms.tolist()
    assert (merged.counts != whole.counts).nnz == 0
    assert (merged.doc_freq != whole.doc_freq).nnz == 0
    assert merged.words.tolist() == whole.words.tolist()
    assert (merged.framing == whole.framing).all()


def test_merge_refuses_parts_counted_differently():
    df = _tiny_corpus()
    with pytest.raises(ValueError, match="token options"):
        merge_group_counts([count_partition(df.iloc[:2]),
                            count_partition(df.iloc[2:], stem=True)])
    with pytest.raises(ValueError, match="framing"):
        merge_group_counts([count_partition(df.iloc[:2]),
                            count_partition(df.iloc[2:], framing=False)])
    with pytest.raises(ValueError, match="nothing"):
        merge_group_counts([])
