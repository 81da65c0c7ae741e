"""Word forms: normalising a text, the token pattern, what each distinct form stands for.

Steps 1-3 and 5 of :mod:`newslens.tokens` (phrases, step 4, are in
:mod:`newslens.tokens.phrases`). Everything here that depends only on a word form is
computed once per distinct form (:class:`TermMap`), not once per token.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import chain
from typing import Literal

__all__ = ["TOKEN_PATTERN", "TOKEN_RE", "BREAKERS", "NumbersOption", "normalise_text",
           "raw_tokens", "is_number", "canonical_terms", "TermMap", "term_map", "stem_term"]

#: The token pattern (step 2 of :mod:`newslens.tokens`); group 1 is the token.
TOKEN_PATTERN = r"""(\w+(?:[-.]\w+|'(?!s\b)\w+)*|[.,;:!?"])(?:'s\b)?"""
TOKEN_RE = re.compile(TOKEN_PATTERN)
#: Punctuation tokens that separate phrases and n-grams and are never emitted.
BREAKERS = frozenset('.,;:!?"')

NumbersOption = Literal["keep", "drop"]

# "US" in capitals is the country; lowercased it would become the stop word "us". The
# pattern starts with the literal "US" (fast search); the word-start test is in _us_repl.
_US_RE = re.compile(r"US\b")


def _us_repl(m: re.Match) -> str:
    i = m.start()
    before = m.string[i - 1] if i else " "
    return "US" if before.isalnum() or before == "_" else "U.S."


# A thousands separator between digit groups ("38,500"); removed when numbers are kept.
_DIGIT_COMMA_RE = re.compile(r"(?<=\d),(?=\d\d\d)")
# Typographic apostrophes and hyphens folded to ASCII; soft hyphen deleted (see step 1).
_FOLD = (("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u2010", "-"),
         ("\u2011", "-"), ("\u00ad", ""))


# ---------------------------------------------------------------------- normalising

def normalise_text(text: str, *, lowercase: bool = True, join_digit_groups: bool = False) -> str:
    """Step 1 of tokenisation: NFC, folded apostrophes/hyphens, the ``US`` rule, lowercase.

    Every token :func:`raw_tokens` returns is a substring of this string.

    Examples
    --------
    >>> normalise_text("Syria\u2019s US-backed rebels")
    "syria's u.s.-backed rebels"
    >>> normalise_text("38,500 people", join_digit_groups=True)
    '38500 people'
    """
    if not text.isascii():
        # is_normalized is a fast check; most scraped text is already NFC.
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        for old, new in _FOLD:
            if old in text:
                text = text.replace(old, new)
    if lowercase:
        if "US" in text:
            text = _US_RE.sub(_us_repl, text)
        text = text.lower()
    if join_digit_groups and "," in text:
        text = _DIGIT_COMMA_RE.sub("", text)
    return text


def raw_tokens(text: str, *, lowercase: bool = True, join_digit_groups: bool = False) -> list[str]:
    """Steps 1-2: the regex matches on the normalised text, breakers included.

    Examples
    --------
    >>> raw_tokens("U.S.-backed rebels' town, Idlib.Russia")
    ['u.s', '.', 'backed', 'rebels', 'town', ',', 'idlib.russia']
    """
    if not isinstance(text, str) or not text:
        return []
    return TOKEN_RE.findall(normalise_text(text, lowercase=lowercase,
                                           join_digit_groups=join_digit_groups))


# ------------------------------------------------------------------- canonical forms

def is_number(token: str) -> bool:
    """A token that starts with a digit ("2018", "3.5", "21st", "3-year-old")."""
    return token[:1].isdigit()


def canonical_terms(token: str) -> tuple[tuple[str, bool], ...]:
    """Step 3: the term(s) one raw token stands for, each with a flag "is a number".

    Returns ``()`` for breakers and junk. Applied once per distinct word form.

    Examples
    --------
    >>> canonical_terms("u.s")
    (('u.s.', False),)
    >>> canonical_terms("idlib.2018")
    (('idlib', False), ('2018', True))
    >>> canonical_terms("21st"), canonical_terms("."), canonical_terms("___")
    ((('21st', True),), (), ())
    """
    if token in BREAKERS:
        return ()
    if is_number(token):
        return ((token, True),)
    if "." in token:
        parts = token.split(".")
        # Single letters joined by full stops are an abbreviation ("u.s.", "u.n.", "a.m.");
        # the regex leaves out the final stop, which is put back for readability.
        if all(len(p) == 1 and p.isalpha() for p in parts):
            return ((token + ".", False),)
        # Otherwise a full stop inside a word is a missing space after a sentence end
        # (scraping artifact "Idlib.Russia") or a web address: count the parts.
        return tuple(chain.from_iterable(canonical_terms(p) for p in parts if p))
    if not any(ch.isalnum() for ch in token):
        # Runs of underscores ("____", a scraped separator line) match \w but are no word.
        return ()
    return ((token, False),)


class TermMap(dict):
    """Raw token -> tuple of output terms (step 3 and the filters of step 5), computed on
    first sight (``__missing__``), so that filtering costs one dict look-up per token.

    Parameters
    ----------
    keep_numbers : keep number tokens.
    stop : stop words (compared lowercased).
    min_length : drop terms shorter than this.
    lowercase : the tokens are lowercased already (else a stop-word test lowercases).
    """

    def __init__(self, *, keep_numbers: bool, stop: frozenset[str], min_length: int,
                 lowercase: bool) -> None:
        super().__init__()
        self.keep_numbers, self.stop, self.min_length = keep_numbers, stop, min_length
        self.lowercase = lowercase

    def keep(self, term: str, number: bool) -> bool:
        """Whether ``term`` survives the number, length and stop-word filters."""
        if number and not self.keep_numbers:
            return False
        if len(term) < self.min_length:
            return False
        return (term if self.lowercase else term.lower()) not in self.stop

    def __missing__(self, token: str) -> tuple[str, ...]:
        if " " in token:  # a merged phrase: kept whole, never a stop word
            out = (token,)
        else:
            out = tuple(t for t, num in canonical_terms(token) if self.keep(t, num))
        self[token] = out
        return out


# A few option sets at a time; each map holds every word form it has seen.
@lru_cache(maxsize=8)
def term_map(keep_numbers: bool, stop: frozenset[str], min_length: int,
             lowercase: bool) -> TermMap:
    """The shared :class:`TermMap` of one set of options (cached: its entries are reused
    by every later call with the same options)."""
    return TermMap(keep_numbers=keep_numbers, stop=stop, min_length=min_length,
                   lowercase=lowercase)


# ---------------------------------------------------------------------------- stems

@lru_cache(maxsize=4)
def _stemmer(language: str):
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer(language)


@lru_cache(maxsize=200_000)
def stem_term(term: str, language: str = "english") -> str:
    """Snowball stem of a term; a phrase or hyphenated word is stemmed on its last part
    only, since only the head word inflects ("security councils" -> "security council").

    Examples
    --------
    >>> [stem_term(t) for t in ["rebels", "attacks", "de-escalation", "security councils"]]
    ['rebel', 'attack', 'de-escal', 'security council']
    """
    cut = max(term.rfind(" "), term.rfind("-")) + 1
    if cut >= len(term):
        return term
    return term[:cut] + _stemmer(language).stem(term[cut:])
