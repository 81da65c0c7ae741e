"""Relevance: is a statement about the target event?

Two sets of rules. **By the event's names** (no target place; :func:`term_relevance` and
:func:`carry_speaker`): the statement names the event, or the sentences just before it do,
or the same speaker's statement just before it is about the event (``RELEVANCE_RULES``;
docs/stance.md gives what each rule gains on the annotation's tuning half). **By the place**
(a target place is given; :func:`relevance`): a statement counts only if the target place
(``RunConfig.target_place``, e.g. "Idlib") is named in the statement or its frame, in its
paragraph, or in one of the ``context_paragraphs`` paragraphs before it - unless a paragraph
in between opens on another place (``In Deir Ezzor, ...``, or a dateline), which starts a new
story; in an article whose headline (first paragraph) names the place, every statement
before such a paragraph counts.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

import pandas as pd

from ..quotes import paragraph_spans
from .lexicon import alternation, anaphor_alternation, contains_any, fold

__all__ = ["CONTEXT_PARAGRAPHS", "RELEVANCE_RULES", "TERM_RULES", "Place", "Terms", "place_matcher",
           "term_matcher", "term_relevance", "texts_by_doc", "relevance", "carry_speaker"]

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


# ------------------------------------------------------------------ the event's names

#: The rules that tie a statement to the event by its names (see :func:`term_relevance`),
#: in the order they are tried; ``RELEVANCE_RULES`` is the default set.
TERM_RULES = ("statement", "anaphor", "preceding", "paragraph", "speaker")
#: How many sentences before the statement's own the rules ``anaphor`` and ``preceding`` read.
SENTENCES_BACK = 2
RELEVANCE_RULES = ("statement", "anaphor", "preceding", "speaker")

# A sentence ends at . ! or ? (and a closing quote mark) followed by space and a capital,
# a digit or an opening quote mark. Written by hand (NLTK's Punkt needs its downloadable
# model for good abbreviations); only used to find "the sentence before", where an
# abbreviation cut ("Sen. Corker") only makes that sentence shorter.
_SENT_END_RE = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]*[A-Z0-9])")


@dataclass(frozen=True)
class Terms:
    """The event's names and the anaphors that refer back to them, as case-insensitive
    expressions (whole words; the names with their plurals)."""

    names: re.Pattern
    anaphors: re.Pattern | None
    blank: re.Pattern | None = None  # phrases in which a name means another event

    def names_in(self, text: str) -> bool:
        if self.blank is not None:
            text = self.blank.sub(" ", text)
        return bool(self.names.search(text))


def term_matcher(target_terms: Iterable[str], anaphors: Iterable[str] | str = (),
                 not_the_event: re.Pattern | None = None) -> Terms | None:
    """The :class:`Terms` of ``target_terms`` (None when there is none: nothing can be tied
    to an event that has no name). ``anaphors``: words, or the expression of
    :func:`~newslens.stance.lexicon.anaphor_alternation` (``StanceLexicon.anaphor_pattern``)."""
    terms = [t for t in target_terms if t and t.strip()]
    if not terms:
        return None
    names = re.compile(r"(?<![\w])" + alternation(terms, plural=True) + r"(?![\w])", re.IGNORECASE)
    if isinstance(anaphors, str):
        ana_pat = anaphors if anaphors != "(?!)" else None
    else:
        ana = [a for a in anaphors if a and a.strip()]
        ana_pat = anaphor_alternation(ana) if ana else None
    # case-sensitive lookahead of a determiner needs the pattern itself case-insensitive
    ana_re = re.compile(r"(?<![\w'])" + ana_pat + r"(?![\w'])", re.IGNORECASE) if ana_pat else None
    return Terms(names, ana_re, not_the_event)


def _sentences(text: str) -> list[str]:
    cuts = [0] + [m.end() for m in _SENT_END_RE.finditer(text)] + [len(text)]
    return [text[x:y] for x, y in zip(cuts, cuts[1:]) if text[x:y].strip()]


#: At most this many characters before a statement are read for the sentences before it
#: (three sentences of news prose take a few hundred): a statement deep inside one
#: paragraph-long sentence must not read the whole paragraph, which made an article of one
#: long sentence of many statements quadratic (8,000 statements: 212 s, issue #19).
CONTEXT_CHARS = 2000


def _before(doc_text: str, start: int, spans: list[tuple[int, int]],
            n: int = 1) -> tuple[int, str]:
    """(paragraph index, the words of the statement's sentence before it plus the ``n``
    sentences before that) for a statement starting at ``start``. When the paragraph has
    fewer sentences before the statement, the rest come from the end of the previous
    paragraph. At most :data:`CONTEXT_CHARS` characters before the statement (and before
    the end of the previous paragraph) are read."""
    k = bisect.bisect_right(spans, (start, float("inf"))) - 1
    if k < 0 or not spans[k][0] <= start < spans[k][1]:
        return -1, ""
    ps, pe = spans[k]
    lo = max(ps, start - CONTEXT_CHARS)
    # sentence ends found up to a little past the start (the capital after a boundary may
    # lie beyond it, as in 'day. "Families ...'), kept up to the start
    cuts = [m.end() - lo for m in _SENT_END_RE.finditer(doc_text, lo, min(pe, start + 40))
            if m.end() <= start]
    head = doc_text[lo:start]
    if len(cuts) >= n + 1:
        return k, head[cuts[-(n + 1)]:]
    window = head
    need = n - len(cuts)
    if need > 0 and k > 0 and lo == ps:
        s0, e0 = spans[k - 1]
        window = "".join(_sentences(doc_text[max(s0, e0 - CONTEXT_CHARS):e0])[-need:]) + "\n" + head
    return k, window


def term_relevance(doc_text: str | None, start: int, end: int, frame: str, terms: Terms,
                   rules: Iterable[str] = RELEVANCE_RULES, cache: dict | None = None,
                   doc_id: str = "") -> str:
    """Why a statement is about the event named by ``terms``, or "" when it is not.

    The rules, tried in this order (only those in ``rules``):

    ``statement``
        the statement's frame (its words and the speaker's framing words in the same
        sentence) names the event.
    ``anaphor``
        the statement contains an anaphor ("it", "this", ...; the lexicon's ``anaphors``) and
        the event is named in its sentence before it or in the sentence before that (the
        previous paragraph's last sentence when the statement opens a paragraph):
        "The Senate passed the bill. 'It is a disaster,' she said."
    ``preceding``
        as ``anaphor`` without the anaphor.
    ``paragraph``
        the event is named anywhere in the statement's paragraph.

    Parameters
    ----------
    doc_text : the article (None: only the frame is searched).
    start, end : the statement's offsets in ``doc_text``.
    cache : paragraph spans by ``doc_id``.
    """
    rules = tuple(rules)
    unknown = set(rules) - set(TERM_RULES)
    if unknown:
        raise ValueError(f"unknown relevance rules {sorted(unknown)}; known: {', '.join(TERM_RULES)}")
    if "statement" in rules and terms.names_in(frame):
        return "statement"
    if doc_text is None or not set(rules) - {"statement"}:
        return ""
    if cache is not None:
        spans = cache.get(("paras", doc_id))
        if spans is None:
            spans = cache[("paras", doc_id)] = paragraph_spans(doc_text)
    else:
        spans = paragraph_spans(doc_text)
    k, window = _before(doc_text, start, spans, SENTENCES_BACK)
    if "anaphor" in rules and terms.anaphors is not None \
            and terms.anaphors.search(doc_text[start:end]) and terms.names_in(window):
        return "anaphor"
    if "preceding" in rules and terms.names_in(window):
        return "preceding"
    if "paragraph" in rules and k >= 0:
        # each paragraph is searched once per article, not once per statement
        key = ("paragraph names", doc_id, k)
        if cache is None or key not in cache:
            named = bool(terms.names_in(doc_text[spans[k][0]:spans[k][1]]))
            if cache is None:
                return "paragraph" if named else ""
            cache[key] = named
        if cache[key]:
            return "paragraph"
    return ""


def carry_speaker(rel: list[str], doc_ids: list, kinds: list, paras: list, starts: list,
                  speakers: list[str]) -> None:
    """Rule ``speaker``: a statement that no other rule ties to the event inherits the
    relevance of the statement just before it in the article when both have the same
    speaker and stand in the same or the next paragraph (a speaker who goes on talking
    goes on about the same thing: '"We will pass the bill," Ryan said. "It is our duty,"
    he added.'). ``rel`` is updated in place ("speaker"); scare quotes and statements without
    a speaker are skipped."""
    order = sorted((i for i, k in enumerate(kinds) if k != "scare"), key=lambda i: (doc_ids[i], starts[i]))
    prev = None
    for i in order:
        if prev is not None and doc_ids[prev] == doc_ids[i] and not rel[i] and rel[prev] \
                and speakers[i].strip() and speakers[i].strip().lower() == speakers[prev].strip().lower() \
                and 0 <= int(paras[i]) - int(paras[prev]) <= 1:
            rel[i] = "speaker"
        prev = i
