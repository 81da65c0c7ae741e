"""Rules on the article's layout (stage ``"paragraphs"``, looking at neighbouring lines):
tracker names at the top of the page, the headline printed twice (once with the site's
name), a paragraph repeated right after itself, and subheadings, which move out of the text
into their own column.
"""
from __future__ import annotations

import re

from .rules import Change, Document

# --- tracker words -------------------------------------------------------------------------
# Analytics and ad-tech scripts leave their name as text at the top of the page: "Quantcast
# i24NEWS - No major offensive…". The word is removed from the start of the first paragraph
# when a capitalised word or a digit follows (a site name or the headline), or wherever it
# stands alone on a line. Names that are also ordinary names (Nielsen, Piano) are left out;
# an article whose headline begins with one of these companies ("Taboola Raises $117M")
# would lose that word: switch the rule off for a corpus about ad-tech.
_TRACKER_NAMES = (r"(?:Quantcast|Chartbeat|comScore|ScorecardResearch|Outbrain|Taboola|Parse\.ly"
                  r"|Google Tag Manager|Hotjar|Optimizely|AddThis|ShareThis|Sailthru|Permutive)")
_TRACKER_LEAD = re.compile(r"^" + _TRACKER_NAMES + r"\s*:?\s+(?=\S*[A-Z0-9])")
_TRACKER_ALONE = re.compile(_TRACKER_NAMES + r"(?:\s+" + _TRACKER_NAMES + r")*")


def strip_tracker(doc: Document) -> list[Change]:
    """Remove tracker names from the start of the first line and lines of tracker names."""
    ps = doc.paragraphs
    changes: list[Change] = []
    m = _TRACKER_LEAD.match(ps[0])
    if m:
        new = ps[0][m.end():]
        changes.append((ps[0], new, 1))
        ps[0] = new
    keep = [p for p in ps if len(p) > 80 or not _TRACKER_ALONE.fullmatch(p)]
    if len(keep) < len(ps):
        changes.extend((p, "", 1) for p in ps if len(p) <= 80 and _TRACKER_ALONE.fullmatch(p))
        doc.paragraphs = keep
    return changes


# --- site name glued to a duplicated headline ---------------------------------------------------
# Pages print the <title> ("i24NEWS - No major offensive…: Lavrov") and then the headline
# ("No major offensive…: Lavrov"). When the first paragraph is the second plus a short site
# name and a separator, the first is dropped; an exact repeat of the headline is dropped too.
_SITE_SEP = re.compile(r"^\s*(?:[-|\u2013\u2014:\u00b7\u2022]\s*)+|\s*(?:[-|\u2013\u2014:\u00b7\u2022]\s*)+$")


def site_name_headline(doc: Document) -> list[Change]:
    """Drop the first line when it is the headline plus the site's name, or the headline
    printed twice."""
    ps = doc.paragraphs
    if len(ps) < 2 or len(ps[0]) > 400:
        return []
    first, second = ps[0], ps[1]
    if first == second:
        del ps[1]
        return [(second, "", 1)]
    if len(second) < 10:
        return []
    if first.endswith(second):          # "Site - Headline"
        extra = first[: -len(second)]
        glued = _SEP_AT_END.search(extra)
    elif first.startswith(second):      # "Headline | Site"
        extra = first[len(second):]
        glued = _SEP_AT_START.search(extra)
    else:
        return []
    site = _SITE_SEP.sub("", extra).split()
    if not glued or not 1 <= len(site) <= 6:
        return []
    del ps[0]
    return [(first, "", 1)]


_SEP_CHARS = "-|\u2013\u2014:\u00b7\u2022"
_SEP_AT_END = re.compile(f"[{_SEP_CHARS}]\\s*$")
_SEP_AT_START = re.compile(f"^\\s*[{_SEP_CHARS}]")


# --- duplicated paragraphs --------------------------------------------------------------------------
# A paragraph printed twice in a row (a template that repeats the lead, a double scrape).
def drop_adjacent_duplicates(doc: Document) -> list[Change]:
    """Drop a paragraph equal to the one before it."""
    ps = doc.paragraphs
    keep, changes = ps[:1], []
    for p in ps[1:]:
        if p == keep[-1]:
            changes.append((p, "", 1))
        else:
            keep.append(p)
    if changes:
        doc.paragraphs = keep
    return changes


# --- subheadings ----------------------------------------------------------------------------------
# Editors break long stories with short headings ("More human displacement", "-Last IS
# bastion-", "'Bloodbath' must be averted"). They are framing, not anyone's statement, so they
# leave the text for the ``subheadings`` column. A subheading: not the first paragraph
# (that is the headline), at most SUBHEADING_MAX_WORDS words, no final . ! : ; , (a
# question of at most SUBHEADING_MAX_QUESTION_WORDS words counts: "Attack of chemical
# weapons?"), and it stands alone: the paragraphs around it are not also short unpunctuated
# lines (a run of such lines is a list or a table, kept as text). The label right under
# the headline ("Syrian civil war") qualifies and goes to the same column: it is a kicker,
# editorial framing as well. A short line at the very end has nothing under it and is kept.
SUBHEADING_MAX_WORDS = 10
SUBHEADING_MAX_QUESTION_WORDS = 6
_DECOR = re.compile(r"^[-*=\u2022\u2013\u2014#~_]+\s*(.*?)\s*[-*=\u2022\u2013\u2014#~_]+$")
_LIST_MARK = re.compile(r"^(?:[-*\u2022\u25cf\u25aa>]|\d{1,2}[.)])\s")


# A sentence break inside the line ('"Pennies do not fall from heaven." Speech, 1979'): a
# lowercase word, a full stop, ! or ?, a space and a capital. "U.S. Forces" is not one.
_INNER_SENTENCE_END = re.compile(r"[a-z]{2}[.!?][\"')]*\s+[\"'(]*[A-Z]")


def _short_unpunctuated(p: str) -> bool:
    words = p.split()
    if not words or len(words) > SUBHEADING_MAX_WORDS:
        return False
    if _LIST_MARK.match(p) or _INNER_SENTENCE_END.search(p):
        return False
    if not any(c.isalpha() for c in p):
        return False
    end = p.rstrip("\"')]")[-1:] if p.rstrip("\"')]") else ""
    if end == "?":
        return len(words) <= SUBHEADING_MAX_QUESTION_WORDS
    return end not in ".!:;,\u2026"


def move_subheadings(doc: Document) -> list[Change]:
    """Move subheadings (see the comment above) to ``doc.subheadings``."""
    ps = doc.paragraphs
    if len(ps) < 3:
        return []
    short = [len(p) <= 160 and p[-1] not in ".,;:!" and _short_unpunctuated(p) for p in ps]
    moved, keep, changes = [], [ps[0]], []
    for i in range(1, len(ps)):
        p = ps[i]
        if (short[i] and i < len(ps) - 1 and not short[i + 1]
                and (i == 1 or not short[i - 1])):
            m = _DECOR.match(p)
            moved.append(m.group(1) if m and m.group(1) else p)
            changes.append((p, "", 1))
        else:
            keep.append(p)
    if changes:
        # The two paragraphs around a moved subheading are now neighbours. If that gives the
        # rules that look at neighbours new work (two copies of a paragraph, a caption and
        # its credited copy, a headline and its site-name copy), ask for another pass.
        for a, b in zip(keep, keep[1:]):
            if a == b or (b.startswith(a) and b[-1:] in ".)]"):
                doc.memo["unsettled"] = True
        if len(keep) > 1 and keep[1] != ps[1] and keep[1] in keep[0]:
            doc.memo["unsettled"] = True
        doc.paragraphs = keep
        doc.subheadings.extend(moved)
    return changes
