"""Tests for newslens.terms.counting: the corpus tokenised once."""
from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslens.errors import NewslensError
from newslens.terms import DEFAULT_TOKEN_OPTIONS, count_terms, term_frequencies
from newslens.tokens import tokenize
from helpers import outlet_corpus as corpus


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


def test_no_text_column_is_a_clear_error():
    with pytest.raises(NewslensError, match="neither"):
        count_terms(pd.DataFrame({"doc_id": ["a"], "body": ["Regime"]}))


def test_counts_keep_row_order_and_doc_ids():
    df = corpus(("A", "Rebels"), ("B", ""), ("A", "Regime regime"))
    counts = count_terms(df)
    assert counts.doc_ids.tolist() == ["d0", "d1", "d2"]
    col = {t: j for j, t in enumerate(counts.terms)}
    dense = counts.matrix.toarray()
    assert dense[:, [col["rebels"], col["regime"]]].tolist() == [[1, 0], [0, 0], [0, 2]]
    assert dense.sum() == 3
    assert counts.words.tolist() == [1, 0, 2]
