"""Quote marks left free-standing by broken entities and typing slips (stage
``"paragraphs"``, one paragraph at a time): glued back to the words they quote
(``quote_spacing``), or dropped when they open nothing (``stray_quote``).
"""
from __future__ import annotations

import re

from .rules import Document

# --- free-standing quote marks ---------------------------------------------------------------
# Broken entities leave quote marks with spaces on both sides: "& # 39; Humanitarian
# catastrophe & # 39;" becomes "' Humanitarian catastrophe '"; typing slips leave
# 'that " unknown Middle Easterners"' and '$25 billion, " Rep. Gosar said'. Such a mark is
# not an apostrophe, and which way it faces follows from the marks around it: reading the
# paragraph left to right, a mark glued to the next word opens a quotation, one glued to the
# previous word closes it (for ' only when a quotation is open: otherwise it is a plural
# possessive, "Syrians' homes"), one glued on both sides ('spray."They') toggles. A
# free-standing mark then
#   - closes when a quotation is open (glued to the previous word);
#   - at the end of the paragraph with no quotation open, opens nothing: "stray" (the
#     ``stray_quote`` rule drops it: 'called the accusations "very strange". "');
#   - otherwise opens (glued to the next word), unless no later mark closes it and a
#     lowercase word follows, which points to a lost opening mark: "catastrophe ' in Syria"
#     becomes "catastrophe' in Syria".
# An odd number of marks alone proves nothing: a quotation running over several paragraphs
# opens each of them and closes only the last.
_FREE_QUOTE_ANY = re.compile(r"[\"'](?!\S)(?<!\S[\"'])")


def has_free_quote(doc: Document) -> bool:
    """True when some paragraph of ``doc`` has a free-standing quote mark (memoised while
    the paragraph list is the same object): the gate of both rules."""
    memo = doc.memo.get("free_quote")
    if memo is None or memo[0] is not doc.paragraphs:
        memo = (doc.paragraphs, bool(_FREE_QUOTE_ANY.search("\n".join(doc.paragraphs))))
        doc.memo["free_quote"] = memo
    return memo[1]


_NON_SPACE = re.compile(r"\S")  # re's \s is str.isspace, so this agrees with str.strip


def _quote_roles(p: str) -> dict[int, str]:
    """Role (``open``, ``close`` or ``stray``) of each free-standing quote mark, by offset.

    Linear in the paragraph's length: the text before and after a mark is examined through
    precomputed offsets (first and last non-space character, next non-space character, a
    later mark that can close), never by slicing the paragraph per mark, which made a long
    one-line article quadratic.
    """
    roles: dict[int, str] = {}
    n = len(p)
    first_ns = n - len(p.lstrip())           # p[:i].strip() is empty  <=> i <= first_ns
    last_ns = len(p.rstrip()) - 1            # p[i+1:].strip() is empty <=> i >= last_ns
    for kind in ('"', "'"):
        marks = []
        i = p.find(kind)
        while i != -1:
            left = i == 0 or p[i - 1].isspace()
            right = i == n - 1 or p[i + 1].isspace()
            word_inside = not left and not right and p[i - 1].isalnum() and p[i + 1].isalnum()
            digit_after = left and not right and p[i + 1].isdigit()   # '90s
            if not (kind == "'" and (word_inside or digit_after)):
                marks.append((i, left, right))
            i = p.find(kind, i + 1)
        # later_close[k]: some mark after the k-th is glued to its left word or free-standing
        later_close = [False] * (len(marks) + 1)
        for k in range(len(marks) - 1, -1, -1):
            later_close[k] = later_close[k + 1] or marks[k][2]
        inside = False
        for k, (i, left, right) in enumerate(marks):
            if left and not right:
                inside = True
            elif right and not left:
                inside = False
            elif not left and not right:
                inside = not inside
            elif inside:
                roles[i] = "close"
                inside = False
            elif i >= last_ns:
                roles[i] = "stray"
            elif i <= first_ns:
                roles[i] = "open"
                inside = True
            else:
                nxt = _NON_SPACE.search(p, i + 1)
                if not later_close[k + 1] and nxt is not None and nxt.group().islower():
                    roles[i] = "close"
                else:
                    roles[i] = "open"
                    inside = True
    return roles


def attach_free_quotes(p: str) -> str | None:
    """``p`` with its free-standing opening and closing marks glued to their words, or
    None when nothing changes."""
    if not _FREE_QUOTE_ANY.search(p):
        return None
    roles = _quote_roles(p)
    out, last = [], 0
    for i in sorted(roles):
        if roles[i] == "open":
            out.append(p[last:i + 1])
            j = i + 1
            while j < len(p) and p[j] == " ":
                j += 1
            last = j
        elif roles[i] == "close":
            out.append(p[last:i].rstrip(" "))
            out.append(p[i])
            last = i + 1
    out.append(p[last:])
    new = "".join(out)
    return new if new != p else None


# --- stray quote -----------------------------------------------------------------------------
# The "stray" marks of the analysis above: a quote mark alone at the end of a paragraph when
# no quotation is open ('… called the accusations "very strange". "'), a scraping or
# translation artifact that opens nothing. It is dropped with the space before it.
def drop_stray_quote(p: str) -> str | None:
    """``p`` without its stray quote marks (and the spaces before them), or None."""
    if not _FREE_QUOTE_ANY.search(p):
        return None
    strays = [i for i, r in _quote_roles(p).items() if r == "stray"]
    if not strays:
        return None
    for i in sorted(strays, reverse=True):
        p = p[:i].rstrip(" ") + p[i + 1:]
    return p
