"""The words two copies of a passage are compared on, and their hashes.

Punctuation and case are not compared, so they never count as edits; typographic
apostrophes are made straight, since scraped copies of one wire story often differ in
nothing else.
"""
from __future__ import annotations

import itertools
import re

import numpy as np
import pandas as pd

#: A word: letters or digits, with inner apostrophes ("syria's", "don't"). Hyphens split
#: ("large-scale" -> "large", "scale") so that "large scale" and "large-scale" match.
WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# Typographic apostrophes become ASCII before matching: scraped copies of one wire story
# differ in nothing else ("Syria’s" / "Syria's"). Each replaces one character by one, so
# character offsets are unchanged. (str.replace, not str.translate: translate walks the
# text in Python-level steps and is ten times slower on a large corpus.)
_APOSTROPHES = ("\u2019", "\u2018", "\u02bc")


def _straighten(text: str) -> str:
    for quote in _APOSTROPHES:
        if quote in text:
            text = text.replace(quote, "'")
    return text


def _lowered(text: str) -> str | None:
    """Lowercased text with straight apostrophes, or None when lowercasing changes the
    length (a few characters, like "İ", lowercase to two) and offsets would drift."""
    low = _straighten(text.lower())
    return low if len(low) == len(text) else None


def words(text: str) -> list[str]:
    """The words compared: lowercased, straight apostrophes, punctuation dropped.

    Examples
    --------
    >>> words("Syria’s beleaguered opposition-fighters, worn down.")
    ["syria's", 'beleaguered', 'opposition', 'fighters', 'worn', 'down']
    """
    low = _lowered(text)
    if low is not None:
        return WORD_RE.findall(low)
    return [_straighten(m.group().lower()) for m in WORD_RE.finditer(text)]


def word_spans(text: str) -> list[tuple[int, int]]:
    """The character ``(start, end)`` of each word of :func:`words`, in order."""
    low = _lowered(text)
    return [m.span() for m in WORD_RE.finditer(low if low is not None else text)]


def hash_words(texts: list[str]) -> tuple[list[np.ndarray], np.ndarray]:
    """Each text as an array of 64-bit word hashes, and the texts' lengths in words.

    The hash is pandas' SipHash with a fixed key (``pandas.util.hash_array``, each
    distinct word hashed once), so it is the same in every process: n-grams indexed on
    different workers can be compared. Only *equality* of hashes is ever used; two
    different words share a hash with probability about 2^-64 per pair.
    """
    toks = [words(text) for text in texts]
    lengths = np.fromiter(map(len, toks), dtype=np.int64, count=len(toks))
    flat = np.fromiter(itertools.chain.from_iterable(toks), dtype=object,
                       count=int(lengths.sum()))
    del toks
    codes, distinct = pd.factorize(flat)
    try:
        hashed = pd.util.hash_array(distinct, categorize=False)
    except UnicodeEncodeError:   # a lone surrogate: hash the bytes Python keeps for it
        distinct = np.array([w.encode("utf-8", "surrogatepass") for w in distinct], dtype=object)
        hashed = pd.util.hash_array(distinct, categorize=False)
    hashed = hashed.astype(np.uint64)[codes]
    return np.split(hashed, np.cumsum(lengths)[:-1]) if len(lengths) else [], lengths


__all__ = ["WORD_RE", "words", "word_spans", "hash_words"]
