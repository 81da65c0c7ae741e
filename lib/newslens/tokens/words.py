"""A text's words: :func:`tokenize` and its variants (per punctuation stretch, counted,
with character offsets), and word n-grams."""
from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from itertools import chain

from .forms import BREAKERS, NumbersOption, TermMap, canonical_terms, normalise_text, \
    raw_tokens, stem_term, term_map
from .phrases import merge_phrase_strings, resolve_phrases
from .wordlists import resolve_stop_words

__all__ = ["tokenize", "token_segments", "count_words", "token_spans", "ngrams"]


def _tokens_and_map(text: str, *, lowercase: bool, numbers: str,
                    stop_words: Collection[str] | str | None,
                    phrases: Iterable[str] | str | None,
                    min_length: int) -> tuple[list[str], TermMap]:
    """Steps 1, 2 and 4 (raw tokens, breakers included, phrases merged) and the map of
    steps 3 and 5 for these options."""
    if numbers not in ("keep", "drop"):
        raise ValueError(f"numbers must be 'keep' or 'drop', got {numbers!r}")
    keep_numbers = numbers == "keep"
    toks = raw_tokens(text, lowercase=lowercase, join_digit_groups=keep_numbers)
    seqs = resolve_phrases(phrases, lowercase=lowercase) if phrases is not None else ()
    if seqs:
        toks = merge_phrase_strings(toks, seqs)
    return toks, term_map(keep_numbers, resolve_stop_words(stop_words), min_length, lowercase)


def tokenize(
    text: str,
    *,
    lowercase: bool = True,
    numbers: NumbersOption = "keep",
    stop_words: Collection[str] | str | None = None,
    phrases: Iterable[str] | str | None = None,
    stem: bool = False,
    min_length: int = 1,
) -> list[str]:
    """Split a text into word tokens (see :mod:`newslens.tokens` for every rule).

    Parameters
    ----------
    text : the text (``None`` or a non-string gives ``[]``).
    lowercase : lowercase tokens (and apply the ``US`` -> ``u.s.`` rule).
    numbers : ``"keep"`` numbers as tokens ("2018", "38500", "21st") or ``"drop"`` them.
    stop_words : ``None`` (keep all), ``"english"`` (scikit-learn's list), ``"default"``
        (scikit-learn's list adjusted by the domain list, see
        :func:`newslens.tokens.stop_words`) or a collection of words (compared lowercased).
    phrases : ``None``, ``"default"`` (the bundled list,
        :func:`newslens.tokens.default_phrases`) or an iterable of multi-word names to
        emit as single tokens ("hayat tahrir al-sham").
    stem : replace tokens by their Snowball stems (after stop-word removal).
    min_length : drop tokens shorter than this many characters.

    Returns
    -------
    list of str, in text order.

    Examples
    --------
    >>> tokenize("Russia-backed forces shelled the rebel-held town 3 times in 2018.")
    ['russia-backed', 'forces', 'shelled', 'the', 'rebel-held', 'town', '3', 'times', 'in', '2018']
    >>> tokenize("Hayat Tahrir al-Sham's fighters", phrases=["Hayat Tahrir al-Sham"])
    ['hayat tahrir al-sham', 'fighters']
    >>> tokenize("Rebels attacked", stem=True)
    ['rebel', 'attack']
    """
    if not isinstance(text, str) or not text:
        return []
    toks, tmap = _tokens_and_map(text, lowercase=lowercase, numbers=numbers,
                                 stop_words=stop_words, phrases=phrases, min_length=min_length)
    out = list(chain.from_iterable(map(tmap.__getitem__, toks)))
    if stem:
        out = [stem_term(t) for t in out]
    return out


def token_segments(
    text: str,
    *,
    lowercase: bool = True,
    numbers: NumbersOption = "keep",
    stop_words: Collection[str] | str | None = None,
    phrases: Iterable[str] | str | None = None,
    stem: bool = False,
    min_length: int = 1,
) -> list[list[str]]:
    """:func:`tokenize`, split at punctuation: one list per stretch between breakers.

    Joining the lists gives exactly ``tokenize(text, ...)`` with the same options. Used
    where word order matters and a pair of words must not span a sentence or a clause
    (n-grams, collocations). Empty stretches are left out.

    Examples
    --------
    >>> token_segments("Rebels, jihadists and the regime. Idlib waits")
    [['rebels'], ['jihadists', 'and', 'the', 'regime'], ['idlib', 'waits']]
    """
    if not isinstance(text, str) or not text:
        return []
    toks, tmap = _tokens_and_map(text, lowercase=lowercase, numbers=numbers,
                                 stop_words=stop_words, phrases=phrases, min_length=min_length)
    out: list[list[str]] = []
    cur: list[str] = []
    for t in toks:
        if t in BREAKERS:
            if cur:
                out.append(cur)
                cur = []
        else:
            cur.extend(tmap[t])
    if cur:
        out.append(cur)
    if stem:
        out = [[stem_term(t) for t in seg] for seg in out]
    return [seg for seg in out if seg]


def count_words(text: str) -> int:
    """Number of words in ``text``: every token except numbers and punctuation, stop
    words included. The denominator of every "per 10,000 words" rate in newslens.

    Examples
    --------
    >>> count_words("In 2018, the Syrian regime's de-escalation zones collapsed.")
    7
    """
    return len(tokenize(text, numbers="drop"))


def ngrams(tokens: Sequence[str], ngram_range: tuple[int, int] = (1, 1)) -> list[str]:
    """Word n-grams joined by a space, all lengths in ``ngram_range`` (as scikit-learn).

    Examples
    --------
    >>> ngrams(["regime", "forces", "advance"], (1, 2))
    ['regime', 'forces', 'advance', 'regime forces', 'forces advance']
    """
    lo, hi = ngram_range
    if lo < 1 or hi < lo:
        raise ValueError(f"ngram_range must be (min, max) with 1 <= min <= max, got {ngram_range}")
    out = list(tokens) if lo == 1 else []
    for n in range(max(lo, 2), hi + 1):
        out += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    return out


# The span pattern reads the original text, so it accepts the typographic apostrophes,
# the Unicode hyphens and the soft hyphen where TOKEN_PATTERN expects "'" and "-" (the
# folding of normalise_text changes lengths, so offsets cannot come from the folded text).
_APOS = "['\u2019\u2018\u02bc]"
_SPAN_RE = re.compile(
    r"(\w+(?:[-.\u2010\u2011\u00ad]\w+|" + _APOS + r"(?!s\b)\w+)*)(?:" + _APOS + r"s\b)?")


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """Word tokens with their character offsets in the *original* text.

    Returns ``(token, start, end)`` with ``text[start:end]`` the token as written. The
    token is lowercased and folded as in :func:`tokenize`; numbers are kept, breakers
    left out, no phrase list is applied (a phrase is a run of consecutive tokens), the
    possessive ``'s`` lies outside the span and an abbreviation's final stop inside it.
    Used to read a term back in its sentence.

    Examples
    --------
    >>> token_spans("Assad\u2019s forces, U.S. and US")
    [('assad', 0, 5), ('forces', 8, 14), ('u.s.', 16, 20), ('and', 21, 24), ('u.s.', 25, 27)]
    """
    if not isinstance(text, str) or not text:
        return []
    out = []
    for m in _SPAN_RE.finditer(text):
        raw = m.group(1)
        # the US rule of normalise_text: capital "US" is the country
        tok = "u.s" if raw == "US" else normalise_text(raw, lowercase=False).lower()
        start, end = m.start(1), m.end(1)
        for term, _ in canonical_terms(tok):
            # an abbreviation's final stop is part of it ("U.S."), when the text has one
            stop = term.endswith(".") and text[end:end + 1] == "."
            out.append((term, start, end + 1 if stop else end))
    return out
