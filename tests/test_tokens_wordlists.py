"""Tests for newslens.tokens.wordlists: the stop-word and phrase files."""
from __future__ import annotations

from newslens.tokens import default_phrases, resolve_phrases, stop_words, tokenize


def test_stop_word_lists():
    english, default = stop_words("english"), stop_words("default")
    assert len(english) == 318
    # domain additions and exceptions from resources/stopwords_domain.txt
    assert "said" in default and "said" not in english
    assert "un" in english and "un" not in default
    assert "de" not in default and "fire" not in default
    assert "the" in default
    assert tokenize("The UN said the regime will fire", stop_words="default") == \
        ["un", "regime", "fire"]


def test_custom_stop_words_are_lowercased():
    assert tokenize("Regime forces", stop_words=["REGIME"]) == ["forces"]


def test_default_phrase_file_is_lowercase_and_multiword():
    phrases = default_phrases()
    assert "hayat tahrir al-sham" in phrases
    assert all(p == p.lower() for p in phrases)
    assert len(resolve_phrases("default")) == len(set(phrases))
