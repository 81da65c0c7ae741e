"""Stance of every statement of a quotes table: relevance first, then the cues.

Scare quotes get ``n/a``; a statement that is not about the target event
(:func:`~newslens.stance.relevance.relevance`) gets ``off_target``; the others get the
stance of their frame (:func:`~newslens.stance.score.score_statement`).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

from ..config import DEFAULT_TARGET_PLACE, DEFAULT_TARGET_TERMS
from .lexicon import StanceLexicon, fold, load_stance_lexicon
from .relevance import CONTEXT_PARAGRAPHS, place_matcher, relevance, texts_by_doc
from .score import score_folded

__all__ = ["assign_stance"]


def assign_stance(quotes: pd.DataFrame, *, target_terms: Iterable[str] = DEFAULT_TARGET_TERMS,
                  target_place: Iterable[str] = DEFAULT_TARGET_PLACE,
                  texts: pd.DataFrame | Mapping[str, str] | None = None,
                  context_paragraphs: int = CONTEXT_PARAGRAPHS,
                  lexicon: StanceLexicon | str | Path | None = None) -> pd.DataFrame:
    """Label each statement ``support``, ``oppose`` or ``neutral`` toward the target event.

    Parameters
    ----------
    quotes : the table of :func:`newslens.extract_quotes`.
    target_terms : names of the event ("offensive", "assault", ...).
    target_place : words that tie a statement to the event's place; empty: any place.
    texts : the articles (DataFrame with ``doc_id`` and ``text_clean``, or a mapping doc_id ->
        text) the quotes were read from; used to look for the place in the statement's
        paragraph and the paragraphs before it. Without it only the frame is searched.
    context_paragraphs : how many paragraphs before the statement may name the place.
    lexicon : a :class:`StanceLexicon` or the path of a YAML lexicon (None: bundled).

    Returns
    -------
    A copy of ``quotes`` with columns ``relevance`` (``statement``, ``paragraph``,
    ``context``, ``article``, ``any place`` or "" when off target), ``stance`` (``support``, ``oppose``,
    ``neutral``, ``off_target``, or ``n/a`` for scare quotes), ``score`` and ``cue``.
    """
    target_terms = tuple(target_terms)
    if not isinstance(lexicon, StanceLexicon):
        lexicon = load_stance_lexicon(lexicon, target_terms=target_terms)
    place = place_matcher(target_place)
    by_doc = texts_by_doc(texts)
    cache: dict = {}
    rel, stance, score, cue = [], [], [], []
    frames = quotes["frame"] if "frame" in quotes.columns else quotes["quote"]
    # plain lists: iterating pandas string arrays element by element is several times slower
    for doc_id, kind, para, frame in zip(quotes["doc_id"].astype(str).tolist(), quotes["kind"].tolist(),
                                         quotes.get("paragraph", pd.Series(0, index=quotes.index)).tolist(),
                                         frames.fillna("").astype(str).tolist()):
        if kind == "scare":
            rel.append("")
            stance.append("n/a")
            score.append(0.0)
            cue.append("")
            continue
        doc_text = by_doc.get(doc_id)
        low = fold(frame)  # (for the literal tests of both)
        r = relevance(doc_id, doc_text, int(para), frame, place, context_paragraphs, cache, low)
        rel.append(r)
        st, sc, cu = score_folded(frame, lexicon, low)
        if not r:
            stance.append("off_target")
        else:
            stance.append(st)
        score.append(sc)
        cue.append(cu)
    out = quotes.copy()
    out["relevance"] = rel
    out["stance"] = stance
    out["score"] = score
    out["cue"] = cue
    return out
