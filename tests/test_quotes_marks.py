"""Tests for newslens.quotes.marks: quote marks paired into spans, and the masked text."""
from __future__ import annotations

import pytest

from newslens.quotes.marks import find_quote_spans, has_single_quote_opener, mask_quotes


def test_stray_mark_is_ignored():
    text = 'Diplomats called the accusations "very strange". "'
    spans = find_quote_spans(text)
    assert [(text[q.start:q.end]) for q in spans] == ["very strange"]


def test_single_quotes_and_apostrophes():
    text = "Syria's envoy said the rebels' claims were 'baseless' and didn't elaborate."
    spans = find_quote_spans(text)
    assert [text[q.start:q.end] for q in spans] == ["baseless"]


@pytest.mark.parametrize("text, spans", [
    ('He said \u201cno\u201d and \u00abyes\u00bb.', ["no", "yes"]),        # curly marks, guillemets
    ('"It goes on\n\n"and ends here," he said.', ['It goes on\n\n"and ends here,']),  # reopening mark
    ('"No closing mark at all', ["No closing mark at all"]),            # runs to the paragraph's end
    ("he said 'no more' twice", ["no more"]),                          # single marks as primary
    ('"A \'very\' odd one," she said', ["A 'very' odd one,", "very"]),   # nested scare quote
])
def test_find_quote_spans_by_hand(text, spans):
    assert [text[q.start:q.end] for q in find_quote_spans(text)] == spans


@pytest.mark.parametrize("text, opener", [
    ("'Tis so", True),          # an opener at the very start
    ("he said 'no'", True),     # after a space
    ("(\u2018yes", True),       # after a bracket, a curly mark
    ('"\'yes', True),           # after a double mark
    ("Syria's war", False),     # an apostrophe inside a word opens nothing
    ("the rebels' claims", False),
    ("x \u2019no", False),      # a right single mark never opens
    ("a '\u00e9t\u00e9'", False),    # only before an ASCII letter or digit
    ("'", False),               # a mark alone opens nothing
])
def test_single_quote_opener_by_hand(text, opener):
    assert has_single_quote_opener(text) is opener


def test_mask_quotes_keeps_offsets_and_newlines():
    text = 'He said "no\n\nmore" today.'
    masked = mask_quotes(text, find_quote_spans(text))
    assert masked == 'He said "xx\n\nxxxx" today.'
    assert len(masked) == len(text)
