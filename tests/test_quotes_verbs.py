"""Tests for newslens.quotes.verbs: the speech verbs found in a text."""
from __future__ import annotations

import pytest

from newslens.quotes.verbs import verb_spans


@pytest.mark.parametrize("text, expected", [
    ("Pierce said, then told them", [("said", False), ("told", False)]),
    ("According to the UN, it was made a plea", [("According to", True), ("made", False)]),
    # only whole words ("so-called" is a word here: the parser skips such compounds)
    ("unsaid saidx so-called said_", [("called", False)]),
    ("-said (warned) \u00e9said", [("said", False), ("warned", False)]),
    ("He made an appeal", [("made", False)]),       # a noun trigger (the parser reads the noun)
])
def test_verb_spans_by_hand(text, expected):
    assert [(w, acc) for _, _, w, acc in verb_spans(text)] == expected
