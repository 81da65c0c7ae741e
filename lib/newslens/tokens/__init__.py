"""The package's one tokenizer: words, hyphenated names, phrases, stop words, stems.

Every table that counts words (term frequencies, keyness, framing rates) uses
:func:`tokenize` (or, for a whole corpus at once, :func:`newslens.terms.count_terms`,
which applies exactly the same rules), so that "a word" means the same thing in every
table.

How a text becomes tokens
-------------------------
1. **Normalise** (:func:`normalise_text`). Unicode NFC (a scraped "é" may be "e" plus a
   combining accent, which a regex would split); the typographic apostrophes ``’ ‘ ʼ``
   become ``'`` and the Unicode hyphens U+2010/U+2011 become ``-`` (scraped text mixes
   them, and "Syria’s" must count as "Syria's"); soft hyphens (U+00AD, invisible, left
   inside words by CMS line breaking) are deleted. With ``lowercase=True`` the capitalised
   country abbreviation ``US`` becomes ``U.S.`` first, because lowercased "us" is the
   stop-word pronoun and news copy writes the country both ways; then the text is
   lowercased. When numbers are kept, a comma between digit groups is removed
   ("38,500" -> "38500") so that a thousands separator does not split a number.
2. **Match** with one compiled regular expression, :data:`TOKEN_PATTERN`::

       (\\w+(?:[-.]\\w+|'(?!s\\b)\\w+)*|[.,;:!?"])(?:'s\\b)?

   A token is a run of word characters joined by single hyphens ("de-escalation",
   "al-assad", "covid-19", "rebel-held"), full stops ("u.s", "3.5") or elision
   apostrophes ("don't", "o'brien"). A possessive ``'s`` after a token is matched but not
   kept: "Syria's" gives ``syria``, "Security Council's" gives ``security council``. A
   bare trailing apostrophe (plural possessive "rebels'") is not part of the token.
   The punctuation marks ``. , ; : ! ? "`` are matched as *breakers*: never emitted, they
   stop a phrase or an n-gram from spanning two sentences or clauses. The expression is
   deliberately simple (no look-behind, one alternation): it runs at about 1.2 times the
   speed of scikit-learn's ``\\b\\w\\w+\\b`` and every refinement below is applied once per
   distinct word form, not once per token.
3. **Canonicalise each distinct word form** (:func:`canonical_terms`): a token that starts
   with a digit is a *number* ("2018", "3.5", "21st", "1990s", "3-year-old"); single
   letters joined by full stops are an *abbreviation* and get their final stop back
   ("u.s" -> ``u.s.``, "u.n" -> ``u.n.``); any other token with a full stop inside is two
   words run together by a missing space after a sentence end ("idlib.russia" ->
   ``idlib``, ``russia``; web addresses split into their parts); a token with no letter
   or digit ("___") is junk and dropped.
4. **Merge phrases** (:func:`merge_phrases`): a run of consecutive tokens equal to an entry
   of the phrase list (no breaker in between) becomes one token with single spaces
   ("hayat tahrir al-sham"); longer phrases are merged first.
5. **Filter and stem**: numbers are kept or dropped (``numbers=``); tokens shorter than
   ``min_length`` characters and stop words are dropped; stemming (NLTK's Snowball, which
   needs no downloaded data) is applied last.

Examples
--------
>>> tokenize("Syria's rebels fear de-escalation talks with al-Assad will fail.")
['syria', 'rebels', 'fear', 'de-escalation', 'talks', 'with', 'al-assad', 'will', 'fail']
>>> tokenize("The UN Security Council met on Sept. 7, 2018.", numbers="drop",
...          stop_words="default", phrases="default")
['un', 'security council', 'met', 'sept']

Modules
-------
:mod:`~newslens.tokens.forms`
    steps 1-3 and 5: normalising, the token pattern, canonical forms, stems.
:mod:`~newslens.tokens.phrases`
    step 4: the phrase list and phrase merging.
:mod:`~newslens.tokens.wordlists`
    the stop-word and phrase files.
:mod:`~newslens.tokens.words`
    :func:`tokenize`, :func:`token_segments`, :func:`count_words`, :func:`token_spans`,
    :func:`ngrams`.
"""
from __future__ import annotations

from .forms import (
    BREAKERS, TOKEN_PATTERN, TOKEN_RE, NumbersOption, TermMap, canonical_terms, is_number,
    normalise_text, raw_tokens, stem_term, term_map,
)
from .phrases import merge_phrase_strings, merge_phrases, resolve_phrases
from .wordlists import (
    PHRASES_PATH, STOP_WORDS_PATH, default_phrases, read_word_list, resolve_stop_words,
    stop_words,
)
from .words import count_words, ngrams, token_segments, token_spans, tokenize

__all__ = [
    "TOKEN_PATTERN", "TOKEN_RE", "BREAKERS", "STOP_WORDS_PATH", "PHRASES_PATH",
    "tokenize", "token_segments", "count_words", "token_spans", "normalise_text", "raw_tokens",
    "canonical_terms", "is_number", "merge_phrases", "merge_phrase_strings", "stop_words",
    "default_phrases", "resolve_stop_words", "resolve_phrases", "read_word_list", "stem_term",
    "ngrams", "TermMap", "term_map", "NumbersOption",
]
