"""The article's body in a scraped page: the one stretch of lines that holds the prose.

A careless scraper keeps all the visible text of a page: menus and section lists above the
article, share buttons, "most read" lists, teasers of other stories, comment forms and the
footer below it. Read line by line, the article is the stretch where long lines and
sentences follow each other; the furniture is made of short lines without a sentence's
shape. The ``outside_body`` rule keeps that stretch and drops the lines before and after it
(the first line, the headline, always stays).

Why not jusText: jusText classifies the paragraphs of an HTML page with a stop-word list of
the page's language and the density of links, which plain text does not have (there are no
links left, and a corpus mixes languages); its second, context-sensitive pass is what this
module does with one score per line. The method is Finn, Kushmerick and Smyth's Body Text
Extraction (2001) with lines instead of tags: each line gets a score,

.. math:: s_i = \\begin{cases} +\\max(\\text{chars}_i, 100) & \\text{line } i \\text{ is prose} \\\\
                               0 & \\text{a short sentence, a list item or table row, a label} \\\\
                               -\\,\\text{SHORT\\_PENALTY} & \\text{at most 4 words} \\\\
                               -\\,\\text{OTHER\\_PENALTY} & \\text{otherwise} \\end{cases}

and the body is the stretch :math:`[a, b]` with the largest :math:`\\sum_{i=a}^{b} s_i` (the
maximum-sum subarray, found in one pass). A line is *prose* when it has at least
:data:`LONG_CHARS` characters, or at least 4 words, a lower-case letter and sentence
punctuation at its end (after any emoji), or a quotation of at least 3 words. A short line
inside the body (a subheading, a list item, a caption) stays: the prose around it pays for
it; a block of teasers after the body stays out when the run of short lines between them
costs more than the block is worth. One line alone between the headline and the body is
kept (a kicker or standfirst: the subheadings rule moves it to its column).

The penalties were chosen on the tuning half of the article-extraction benchmark
(``benchmarks/eval_boilerplate.py``) among a handful of round values; nothing in them names a
site. When the best stretch holds less than :data:`MIN_BODY_CHARS` characters of prose (a
text of short lines: a list, a transcript of short turns), the text is left alone.
"""
from __future__ import annotations

import re
import unicodedata

from .rules import Change, Document

#: A line of at least this many characters is prose whatever its end.
LONG_CHARS = 150
#: Cost of a line of at most :data:`SHORT_WORDS` words that is not prose (a menu item, a label).
SHORT_PENALTY = 100
#: Cost of a longer line that is not prose (a teaser headline, a list item).
OTHER_PENALTY = 50
SHORT_WORDS = 4
#: The least a prose line scores: a short sentence ("He declined to comment.") outweighs the
#: one advertisement or share line that a page puts between two paragraphs.
PROSE_MIN_SCORE = SHORT_PENALTY
#: A non-prose line that occurs this many times in a document is a label (:func:`_labels`).
LABEL_REPEATS = 3
#: A side of the body (the lines above it, or below it) is dropped only when it holds at
#: least this many lines that are not prose: page furniture comes in menus and footers of
#: many lines; the few short lines around an article already cut out of its page (an
#: attribution, summary bullets, "Follow @outlet") are left to the line rules. Chosen on
#: the AllSides corpus (already extracted text: 8 of 10 hand-checked removals of the
#: ungated rule were content) and checked on the benchmark's tuning half.
MIN_FURNITURE_LINES = 8
#: Below this much prose in the best stretch, the text is not a scraped page: left alone.
MIN_BODY_CHARS = 200

_SENTENCE_END = re.compile(r"[.!?\u3002\u2026\"'\u201d\u2019\u00bb)\]:;]$")
_ASCII_ENDS = frozenset(".!?\"')]:;")
_QUOTE = re.compile(r"[\"\u201c\u201d\u00ab\u00bb]")


def _strip_symbols(line: str) -> str:
    # emoji, arrows and other symbols after the last word ("See you soon! \U0001F642")
    end = len(line)
    while end and (unicodedata.category(line[end - 1])[0] in "SZ" or line[end - 1] == "\ufe0f"):
        end -= 1
    return line[:end]


def is_prose(line: str) -> bool:
    """Whether a line reads as article prose (see the module docstring).

    Examples
    --------
    >>> is_prose("The council said the bridge would reopen on Tuesday.")
    True
    >>> is_prose("Most read in world news")
    False
    >>> is_prose('"We will not give up," she said')
    True
    """
    if len(line) >= LONG_CHARS:
        return True
    words = line.split()
    if len(words) < 3:
        return False
    if ('"' in line or "\u201c" in line or "\u00ab" in line) and len(_QUOTE.findall(line)) >= 2:
        return True
    if len(words) < 4 or line == line.upper():      # no lower-case letter
        return False
    if line[-1] in _ASCII_ENDS:
        return True
    return _SENTENCE_END.search(_strip_symbols(line)) is not None


def line_score(line: str, *, label: bool = False) -> int:
    """The score :math:`s_i` of a line (see the module docstring).

    ``label``: the line is one of the document's repeated labels (0).
    """
    if is_prose(line):
        return max(len(line), PROSE_MIN_SCORE)
    # (the cheap tests of the first or last character spare most lines the expressions)
    first, last = line[:1], line[-1:]
    if (label or (first in _LIST_FIRST and _LIST_ITEM.match(line))
            or ((last.isdigit() or last in "%.,") and _is_data_row(line))
            or (not last.isalnum() and _SHORT_SENTENCE.search(
                line if last in ".!?" else _strip_symbols(line)))):
        return 0
    return -SHORT_PENALTY if len(line.split()) <= SHORT_WORDS else -OTHER_PENALTY


#: A list item or a table row marked as such ("- Easy setup", "2) Second item", "| 1 |
#: Busch | 5040 |"): extractors and editors mark the lists and tables of an article this
#: way, menus are not; they neither extend nor break the body, and a list that ends the
#: article stays with it (a stretch's zero-score tail is kept).
_LIST_FIRST = frozenset("-*\u2022\u25cf\u25aa\u2013\u2014|0123456789")
_LIST_ITEM = re.compile(r"(?:[-*\u2022\u25cf\u25aa\u2013\u2014]\s|\d{1,3}[.)]\s|\|.*\|$)")

#: A row of data: words, then a number or a share at the end ("Obama 53%", "Brought
#: Serbian cheese up to international standards: $22,000,000", "6 Ryan Blaney 2339 1 1
#: 11 18"): the tables of an article (poll results, standings, budgets) printed as text.
#: Menus are words. Neutral, like list items (on the benchmark's tuning half: recall
#: 0.936 -> 0.948, precision 0.850 -> 0.840).
_DATA_ROW = re.compile(r"\s[-+]?[$\u00a3\u20ac]?\d[\d.,]*\s?%?$")
_WORD_CHAR = re.compile(r"\w")


def _is_data_row(line: str) -> bool:
    # the number at the end first (one scan), then a word character before it
    m = _DATA_ROW.search(line)
    return m is not None and _WORD_CHAR.search(line, 0, m.start()) is not None

#: A short line that ends a sentence ("Hi.", "Thank you.", "Why?"): a turn of a dialogue or
#: an answer, which a menu or a button never is; it neither extends nor breaks the body.
_SHORT_SENTENCE = re.compile(r"[a-z\u00df-\u00ff][.!?]$")


def _labels(lines: list[str], prose: list[bool]) -> set[str]:
    """Lines that introduce a turn: at most three words without digits, not prose, found
    :data:`LABEL_REPEATS` times or more in the document, and followed by a sentence (prose
    or a short sentence) at least half of the times: the speaker labels of a transcript
    ("michael barbaro" before each turn). They are structure inside the text, not furniture
    around it, and score 0. ("Reply" or "Share" repeated under each comment of a page is
    followed by a name or a date, not by a sentence, and stays furniture.)"""
    counts: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if prose[i] or len(line) > 60:
            continue
        counts.setdefault(line, []).append(i)
    labels = set()
    for line, where in counts.items():
        if len(where) < LABEL_REPEATS or len(line.split()) > 3 or any(c.isdigit() for c in line):
            continue       # a speaker's name or role: a few words, no date or counter
        told = sum(1 for i in where if i + 1 < len(lines) and (
            prose[i + 1] or _SHORT_SENTENCE.search(_strip_symbols(lines[i + 1])) is not None))
        if 2 * told >= len(where):
            labels.add(line)
    return labels


def _best_stretch(lines: list[str], prose: list[bool]) -> tuple[int, int, int]:
    others = [line for line, p in zip(lines, prose) if not p]
    # labels repeat: without a repeated non-prose line there is none to look for
    labels = _labels(lines, prose) if len(set(others)) < len(others) else set()
    scores = [max(len(line), PROSE_MIN_SCORE) if p else line_score(line, label=line in labels)
              for line, p in zip(lines, prose)]
    best = (0, 0, 0)           # total, start, end
    prefix, low, low_at = 0, 0, 0
    for j, score in enumerate(scores, 1):
        prefix += score
        total = prefix - low
        if total >= best[0] and total > 0 and (
                total > best[0] or low_at < best[1] or (low_at == best[1] and j > best[2])):
            best = (total, low_at, j)
        if prefix < low:
            low, low_at = prefix, j
    return best[1], best[2], best[0]


def body_span(lines: list[str]) -> tuple[int, int, int]:
    """The stretch of ``lines`` with the largest sum of :func:`line_score`.

    Returns
    -------
    (start, end, total): ``lines[start:end]`` is the body and ``total`` its score; among
    stretches of equal score the one that starts first, then the longest, so that running
    the rule again on its result keeps all of it. ``(0, 0, 0)`` when no line scores above 0.
    """
    return _best_stretch(lines, [is_prose(line) for line in lines])


def drop_outside_body(doc: Document) -> list[Change]:
    """Drop the lines before and after the body (:func:`body_span`); the headline stays."""
    ps = doc.paragraphs
    if len(ps) < 3:
        return []
    lines = ps[1:]
    # body_edges judges mostly the same lines again: the verdicts are remembered by text
    known = doc.memo.setdefault("prose", {})
    prose = []
    for line in lines:
        verdict = known.get(line)
        if verdict is None:
            verdict = known[line] = len(line) >= LONG_CHARS or is_prose(line)
        prose.append(verdict)
    if all(prose):         # an article already cut out of its page (the common case)
        return []
    start, end, total = _best_stretch(lines, prose)
    if total < MIN_BODY_CHARS:
        return []
    start, end = start + 1, end + 1
    if start == 2:
        # one line between the headline and the body is a kicker or a standfirst ("Syrian
        # civil war"), which the subheadings rule moves to its column; a page's furniture
        # above an article is many lines
        start = 1
    top, bottom = ps[1:start], ps[end:]
    # an article already cut out of its page has a few short lines around its body (an
    # attribution, summary bullets, a closing list), a scraped page has its menus and
    # footer: a side is dropped only when it holds MIN_FURNITURE_LINES lines that are not prose
    if sum(not known[p] for p in top) < MIN_FURNITURE_LINES:
        start, top = 1, []
    if sum(not known[p] for p in bottom) < MIN_FURNITURE_LINES:
        end, bottom = len(ps), []
    if not top and not bottom:
        return []
    doc.paragraphs = [ps[0]] + ps[start:end]
    return [(p, "", 1) for p in top + bottom]
