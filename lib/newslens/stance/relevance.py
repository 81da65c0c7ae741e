"""Relevance: is a statement about the target event?

A statement counts toward the target event only if the target place
(``RunConfig.target_place``, e.g. "Idlib") is named in the statement or its frame, in its
paragraph, or in one of the ``context_paragraphs`` paragraphs before it - unless a
paragraph in between opens on another place (``In Deir Ezzor, ...``, or a dateline), which
starts a new story; in an article whose headline (first paragraph) names the place, every
statement before such a paragraph counts. With an empty target place every statement is
relevant.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

import pandas as pd

from ..quotes import paragraph_spans
from .lexicon import alternation, contains_any, fold

__all__ = ["CONTEXT_PARAGRAPHS", "Place", "place_matcher", "texts_by_doc", "relevance"]

#: How many paragraphs before a statement may carry the target place for it to count.
CONTEXT_PARAGRAPHS = 4

# A paragraph that opens on a place starts a new story: "In Deir Ezzor, the US-backed SDF
# ...", or a wire dateline "DAMASCUS (Reuters) -". Month and weekday names are dates, not
# places ("In November, ...").
_LOCALE_RE = re.compile(r"^(?:In|At|Near|From)\s+((?:[A-Z][\w'\u2019\-]*\s*){1,4}),")
_DATELINE_RE = re.compile(r"^[A-Z][A-Z .'\-]{2,40}(?:,\s*[A-Z][\w .]+)?\s*(?:\([\w .]+\))?\s*[\-\u2014\u2013]\s")
_DATE_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday the this last".split())


@dataclass(frozen=True)
class Place:
    """The target place as a case-insensitive expression, with the words that every match
    contains (the longest word of each name, folded: see
    :func:`newslens.stance.lexicon.literals_of`): a text without any of them is not searched.
    """

    regex: re.Pattern
    literals: tuple[str, ...] | None

    def search(self, text: str, low: str | None = None) -> re.Match | None:
        """``regex.search(text)``, skipped when ``low`` (``fold(text)``) lacks the literals."""
        if not contains_any(fold(text) if low is None else low, self.literals):
            return None
        return self.regex.search(text)


def place_matcher(target_place: Iterable[str]) -> Place | None:
    """The :class:`Place` of ``target_place`` (None when it names no place)."""
    places = [p for p in target_place if p and p.strip()]
    if not places:
        return None
    regex = re.compile(r"(?<![\w])" + alternation(places) + r"(?![\w])", re.IGNORECASE)
    pieces = [max(re.split(r"[\s\-]+", p.strip().lower()), key=len) for p in places]
    literals = tuple(sorted(set(pieces))) if all(p.isascii() and p for p in pieces) else None
    return Place(regex, literals)


def texts_by_doc(texts: pd.DataFrame | Mapping[str, str] | None) -> dict[str, str]:
    """doc_id -> text: from a DataFrame (``text_clean`` when present, else ``text``) or a
    mapping."""
    if texts is None:
        return {}
    if isinstance(texts, pd.DataFrame):
        col = "text_clean" if "text_clean" in texts.columns else "text"
        return dict(zip(texts["doc_id"].astype(str), texts[col].fillna("").astype(str)))
    return {str(k): str(v) for k, v in dict(texts).items()}


def _opens_elsewhere(paragraph: str, place: Place) -> bool:
    m = _LOCALE_RE.match(paragraph)
    if m:
        words = m.group(1).split()
        if words[0].lower() not in _DATE_WORDS and not place.search(m.group(1)):
            return True
    return bool(_DATELINE_RE.match(paragraph)) and not place.search(paragraph[:60])


def relevance(doc_id: str, doc_text: str | None, para: int, frame: str, place: Place | None,
              context_paragraphs: int, cache: dict, low: str | None = None) -> str:
    """Why a statement is about the target event, or "" when it is not.

    Returns
    -------
    ``"any place"`` (no target place), ``"statement"`` (its frame names the place),
    ``"paragraph"``, ``"context"`` (one of the ``context_paragraphs`` before it),
    ``"article"`` (the headline names it and no paragraph since opened elsewhere) or "".
    ``cache`` keeps each article's paragraph tests by ``doc_id``; ``low`` is the frame's
    :func:`~newslens.stance.lexicon.fold`, when known.
    """
    if place is None:
        return "any place"
    if place.search(frame, low):
        return "statement"
    if doc_text is None:
        return ""
    key = doc_id
    if key not in cache and place.literals is not None \
            and not contains_any(fold(doc_text), place.literals):
        # the place's words are nowhere in the article: no paragraph names it, so (the rules
        # below) nothing but the statement itself could tie it to the event
        cache[key] = None
    if key not in cache:
        paras = [doc_text[s:e] for s, e in paragraph_spans(doc_text)]
        elsewhere_ = [_opens_elsewhere(p, place) for p in paras]
        # the first paragraph after the headline that opens on another place (len: none), so
        # that "any paragraph in 1..para opens elsewhere" is one comparison, not a scan per
        # statement (quadratic on an article of many paragraphs)
        first_elsewhere = next((k for k in range(1, len(paras)) if elsewhere_[k]), len(paras))
        cache[key] = ([bool(place.search(p)) for p in paras], elsewhere_, first_elsewhere)
    if cache[key] is None:
        return ""
    has_place, elsewhere, first_elsewhere = cache[key]
    if not 0 <= para < len(has_place):
        return ""
    if has_place[para]:
        return "paragraph"
    if elsewhere[para]:
        return ""
    for k in range(para - 1, max(-1, para - 1 - context_paragraphs), -1):
        if has_place[k]:
            return "context"
        if elsewhere[k]:
            return ""
    # an article whose headline (first paragraph) names the place is about the event, up to
    # the first paragraph that opens on another place
    if has_place[0] and first_elsewhere > para:
        return "article"
    return ""
