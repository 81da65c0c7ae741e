"""The package's one tokenizer: words, hyphenated names, phrases, stop words, stems.

Every stage that counts words (term frequencies, keyness, framing rates, quote lengths)
calls :func:`tokenize` (or, for a whole corpus at once, :func:`newslens.terms.count_terms`,
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
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Literal

import numpy as np

from .config import RESOURCES_DIR

#: Domain stop words (added to scikit-learn's list) and exceptions (removed from it).
STOP_WORDS_PATH = RESOURCES_DIR / "stopwords_domain.txt"
#: Multi-word names counted as one term.
PHRASES_PATH = RESOURCES_DIR / "phrases.txt"

#: The token pattern (see step 2 of the module docstring); group 1 is the token.
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


# ------------------------------------------------------------------------ word lists

def read_word_list(path: str | Path) -> list[str]:
    """Entries of a word-list file, in file order.

    One entry per line; ``#`` starts a comment; blank lines are skipped; whitespace inside
    an entry is collapsed to one space.
    """
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(" ".join(line.split()))
    return out


@lru_cache(maxsize=8)
def _domain_stop_lists(path: str) -> tuple[frozenset[str], frozenset[str]]:
    add, keep = set(), set()
    for entry in read_word_list(path):
        if entry.startswith("!"):
            keep.add(entry[1:].strip().lower())
        else:
            add.add(entry.lower())
    return frozenset(add), frozenset(keep)


@lru_cache(maxsize=8)
def stop_words(kind: str = "default", *, path: str | None = None) -> frozenset[str]:
    """A stop-word set.

    Parameters
    ----------
    kind : ``"english"`` is scikit-learn's ``ENGLISH_STOP_WORDS`` (318 words, the list
        ``CountVectorizer(stop_words="english")`` uses); ``"default"`` is that list plus
        the editable domain list (``resources/stopwords_domain.txt``), minus the words the
        domain list marks ``!word``: scikit-learn drops them but in news they carry
        meaning ("un" is the United Nations once lowercased, "de" starts "de Mistura",
        "fire" and "serious" are content words in conflict reporting).
    path : another domain list file.

    Examples
    --------
    >>> "un" in stop_words("english"), "un" in stop_words("default")
    (True, False)
    >>> "said" in stop_words("default")
    True
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    if kind == "english":
        return frozenset(ENGLISH_STOP_WORDS)
    if kind != "default":
        raise ValueError(f"unknown stop-word list {kind!r}; use 'default' or 'english'")
    add, keep = _domain_stop_lists(str(path or STOP_WORDS_PATH))
    return (frozenset(ENGLISH_STOP_WORDS) | add) - keep


def default_phrases(*, path: str | Path | None = None) -> tuple[str, ...]:
    """The bundled multi-word names counted as one term, lowercased, in file order.

    Examples
    --------
    >>> "security council" in default_phrases()
    True
    """
    return tuple(p.lower() for p in read_word_list(path or PHRASES_PATH))


def resolve_stop_words(stop: Collection[str] | str | None) -> frozenset[str]:
    """``None`` -> empty set; ``"default"``/``"english"`` -> :func:`stop_words`; else the words."""
    if stop is None:
        return frozenset()
    if isinstance(stop, str):
        return stop_words(stop)
    return frozenset(w.lower() for w in stop)


def resolve_phrases(phrases: Iterable[str] | str | None, *,
                    lowercase: bool = True) -> tuple[tuple[str, ...], ...]:
    """Phrases as tuples of raw tokens, longest first, then alphabetical; one-token entries
    are dropped (a single word is already one token).

    Each phrase is tokenized by the same regular expression as the text, so it matches
    exactly the token runs it names ("Security Council's" in a text is the run
    ``security``, ``council``).

    Examples
    --------
    >>> resolve_phrases(["de Mistura", "Staffan de Mistura", "Idlib"])
    (('staffan', 'de', 'mistura'), ('de', 'mistura'))
    """
    if phrases is None:
        return ()
    if isinstance(phrases, str):
        if phrases != "default":
            raise ValueError(f"unknown phrase list {phrases!r}; use 'default' or a list")
        phrases = default_phrases()
    seqs = set()
    for p in phrases:
        toks = raw_tokens(p, lowercase=lowercase)
        if len(toks) > 1 and not any(t in BREAKERS for t in toks):
            seqs.add(tuple(toks))
    return tuple(sorted(seqs, key=lambda s: (-len(s), s)))


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


class _TermMap(dict):
    """raw token -> tuple of output terms, computed on first sight (``__missing__``), so
    that filtering costs one C-level dict lookup per token."""

    def __init__(self, *, keep_numbers: bool, stop: frozenset[str], min_length: int,
                 lowercase: bool) -> None:
        super().__init__()
        self.keep_numbers, self.stop, self.min_length = keep_numbers, stop, min_length
        self.lowercase = lowercase

    def keep(self, term: str, number: bool) -> bool:
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
def _term_map(keep_numbers: bool, stop: frozenset[str], min_length: int,
              lowercase: bool) -> _TermMap:
    return _TermMap(keep_numbers=keep_numbers, stop=stop, min_length=min_length,
                    lowercase=lowercase)


# -------------------------------------------------------------------------- phrases

def merge_phrases(ids: np.ndarray, phrase_ids: Sequence[Sequence[int]],
                  out_ids: Sequence[int]) -> np.ndarray:
    """Step 4 on a stream of integer token ids: replace phrase runs by one id.

    Parameters
    ----------
    ids : 1-D integer array, the token stream (documents separated by a breaker id).
    phrase_ids : each phrase as a sequence of token ids, in priority order (longest
        first); a phrase never contains a breaker, so it cannot match across one.
    out_ids : the id that replaces each phrase.

    Returns
    -------
    A new array: the first token of every merged run replaced by the phrase's id, the
    rest of the run removed. Rules: phrases are applied in the given order; a run
    overlapping an already merged run is left alone; overlapping runs of the same phrase
    ("a a" in "a a a") are taken left to right.

    Examples
    --------
    >>> merge_phrases(np.array([5, 1, 2, 3, 1, 2, 9]), [(1, 2, 3), (1, 2)], [100, 101])
    array([  5, 100, 101,   9])
    """
    ids = np.asarray(ids)
    if not len(phrase_ids) or not len(ids):
        return ids
    n = len(ids)
    lut = np.zeros(int(max(ids.max(), max(p[0] for p in phrase_ids))) + 1, dtype=bool)
    lut[[p[0] for p in phrase_ids]] = True
    cand = np.flatnonzero(lut[ids])
    if not len(cand):
        return ids
    out, consumed = ids, None  # copied on the first match only
    for seq, pid in zip(phrase_ids, out_ids):
        k = len(seq)
        pos = cand[(ids[cand] == seq[0]) & (cand <= n - k)]
        for j in range(1, k):
            if not len(pos):
                break
            pos = pos[ids[pos + j] == seq[j]]
        if not len(pos):
            continue
        if consumed is None:
            consumed = np.zeros(n, dtype=bool)
            out = ids.copy()
        span = pos[:, None] + np.arange(k)
        free = ~consumed[span].any(axis=1)
        pos = pos[free]
        if len(pos) > 1 and np.any(np.diff(pos) < k):
            kept, last_end = [], -1
            for p in pos.tolist():  # self-overlapping runs: left to right
                if p >= last_end:
                    kept.append(p)
                    last_end = p + k
            pos = np.array(kept, dtype=pos.dtype)
        span = pos[:, None] + np.arange(k)
        consumed[span] = True
        out[pos] = pid
        out[span[:, 1:]] = -1
    return ids if consumed is None else out[out != -1]


def _merge_phrase_strings(tokens: list[str], seqs: tuple[tuple[str, ...], ...]) -> list[str]:
    """:func:`merge_phrases` on a list of strings (used by :func:`tokenize`)."""
    firsts = {s[0] for s in seqs}
    if firsts.isdisjoint(tokens):
        return tokens
    index: dict[str, int] = {}
    ids = np.fromiter((index.setdefault(t, len(index)) for t in tokens), dtype=np.int64,
                      count=len(tokens))
    names = list(index)
    phrase_ids, out_ids, wanted = [], [], []
    for s in seqs:
        if all(w in index for w in s):
            phrase_ids.append([index[w] for w in s])
            out_ids.append(len(names) + len(wanted))
            wanted.append(" ".join(s))
    if not phrase_ids:
        return tokens
    names += wanted
    return [names[i] for i in merge_phrases(ids, phrase_ids, out_ids).tolist()]


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


# -------------------------------------------------------------------------- tokenize

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
    """Split a text into word tokens (see the module docstring for every rule).

    Parameters
    ----------
    text : the text (``None`` or a non-string gives ``[]``).
    lowercase : lowercase tokens (and apply the ``US`` -> ``u.s.`` rule).
    numbers : ``"keep"`` numbers as tokens ("2018", "38500", "21st") or ``"drop"`` them.
    stop_words : ``None`` (keep all), ``"english"`` (scikit-learn's list), ``"default"``
        (scikit-learn's list adjusted by the domain list, see :func:`stop_words`) or a
        collection of words (compared lowercased).
    phrases : ``None``, ``"default"`` (the bundled list, :func:`default_phrases`) or an
        iterable of multi-word names to emit as single tokens ("hayat tahrir al-sham").
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
    if numbers not in ("keep", "drop"):
        raise ValueError(f"numbers must be 'keep' or 'drop', got {numbers!r}")
    keep_numbers = numbers == "keep"
    toks = raw_tokens(text, lowercase=lowercase, join_digit_groups=keep_numbers)
    seqs = resolve_phrases(phrases, lowercase=lowercase) if phrases is not None else ()
    if seqs:
        toks = _merge_phrase_strings(toks, seqs)
    tmap = _term_map(keep_numbers, resolve_stop_words(stop_words), min_length, lowercase)
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
    (n-grams, collocations, framing patterns). Empty stretches are left out.

    Examples
    --------
    >>> token_segments("Rebels, jihadists and the regime. Idlib waits")
    [['rebels'], ['jihadists', 'and', 'the', 'regime'], ['idlib', 'waits']]
    """
    if not isinstance(text, str) or not text:
        return []
    if numbers not in ("keep", "drop"):
        raise ValueError(f"numbers must be 'keep' or 'drop', got {numbers!r}")
    keep_numbers = numbers == "keep"
    toks = raw_tokens(text, lowercase=lowercase, join_digit_groups=keep_numbers)
    seqs = resolve_phrases(phrases, lowercase=lowercase) if phrases is not None else ()
    if seqs:
        toks = _merge_phrase_strings(toks, seqs)
    tmap = _term_map(keep_numbers, resolve_stop_words(stop_words), min_length, lowercase)
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


# The span pattern reads the original text, so it accepts the typographic apostrophes,
# the Unicode hyphens and the soft hyphen where TOKEN_PATTERN expects "'" and "-".
_APOS = "['\u2019\u2018\u02bc]"
_SPAN_RE = re.compile(
    r"(\w+(?:[-.\u2010\u2011\u00ad]\w+|" + _APOS + r"(?!s\b)\w+)*)(?:" + _APOS + r"s\b)?")


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """Word tokens with their character offsets in the *original* text.

    Returns ``(token, start, end)`` with ``text[start:end]`` the token as written. The
    token is lowercased and folded as in :func:`tokenize`; numbers are kept, breakers
    left out, no phrase list is applied (a phrase is a run of consecutive tokens), the
    possessive ``'s`` lies outside the span and an abbreviation's final stop inside it. Used to read a term back in its sentence.

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


__all__ = [
    "TOKEN_PATTERN", "BREAKERS", "STOP_WORDS_PATH", "PHRASES_PATH",
    "tokenize", "token_segments", "count_words", "token_spans", "normalise_text", "raw_tokens",
    "canonical_terms", "is_number", "merge_phrases", "stop_words", "default_phrases",
    "resolve_stop_words", "resolve_phrases", "read_word_list", "stem_term", "ngrams",
]
