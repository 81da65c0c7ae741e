"""Datelines: the place, date and agency that open a news story ("CAIRO (Reuters) -",
"WASHINGTON (AP) —", "LONDON, March 3 (Reuters) –", "FERGUSON, Mo. —", "Washington (CNN) —").

A dateline is not the reporter's prose: left in, it ends up inside the first quote's
context, in keyness ("reuters" as a distinctive word of every outlet that runs wire copy)
and in the shared passages. The ``dateline`` rule removes it from the start of the lead
and keeps the agency in the document (``doc.agency``), which the cleaning stage writes to
an ``agency`` column.

The pattern is general (no list of places or agencies):

- a place: up to four upper-case words ("CAIRO", "ST. LOUIS", "RIO DE JANEIRO"), with an
  optional region after a comma in any case (", Syria", ", Mo.", ", N.Y."); or up to four
  capitalised words when an agency in parentheses follows ("Washington (CNN)");
- an optional date ("March 3", "Sept. 12, 2018", "3 March");
- an optional agency in parentheses: one to five words starting with a capital;
- a dash (``-``, ``--``, en or em dash), then the story.

An agency in parentheses with no place before it ("(Reuters) — The company …") is a
dateline too. Only the *lead* is looked at: the first paragraph, among the first
:data:`LEAD_WINDOW`, of at least :data:`LEAD_MIN_WORDS` words that ends like a sentence
(headlines, bylines and kickers above it are short or unpunctuated). Looking only at the
lead keeps a dash after a capitalised word in the middle of a story ("NATO — the alliance
…" opening a later paragraph) untouched, and makes the rule idempotent: removing the
dateline leaves the lead a sentence of as many words minus the dateline's.
"""
from __future__ import annotations

import re

from .lines import MONTH
from .rules import Change, Document

#: The lead is looked for among this many first paragraphs.
LEAD_WINDOW = 6
#: The lead has at least this many words (the dateline included).
LEAD_MIN_WORDS = 6

_CAPS_WORD = r"[A-Z][A-Z.'\u2019-]*"
_CAP_WORD = r"[A-Z][\w.'\u2019-]*"
_REGION = rf"(?:,\s*{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,2}})?"
_DATE = (rf"(?:,?\s+(?:(?i:{MONTH})\s+\d{{1,2}}|\d{{1,2}}\s+(?i:{MONTH}))(?:,?\s+\d{{4}})?)?")
_AGENCY = r"\((?P<agency>[A-Z][\w.&'\u2019/ -]{0,40}?)\)"
_DASH = r"\s*(?:--?|\u2013|\u2014)\s*(?=\S)"
#: A dateline at the start of a paragraph (see the module docstring).
DATELINE = re.compile(
    # upper-case place, optional region and date, optional agency, dash
    rf"(?P<caps>{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}}{_REGION}{_DATE}(?:\s*{_AGENCY})?{_DASH})"
    # capitalised place, optional region and date, agency required, dash
    rf"|(?P<named>{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,3}}{_REGION}{_DATE}\s*{_AGENCY.replace('agency', 'agency2')}{_DASH})"
    # agency alone
    rf"|(?P<bare>{_AGENCY.replace('agency', 'agency3')}{_DASH})")

#: A party and state after a politician's name ("(R-Minn.)", "(D-N.Y.)", "(I-Vt)").
_PARTY = re.compile(r"[A-Z]{1,3}\s?-\s?[A-Z][\w.]*")
#: "FILE -" opens an agency photo caption ("FILE - In this Sept. 5, 2018 photo, …"); the
#: caption is not a dateline and says nothing of the story's agency.
_CAPTION_MARK = re.compile(r"FILE\b")

_SENTENCE_END = tuple(".!?\"'\u201d\u2019)")


def _is_caps_place(text: str) -> bool:
    # an upper-case place has at least two letters and no lower-case letter before the
    # region's comma ("I — " or "A — " open sentences, not datelines)
    head = text.split(",", 1)[0].split("(", 1)[0]
    letters = [c for c in head if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


def match_dateline(paragraph: str) -> tuple[str, str] | None:
    """The dateline opening ``paragraph`` and its agency ("" when none), or None.

    Examples
    --------
    >>> match_dateline("CAIRO (Reuters) - Egypt said on Monday that talks would resume.")
    ('CAIRO (Reuters) - ', 'Reuters')
    >>> match_dateline("LONDON, March 3 (Reuters) \\u2013 Shares fell.")
    ('LONDON, March 3 (Reuters) \\u2013 ', 'Reuters')
    >>> match_dateline("WASHINGTON \\u2014 The Senate voted.")
    ('WASHINGTON \\u2014 ', '')
    >>> match_dateline("Officials said \\u2014 again \\u2014 that nothing changed.") is None
    True
    """
    m = DATELINE.match(paragraph)
    if m is None:
        return None
    agency = m.group("agency") or m.group("agency2") or m.group("agency3") or ""
    if m.group("caps") is not None and not agency and not _is_caps_place(m.group("caps")):
        return None     # "I — …", "A — …": a sentence, not a place
    if _PARTY.fullmatch(agency):
        return None     # "Sen. Jane Doe (D-N.Y.) — …": a politician's party and state
    if _CAPTION_MARK.match(m.group(0)):
        return None     # "FILE - In this photo …": the photo agencies' caption marker
    return m.group(0), " ".join(agency.split())


def find_lead(paragraphs: list[str]) -> int | None:
    """Index of the lead: the first paragraph, among the first :data:`LEAD_WINDOW`, of at
    least :data:`LEAD_MIN_WORDS` words that ends with sentence punctuation."""
    for i, p in enumerate(paragraphs[:LEAD_WINDOW]):
        if len(p.split()) >= LEAD_MIN_WORDS and p.rstrip().endswith(_SENTENCE_END):
            return i
    return None


def strip_dateline(doc: Document) -> list[Change]:
    """Remove the dateline from the start of the lead; its agency goes to ``doc.agency``."""
    i = find_lead(doc.paragraphs)
    if i is None:
        return []
    p = doc.paragraphs[i]
    found = match_dateline(p)
    if found is None:
        return []
    removed, agency = [], ""
    while found is not None:
        dateline, found_agency = found
        rest = p[len(dateline):]
        if len(rest.split()) < LEAD_MIN_WORDS:   # what is left must still be a lead
            break
        removed.append(dateline.strip())
        agency = agency or found_agency
        p = rest
        found = match_dateline(p)
    if not removed:
        return []
    doc.paragraphs[i] = p
    if agency and not doc.agency:
        doc.agency = agency
    return [(" ".join(removed), "", 1)]
