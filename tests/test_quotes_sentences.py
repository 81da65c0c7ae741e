"""Tests for newslens.quotes.sentences: words, paragraphs and sentences."""
from __future__ import annotations

import pytest

from newslens.quotes import paragraph_spans, quoted_words, sentence_spans


@pytest.mark.parametrize("text, expected", [
    ("Officials said so. Then they left.", ["Officials said so. ", "Then they left."]),
    # an abbreviation or an initial does not end a sentence
    ("Sen. Chuck Schumer spoke. Then J. Doe left.", ["Sen. Chuck Schumer spoke. ", "Then J. Doe left."]),
    ("He met Mr. Smith in the U.S. Army base.", ["He met Mr. Smith in the U.S. Army base."]),
    # a sentence ends before a capital or a digit, after closing marks
    ('It ended." Then 3 more came! And? no.', ['It ended." ', "Then 3 more came! ", "And? no."]),
    # any white space, and a quote mark or parenthesis before the next sentence
    ("One.\tTwo.\n(Three.) \"Four.\"", ["One.\t", "Two.\n", "(Three.) ", '"Four."']),
])
def test_sentence_spans_by_hand(text, expected):
    assert [text[a:b] for a, b in sentence_spans(text, 0, len(text))] == expected


def test_sentence_spans_within_bounds():
    text = "Skip this. Read this one. And this. Not this."
    ps, pe = text.index("Read"), text.index(" Not")
    assert [text[a:b] for a, b in sentence_spans(text, ps, pe)] == ["Read this one. ", "And this."]


def test_paragraph_spans_by_hand():
    text = "  First line\nsame paragraph.\n \n\nSecond.\n\n\n"
    assert [text[a:b] for a, b in paragraph_spans(text)] == ["First line\nsame paragraph.", "Second."]


@pytest.mark.parametrize("quote, n", [
    ("de-escalation now", 2), ("didn't he", 2), ("a 30,000-strong force", 4), ("\u2014 ...", 0),
])
def test_quoted_words(quote, n):
    assert quoted_words(quote) == n
