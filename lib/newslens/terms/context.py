"""Words in their context: keyword in context (:func:`kwic`) and collocations.

KWIC lets every number in the term tables be read back in its sentences; collocations
propose candidates for the phrase list.
"""
from __future__ import annotations

import re
from collections.abc import Collection

import pandas as pd

from ..tokens import resolve_stop_words, token_segments, token_spans
from .counting import document_texts
from .dictionary import glob_regex, is_glob, pattern_tokens

__all__ = ["collocations", "kwic"]


def collocations(
    df: pd.DataFrame,
    *,
    n: int = 20,
    min_freq: int = 3,
    stop_words: Collection[str] | str | None = "default",
) -> pd.DataFrame:
    """The corpus's strongest two-word collocations (NLTK, Dunning's likelihood ratio).

    Tokens as :func:`newslens.tokens.tokenize` gives them with numbers dropped and no
    phrase list (so that the phrases themselves can be found). Each stretch of text
    between punctuation marks is a separate "document" for NLTK's
    ``BigramCollocationFinder.from_documents``, so no pair spans a sentence, clause or
    article boundary. Pairs seen fewer than ``min_freq`` times, or containing a stop word
    or a one-letter token, are dropped; the rest are scored by
    ``BigramAssocMeasures.likelihood_ratio``, G² of the pair's 2 x 2 contingency table
    (first word yes/no x second word yes/no).

    Returns
    -------
    DataFrame ``term, w1, w2, count, score`` (``term`` is "w1 w2"), at most ``n`` rows,
    sorted by score (descending), then term. Good candidates for the phrase list.
    """
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    stop = resolve_stop_words(stop_words)
    segments = [seg for text in document_texts(df)
                for seg in token_segments(text, numbers="drop") if len(seg) > 1]
    finder = BigramCollocationFinder.from_documents(segments)
    finder.apply_freq_filter(min_freq)
    finder.apply_word_filter(lambda w: w is None or len(w) < 2 or w in stop)
    scored = finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)
    rows = [{"term": f"{a} {b}", "w1": a, "w2": b, "count": finder.ngram_fd[(a, b)],
             "score": s} for (a, b), s in scored]
    out = pd.DataFrame(rows, columns=["term", "w1", "w2", "count", "score"])
    out = out.sort_values(["score", "term"], ascending=[False, True], kind="mergesort")
    return out.head(n).reset_index(drop=True)


def _keyword_matchers(keyword: str):
    parts = pattern_tokens(keyword)
    if not parts:
        raise ValueError(f"keyword {keyword!r} contains no word")
    out = []
    for p in parts:
        if is_glob(p):
            rx = glob_regex(p)
            out.append(lambda t, rx=rx: rx.match(t) is not None)
        else:
            canon = p + "." if re.fullmatch(r"\w(?:\.\w)+", p) and all(
                len(x) == 1 for x in p.split(".")) else p
            out.append(lambda t, canon=canon: t == canon)
    return parts, out


def _prefilter(parts: tuple[str, ...]) -> re.Pattern | None:
    # A cheap case-insensitive substring test skips documents that cannot match (the
    # literal start of the first keyword token); KWIC is then fast on big corpora.
    head = re.split(r"[*?\[]", parts[0], maxsplit=1)[0]
    return re.compile(re.escape(head), re.IGNORECASE) if len(head) >= 2 else None


def kwic(
    df: pd.DataFrame,
    keyword: str,
    *,
    window: int = 6,
) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``keyword`` with ``window`` words each side.

    Parameters
    ----------
    df : articles (``doc_id``, ``outlet`` if present, ``text_clean`` or ``text``).
    keyword : one or more words, matched case-insensitively against consecutive tokens
        (so "Assad's forces" matches "assad forces" and "Assad’s forces"); ``*`` and ``?``
        are wildcards inside a token ("terror*"), as in the framing dictionary.
    window : words of context each side.

    Returns
    -------
    DataFrame ``doc_id, outlet, left, keyword, right, start, end``, sorted by doc_id and
    start. ``keyword`` is the text as written; ``left`` and ``right`` are the original
    text around it (whitespace collapsed), cut at word boundaries; ``start``/``end`` are
    character offsets of the keyword in the text the table was built from.

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"],
    ...     "text_clean": ["Turkey warned that the Syrian regime's offensive would fail."]})
    >>> kwic(df, "regime", window=3)[["left", "keyword", "right"]]
                  left keyword                     right
    0  that the Syrian  regime  's offensive would fail.
    """
    parts, tests = _keyword_matchers(keyword)
    pre = _prefilter(parts)
    k = len(tests)
    texts = document_texts(df)
    ids = df["doc_id"].astype(str).tolist() if "doc_id" in df.columns else [str(i) for i in range(len(df))]
    outlets = df["outlet"].astype(str).tolist() if "outlet" in df.columns else ["unknown"] * len(df)
    rows = []
    for doc_id, outlet, text in zip(ids, outlets, texts):
        if not isinstance(text, str) or not text or (pre is not None and not pre.search(text)):
            continue
        spans = token_spans(text)
        toks = [s[0] for s in spans]
        for i in range(len(spans) - k + 1):
            if all(tests[j](toks[i + j]) for j in range(k)):
                start, end = spans[i][1], spans[i + k - 1][2]
                lo = spans[max(0, i - window)][1]
                hi_i = min(len(spans) - 1, i + k - 1 + window)
                hi = spans[hi_i][2]
                # Keep a closing mark of the last context word (". , ! ?") for reading.
                while hi < len(text) and text[hi] in ".,;:!?\"')\u2019\u201d" and hi - spans[hi_i][2] < 3:
                    hi += 1
                rows.append({"doc_id": doc_id, "outlet": outlet,
                             "left": " ".join(text[lo:start].split()),
                             "keyword": " ".join(text[start:end].split()),
                             "right": " ".join(text[end:hi].split()),
                             "start": start, "end": end})
    out = pd.DataFrame(rows, columns=["doc_id", "outlet", "left", "keyword", "right", "start", "end"])
    return out.sort_values(["doc_id", "start"], kind="mergesort").reset_index(drop=True)

