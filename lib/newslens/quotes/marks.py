"""Quote marks: pair the double and single quote marks of a text into quoted spans.

Double marks (straight, curly or guillemets, in any mix) are classified as opening or
closing by the characters around them and paired left to right (:func:`find_quote_spans`
lists the rules for damaged or conventional text); single marks are paired within a
paragraph. :func:`mask_quotes` hides the quotations, so that sentence boundaries, speech
verbs and speakers are only looked for outside them.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .sentences import WORD_RE, paragraph_spans

__all__ = ["SCARE_MAX_WORDS", "Quote", "find_quote_spans", "has_single_quote_opener",
           "mask_quotes"]

#: A quote of at most this many words is a scare quote (not a statement); a single-quoted
#: span inside a double-quoted one is kept only when it is that short.
SCARE_MAX_WORDS = 2

_DQ_RE = re.compile("[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")
_DQ_CURLY = "\u201c\u201d\u201e\u201f\u00ab\u00bb"  # the marks of _DQ_RE but the straight one
_OPEN_ONLY = "\u201c\u201e\u201f\u00ab"
_CLOSE_ONLY = "\u201d\u00bb"
_LEFT_FLANK = set("([{\u2014\u2013-/")
_RIGHT_FLANK = set(".,;:!?)]}\u2014\u2013\u2026-")
# Single quotes: an opener starts a word, a closer ends one; an apostrophe inside a word
# ("don't", "Syria's") is neither. A plural possessive ("rebels' ") looks like a closer and is
# only used if an opener precedes it in the same paragraph.
_SQ_RE = re.compile("['\u2018\u2019]")
# An opening single mark after a space, a bracket or a double mark, before an ASCII letter or
# digit (see has_single_quote_opener). Written to start on the mark, with a look back at the
# character before it, so that re's fast scan for the first character applies.
_SQ_OPENER_RE = re.compile("['\u2018](?<=[\\s(\\[\"\u201c]['\u2018])[A-Za-z0-9]")
_NON_SPACE_RE = re.compile(r"\S")

OPEN, CLOSE, AMBIG = 1, 2, 3


def has_single_quote_opener(text: str) -> bool:
    """Does a single quote mark (``'`` or ``\u2018``) open a quotation somewhere in ``text``?

    It does when it stands at the start of the text or after white space, ``(``, ``[``,
    ``"`` or ``\u201c``, and before an ASCII letter or digit. Most articles have none, and
    then their many apostrophes need no look (:func:`find_quote_spans`).

    Examples
    --------
    >>> [has_single_quote_opener(t) for t in ["'Tis so", "he said 'no'", "Syria's war", "'"]]
    [True, True, False, False]
    """
    if text[:1] in ("'", "\u2018") and text[1:2].isascii() and text[1:2].isalnum():
        return True
    return _SQ_OPENER_RE.search(text) is not None


def _dq_positions(text: str) -> list[int]:
    """Offsets of every double quote mark (``_DQ_RE``) in ``text``, in order.

    Cleaned text has straight marks only: then ``str.find`` jumps from one to the next,
    several times faster than the expression's scan of every character.
    """
    if any(ch in text for ch in _DQ_CURLY):
        return [m.start() for m in _DQ_RE.finditer(text)]
    out = []
    i = text.find('"')
    while i >= 0:
        out.append(i)
        i = text.find('"', i + 1)
    return out


def _mark_side(text: str, i: int) -> int:
    ch = text[i]
    if ch in _OPEN_ONLY:
        return OPEN
    if ch in _CLOSE_ONLY:
        return CLOSE
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    left_open = before.isspace() or before in _LEFT_FLANK
    right_open = after.isspace() or after in _RIGHT_FLANK
    if left_open and not right_open:
        return OPEN
    if right_open and not left_open:
        return CLOSE
    return AMBIG


@dataclass
class Quote:
    """A quoted span: ``text[start:end]`` are the words inside the marks."""

    start: int  # inner start (after the opening mark)
    end: int    # inner end (before the closing mark)
    open_mark: int
    close_mark: int  # index of the closing mark, or -1 when unterminated
    para: int
    nested: bool = False



def find_quote_spans(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[Quote]:
    """Pair the quote marks of ``text`` into quoted spans.

    Double marks (straight, curly or guillemets, in any mix) are classified as opening or
    closing by their flanks (a mark after a space and before a letter opens), and paired left
    to right. Rules for damaged or conventional text:

    - a quote left open at the end of a paragraph continues into the next paragraph when that
      paragraph opens with a quote mark (the English convention for multi-paragraph quotes);
    - it also continues when the next paragraph closes a quote before opening one (the
      reopening mark was lost: ``"I reiterate ... Republic.`` / ``I also ... Court," he said.``);
    - otherwise it ends at the end of its paragraph;
    - a mark with spaces on both sides at the end of a paragraph is a stray (``"very strange". "``).

    Single quotes are paired within a paragraph: nested inside a double-quoted span (kept only
    when they are scare quotes) or as the primary marks of outlets that use them.
    """
    paragraphs = paragraphs if paragraphs is not None else paragraph_spans(text)
    para_starts = [s for s, _ in paragraphs]
    marks_by_para: list[list[tuple[int, int]]] = [[] for _ in paragraphs]
    for i in _dq_positions(text):
        p = bisect.bisect_right(para_starts, i) - 1
        if p < 0 or i >= paragraphs[p][1]:
            continue
        marks_by_para[p].append((i, _mark_side(text, i)))

    quotes: list[Quote] = []
    open_pos: int | None = None
    open_para = -1

    def emit(o: int, c: int, close_idx: int) -> None:
        s, e = o + 1, c
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            quotes.append(Quote(s, e, o, close_idx, open_para))

    for p, (ps, pe) in enumerate(paragraphs):
        marks = marks_by_para[p]
        k = 0
        if open_pos is not None:
            if marks and marks[0][0] == ps and marks[0][1] in (OPEN, AMBIG):
                k = 1  # reopening mark of a multi-paragraph quote: skip it, keep the quote open
            elif marks and marks[0][1] in (CLOSE, AMBIG):
                pass  # lost reopening mark: the first mark of this paragraph closes the quote
            else:
                emit(open_pos, paragraphs[p - 1][1], -1)
                open_pos = None
        for i, side in marks[k:]:
            if open_pos is None:
                if side == CLOSE:
                    continue  # stray closing mark
                if side == AMBIG and _NON_SPACE_RE.search(text, i + 1, pe) is None:
                    # stray mark at the end of a paragraph (a search, not a strip of the rest
                    # of the paragraph: that copy made one-paragraph articles quadratic)
                    continue
                open_pos, open_para = i, p
            else:
                if side == OPEN and text[i] in _OPEN_ONLY:
                    # a curly opening mark while a quote is open: the earlier one was never
                    # closed; restart here rather than pair across
                    open_pos, open_para = i, p
                    continue
                emit(open_pos, i, i)
                open_pos = None
    if open_pos is not None and paragraphs:
        emit(open_pos, paragraphs[-1][1], -1)

    # single quotes
    dq_spans = [(q.open_mark, q.close_mark if q.close_mark >= 0 else q.end) for q in quotes]
    dq_starts = [s for s, _ in dq_spans]
    # an opening single mark stands after a space, a bracket or a double mark and before a
    # letter; most articles have none, and then their many apostrophes need no look
    if has_single_quote_opener(text):
        opens, closes = [], []
        n = len(text)
        for m in _SQ_RE.finditer(text):
            i = m.start()
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < n else " "
            if text[i] != "\u2019" and not (before.isalnum() or before in "'\u2018\u2019_") \
                    and after.isascii() and after.isalnum():
                opens.append(i)
            elif text[i] != "\u2018" and (before.isalnum() or before in ".,!?_") \
                    and not (after.isalnum() or after == "_"):
                closes.append(i)
        ci = 0
        last_close = -1
        for o in opens:
            if o <= last_close:
                continue
            while ci < len(closes) and closes[ci] <= o:
                ci += 1
            if ci >= len(closes):
                break
            c = closes[ci]
            p = bisect.bisect_right(para_starts, o) - 1
            if p < 0 or c >= paragraphs[p][1] or c - o > 600:
                continue
            j = bisect.bisect_right(dq_starts, o) - 1
            inside = j >= 0 and dq_spans[j][0] < o and c < dq_spans[j][1]
            crosses = any(o < s < c or o < e < c for s, e in dq_spans[max(j, 0):j + 2])
            if crosses:
                continue
            q = Quote(o + 1, c, o, c, p, nested=inside)
            n_words = len(WORD_RE.findall(text, q.start, q.end))
            if inside and n_words > SCARE_MAX_WORDS:
                continue  # a quote within a quote: part of the outer statement
            if q.end > q.start:
                quotes.append(q)
                last_close = c
                ci += 1
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes



def mask_quotes(text: str, quotes: list[Quote]) -> str:
    """``text`` with every quotation's words replaced by ``x`` (newlines kept, so offsets and
    paragraphs are unchanged); nested quotes lie inside an outer one and need no mask.

    Examples
    --------
    >>> t = 'He said "no more" today.'
    >>> mask_quotes(t, find_quote_spans(t))
    'He said "xxxxxxx" today.'
    """
    pieces, pos = [], 0
    for q in quotes:
        if q.nested or q.start < pos:
            continue
        pieces.append(text[pos:q.start])
        seg = text[q.start:q.end]
        if "\n" not in seg:
            pieces.append("x" * len(seg))
        else:
            pieces.append("\n".join("x" * len(part) for part in seg.split("\n")))
        pos = q.end
    pieces.append(text[pos:])
    return "".join(pieces)
