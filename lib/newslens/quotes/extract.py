"""The quotes table: every article's statements and scare quotes, with speakers and offsets.

:func:`extract_quotes` runs :class:`~newslens.quotes.parser.DocParser` on each article and
returns one row per statement or scare quote (:data:`QUOTE_COLUMNS`); every row keeps the
character offsets of its words in the text it was read from.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .actors import UNKNOWN, ActorIndex, load_actors
from .parser import DocParser

__all__ = ["QUOTE_COLUMNS", "extract_doc", "extract_quotes", "article_texts"]

#: Columns of the quotes table, in order.
QUOTE_COLUMNS = ["doc_id", "outlet", "quote", "speaker", "actor", "group", "start", "end",
                 "attribution", "kind", "paragraph", "frame", "speech_cue", "speech_cue_start",
                 "speaker_mention", "speaker_mention_start"]


def extract_doc(text: str, *, actors: ActorIndex) -> list[dict]:
    """Statements and scare quotes of one text, as dicts (see :func:`extract_quotes`)."""
    if not text or not text.strip():
        return []
    parser = DocParser(text, actors)
    rows = []
    for st, fs, fe in parser.parse():
        sp = st.speaker
        rows.append({
            "quote": text[st.start:st.end],
            "speaker": _unmasked(sp.text, text, parser.masked, st).strip(),
            "actor": sp.actor,
            "group": sp.group,
            "start": st.start,
            "end": st.end,
            "attribution": sp.via,
            "kind": st.kind,
            "paragraph": st.para,
            "frame": text[fs:fe],
            "speech_cue": text[st.verb_start:st.verb_end] if st.verb_start >= 0 else "",
            "speech_cue_start": st.verb_start,
            "speaker_mention": text[sp.mention_start:sp.mention_end] if sp.mention_start >= 0 else "",
            "speaker_mention_start": sp.mention_start,
        })
    return rows


def _unmasked(words: str, text: str, masked: str, st) -> str:
    """``words`` read from the masked article (a speaker's noun phrase that spans a quoted
    title: 'The "Fair Roads Now" group', whose quote is masked as x's) with the article's
    own characters: the copy nearest before the statement's verb (else the first after it),
    within 2,000 characters. Masking keeps every offset, so the same span of the article
    holds the words as written."""
    if "xxx" not in words:
        return words
    anchor = st.verb_start if st.verb_start >= 0 else st.start
    k = masked.rfind(words, max(0, anchor - 2000), anchor + len(words))
    if k < 0:
        k = masked.find(words, anchor, anchor + 2000)
    return text[k:k + len(words)] if k >= 0 else words


def article_texts(df: pd.DataFrame) -> pd.Series:
    """The text quotes are read from: ``text_clean`` when present, else ``text`` (missing
    values as empty strings)."""
    if "text_clean" in df.columns:
        return df["text_clean"].fillna("").astype(str)
    return df["text"].fillna("").astype(str)


def extract_quotes(df: pd.DataFrame, *, actors: ActorIndex | str | Path | None = None) -> pd.DataFrame:
    """Direct quotes, reported speech and scare quotes of every article, with speakers.

    Parameters
    ----------
    df : articles with ``doc_id``, ``outlet`` and ``text_clean`` (or ``text``).
    actors : an :class:`ActorIndex`, a path to an actors CSV, or None for the bundled file.

    Returns
    -------
    DataFrame with one row per statement or scare quote, sorted by ``doc_id, start``:

    ``doc_id, outlet``
        the article.
    ``quote``
        the quoted words (direct), the content clause (reported), or the scare-quoted words;
        always ``text[start:end]`` of the text it was read from.
    ``speaker``
        the speaker as written (``"Russia's UN Ambassador Vassily Nebenzia"``, ``"he"``).
    ``actor, group``
        canonical actor and their country or organisation from the actors file; an unlisted
        named person keeps their name as ``actor``; ``unknown`` when no actor could be
        determined; ``none`` for a narrator's scare quote.
    ``start, end``
        character offsets into the text.
    ``attribution``
        the rule that found the speaker (see the module docstring).
    ``kind``
        ``direct``, ``reported`` or ``scare``.
    ``paragraph``
        0-based index of the paragraph where the statement starts.
    ``frame``
        the statement with the speaker's framing words in the same sentence (``warned that a
        looming assault could create the century's "worst humanitarian catastrophe."``); the
        stance rules read this.
    ``speech_cue, speech_cue_start``
        the evidence of the attribution: the speech verb (``said``, ``according to``) and its
        offset; ``""`` and -1 when no verb attributes it (``continuation``, ``dash``,
        ``colon``, scare quotes).
    ``speaker_mention, speaker_mention_start``
        the words the speaker was read from and their offset: the name (``Pierce``), the
        antecedent of a pronoun (``he`` -> ``Anna Mulder``), the titled mention a description
        refers to (``the French president`` -> ``Emmanuel Macron``); for an unresolved
        speaker the unresolved words themselves (``he``); ``""`` and -1 when none.

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"],
    ...     "text_clean": ['"We will still try," Pierce said.']})
    >>> extract_quotes(df)[["quote", "actor", "attribution", "kind"]].values.tolist()
    [['We will still try,', 'Karen Pierce', 'name', 'direct']]
    """
    if not isinstance(actors, ActorIndex):
        actors = load_actors(actors)
    texts = article_texts(df)
    outlets = df["outlet"].astype(str) if "outlet" in df.columns else pd.Series(UNKNOWN, index=df.index)
    rows = []
    for doc_id, outlet, text in zip(df["doc_id"].astype(str), outlets, texts):
        for r in extract_doc(text, actors=actors):
            r["doc_id"] = doc_id
            r["outlet"] = outlet
            rows.append(r)
    out = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    if len(out):
        out = out.sort_values(["doc_id", "start", "end"], kind="mergesort").reset_index(drop=True)
    out["start"] = out["start"].astype("int64")
    out["end"] = out["end"].astype("int64")
    out["paragraph"] = out["paragraph"].astype("int64")
    out["speech_cue_start"] = out["speech_cue_start"].astype("int64")
    out["speaker_mention_start"] = out["speaker_mention_start"].astype("int64")
    return out
