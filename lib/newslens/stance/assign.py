"""Stance of every statement of a quotes table: relevance first, then the cues.

Scare quotes get ``n/a``. Without target terms there is no event to take a side on: every
statement gets ``no_target`` (never ``off_target``, which says "about something else").
Otherwise a statement that is not about the target event gets ``off_target``: with a target
place, by :func:`~newslens.stance.relevance.relevance` (the place names the event); without
one, by :func:`~newslens.stance.relevance.term_relevance` (the statement, or an anaphor in it
and the sentence before, names the event). The others get the stance of their frame
(:func:`~newslens.stance.score.score_statement`).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

from .lexicon import StanceLexicon, fold, load_stance_lexicon
from .relevance import (CONTEXT_PARAGRAPHS, RELEVANCE_RULES, carry_speaker, place_matcher, relevance,
                        term_matcher, term_relevance, texts_by_doc)
from .score import score_folded

__all__ = ["NO_TARGET", "assign_stance"]

#: The stance of every statement when no target terms are given (no event named).
NO_TARGET = "no_target"


def assign_stance(quotes: pd.DataFrame, *, target_terms: Iterable[str] = (),
                  target_place: Iterable[str] = (),
                  texts: pd.DataFrame | Mapping[str, str] | None = None,
                  context_paragraphs: int = CONTEXT_PARAGRAPHS,
                  lexicon: StanceLexicon | str | Path | None = None,
                  relevance_rules: Iterable[str] = RELEVANCE_RULES) -> pd.DataFrame:
    """Label each statement ``support``, ``oppose`` or ``neutral`` toward the target event.

    Parameters
    ----------
    quotes : the table of :func:`newslens.extract_quotes`.
    target_terms : names of the event ("summit", "tax bill", ...). Empty: every statement
        gets ``no_target``.
    target_place : words that tie a statement to the event's place; when given, the place
        rules decide relevance; empty: the event's names do
        (:func:`~newslens.stance.relevance.term_relevance` with ``relevance_rules``).
    texts : the articles (DataFrame with ``doc_id`` and ``text_clean``, or a mapping doc_id ->
        text) the quotes were read from; used to look for the place in the statement's
        paragraph and the paragraphs before it. Without it only the frame is searched.
    context_paragraphs : how many paragraphs before the statement may name the place.
    lexicon : a :class:`StanceLexicon` or the path of a YAML lexicon (None: bundled).
    relevance_rules : the rules of :func:`~newslens.stance.relevance.term_relevance` used
        when there is no target place.

    Returns
    -------
    A copy of ``quotes`` with columns ``relevance`` (with a place: ``statement``,
    ``paragraph``, ``context``, ``article``; without: ``statement``, ``anaphor``,
    ``preceding``, ``paragraph``, ``speaker``; "" when off target or without target terms), ``stance``
    (``support``, ``oppose``, ``neutral``, ``off_target``, ``no_target`` without target
    terms, or ``n/a`` for scare quotes), ``score`` and ``cue``.
    """
    target_terms = tuple(target_terms)
    if not isinstance(lexicon, StanceLexicon):
        lexicon = load_stance_lexicon(lexicon, target_terms=target_terms)
    place = place_matcher(target_place)
    terms = term_matcher(target_terms, lexicon.anaphor_pattern, lexicon.not_the_event)
    rules = tuple(relevance_rules)
    by_doc = texts_by_doc(texts)
    cache: dict = {}
    rel, raw, score, cue = [], [], [], []
    frames = quotes["frame"] if "frame" in quotes.columns else quotes["quote"]
    # plain lists: iterating pandas string arrays element by element is several times slower
    zeros = pd.Series(0, index=quotes.index)
    doc_ids = quotes["doc_id"].astype(str).tolist()
    kinds = quotes["kind"].tolist()
    paras = quotes.get("paragraph", zeros).tolist()
    starts = quotes.get("start", zeros).tolist()
    for doc_id, kind, para, frame, start, end in zip(
            doc_ids, kinds, paras, frames.fillna("").astype(str).tolist(), starts,
            quotes.get("end", zeros).tolist()):
        if kind == "scare":
            rel.append("")
            raw.append("n/a")
            score.append(0.0)
            cue.append("")
            continue
        doc_text = by_doc.get(doc_id)
        low = fold(frame)  # (for the literal tests of both)
        st, sc, cu = score_folded(frame, lexicon, low)
        if terms is None:
            r = ""
        elif place is not None:
            r = relevance(doc_id, doc_text, int(para), frame, place, context_paragraphs, cache, low)
        else:
            r = term_relevance(doc_text, int(start), int(end), frame, terms, rules, cache, doc_id)
        rel.append(r)
        raw.append(st)
        score.append(sc)
        cue.append(cu)
    if terms is not None and place is None and "speaker" in rules:
        speakers = (quotes["speaker"] if "speaker" in quotes.columns else zeros).fillna("").astype(str).tolist()
        carry_speaker(rel, doc_ids, kinds, paras, starts, speakers)
    stance = [s if k == "scare" else NO_TARGET if terms is None else s if r else "off_target"
              for s, k, r in zip(raw, kinds, rel)]
    out = quotes.copy()
    out["relevance"] = rel
    out["stance"] = stance
    out["score"] = score
    out["cue"] = cue
    return out
