"""Words, paragraphs and sentences of an article, as character offsets.

Paragraphs are separated by a blank line (what :mod:`newslens.clean` leaves); sentences end
at ``.``, ``!``, ``?`` or ``…`` before a capital or a digit, except after an abbreviation
or an initial ("Sen. Chuck Schumer", "N.Y."). The quote parser splits the *masked* text
(quotations replaced by ``x``, see :func:`newslens.quotes.marks.mask_quotes`), so a sentence
never ends inside a quotation.
"""
from __future__ import annotations

import re

__all__ = ["WORD_RE", "ABBREV", "words", "quoted_words", "paragraph_spans", "sentence_spans",
           "abbrev_stop"]

#: A word: letters or digits, with inner apostrophes and hyphens ("didn't", "de-escalation").
WORD_RE = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")
_PARA_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# (a quotation opening the next sentence is masked to "xxx": it starts a sentence too)
_SENT_END_RE = re.compile("[.!?\u2026]+[\"'\u201d\u2019)\\]]*\\s+(?=[\"'\u201c\u2018(\\[]?[A-Z0-9]|[\"\u201c]x)")
#: Abbreviations whose full stop ends no sentence (lower case, without the stop).
ABBREV = frozenset(
    "mr mrs ms dr prof gen sen sens rep reps gov govs lt col sgt capt st jr sr inc corp co ltd "
    "no vs u.s "
    "u.n u.k jan feb mar apr jun jul aug sept sep oct nov dec a.m p.m etc fig maj adm cmdr "
    "rev ft mt".split())


def words(s: str) -> list[str]:
    """The words of ``s`` (:data:`WORD_RE`)."""
    return WORD_RE.findall(s)


def quoted_words(quote: str) -> int:
    """Number of words in a quote (letters/digits, with inner apostrophes and hyphens).

    Examples
    --------
    >>> quoted_words("de-escalation now, didn't he?")
    4
    """
    return len(WORD_RE.findall(quote))


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph; paragraphs are separated by a blank line.

    Examples
    --------
    >>> paragraph_spans("One.\\n\\n  Two.\\n \\n\\n")
    [(0, 4), (8, 12)]
    """
    spans = []
    pos = 0
    for m in _PARA_RE.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def sentence_spans(masked: str, ps: int, pe: int) -> list[tuple[int, int]]:
    """Sentence spans of the paragraph ``masked[ps:pe]``.

    A period after a known abbreviation (:data:`ABBREV`) or an initial does not end a
    sentence; the word before the full stop is the run of non-space characters before it,
    without leading quote marks or a parenthesis.

    Examples
    --------
    >>> t = "Sen. Chuck Schumer spoke. Then J. Doe left."
    >>> [t[a:b] for a, b in sentence_spans(t, 0, len(t))]
    ['Sen. Chuck Schumer spoke. ', 'Then J. Doe left.']
    """
    out = []
    s = ps
    for m in _SENT_END_RE.finditer(masked, ps, pe):
        j = m.start()
        if masked[j] == ".":
            # the word before the full stop: after the last space or newline, unless another
            # kind of whitespace follows that (then the plain scan back). The newline is only
            # looked for after the last space: a paragraph without newlines (one 20 MB line)
            # would otherwise be searched to its start at every full stop, a quadratic scan.
            k = masked.rfind(" ", ps, j)
            k = max(k, masked.rfind("\n", max(k, ps), j), ps - 1) + 1
            if k < j and masked[k:j].split() != [masked[k:j]]:
                k = j
                while k > ps and not masked[k - 1].isspace():
                    k -= 1
            word = masked[k:j].strip("\"'(\u201c\u2018").lower()
            if word in ABBREV or (len(word) == 1 and word.isalpha()):
                continue
        out.append((s, m.end()))
        s = m.end()
    out.append((s, pe))
    return [(a, b) for a, b in out if b > a]


def abbrev_stop(text: str, i: int) -> bool:
    """Is the full stop at ``text[i]`` part of an abbreviation or an initial ("Sen.", "N.Y.")?"""
    k = i
    while k > 0 and not text[k - 1].isspace() and text[k - 1] not in "(,":
        k -= 1
    word = text[k:i].lower().lstrip("(")
    return word in ABBREV or (len(word) <= 2 and word[-1:].isalpha()) or bool(re.fullmatch(r"(?:\w\.)+\w?", word)) \
        or bool(re.fullmatch(r"[a-z]-[a-z.]+", word))
