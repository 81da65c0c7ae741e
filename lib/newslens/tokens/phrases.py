"""Step 4 of tokenisation: multi-word names merged into one token.

A run of consecutive tokens equal to an entry of the phrase list (no breaker in between)
becomes one token with single spaces ("hayat tahrir al-sham"); longer phrases are merged
first. :func:`merge_phrases` does it on a stream of integer token ids (the whole-corpus
counter of :mod:`newslens.terms` uses it directly), :func:`merge_phrase_strings` on one
text's list of tokens.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .forms import BREAKERS, raw_tokens
from .wordlists import default_phrases

__all__ = ["resolve_phrases", "merge_phrases", "merge_phrase_strings"]


def resolve_phrases(phrases: Iterable[str] | str | None, *,
                    lowercase: bool = True) -> tuple[tuple[str, ...], ...]:
    """Phrases as tuples of raw tokens, longest first, then alphabetical; one-token entries
    are dropped (a single word is already one token).

    Each phrase is tokenized by the same regular expression as the text, so it matches
    exactly the token runs it names ("Security Council's" in a text is the run
    ``security``, ``council``).

    Examples
    --------
    >>> resolve_phrases(["de Mistura", "Staffan de Mistura", "Idlib"])
    (('staffan', 'de', 'mistura'), ('de', 'mistura'))
    """
    if phrases is None:
        return ()
    if isinstance(phrases, str):
        if phrases != "default":
            raise ValueError(f"unknown phrase list {phrases!r}; use 'default' or a list")
        phrases = default_phrases()
    seqs = set()
    for p in phrases:
        toks = raw_tokens(p, lowercase=lowercase)
        if len(toks) > 1 and not any(t in BREAKERS for t in toks):
            seqs.add(tuple(toks))
    return tuple(sorted(seqs, key=lambda s: (-len(s), s)))


def merge_phrases(ids: np.ndarray, phrase_ids: Sequence[Sequence[int]],
                  out_ids: Sequence[int]) -> np.ndarray:
    """Step 4 on a stream of integer token ids: replace phrase runs by one id.

    Parameters
    ----------
    ids : 1-D integer array, the token stream (documents separated by a breaker id).
    phrase_ids : each phrase as a sequence of token ids, in priority order (longest
        first); a phrase never contains a breaker, so it cannot match across one.
    out_ids : the id that replaces each phrase.

    Returns
    -------
    A new array: the first token of every merged run replaced by the phrase's id, the
    rest of the run removed. Rules: phrases are applied in the given order; a run
    overlapping an already merged run is left alone; overlapping runs of the same phrase
    ("a a" in "a a a") are taken left to right.

    Examples
    --------
    >>> merge_phrases(np.array([5, 1, 2, 3, 1, 2, 9]), [(1, 2, 3), (1, 2)], [100, 101])
    array([  5, 100, 101,   9])
    """
    ids = np.asarray(ids)
    if not len(phrase_ids) or not len(ids):
        return ids
    n = len(ids)
    lut = np.zeros(int(max(ids.max(), max(p[0] for p in phrase_ids))) + 1, dtype=bool)
    lut[[p[0] for p in phrase_ids]] = True
    cand = np.flatnonzero(lut[ids])
    if not len(cand):
        return ids
    out, consumed = ids, None  # copied on the first match only
    for seq, pid in zip(phrase_ids, out_ids):
        k = len(seq)
        pos = cand[(ids[cand] == seq[0]) & (cand <= n - k)]
        for j in range(1, k):
            if not len(pos):
                break
            pos = pos[ids[pos + j] == seq[j]]
        if not len(pos):
            continue
        if consumed is None:
            consumed = np.zeros(n, dtype=bool)
            out = ids.copy()
        span = pos[:, None] + np.arange(k)
        free = ~consumed[span].any(axis=1)
        pos = pos[free]
        if len(pos) > 1 and np.any(np.diff(pos) < k):
            kept, last_end = [], -1
            for p in pos.tolist():  # self-overlapping runs: left to right
                if p >= last_end:
                    kept.append(p)
                    last_end = p + k
            pos = np.array(kept, dtype=pos.dtype)
        span = pos[:, None] + np.arange(k)
        consumed[span] = True
        out[pos] = pid
        out[span[:, 1:]] = -1
    return ids if consumed is None else out[out != -1]


def merge_phrase_strings(tokens: list[str], seqs: tuple[tuple[str, ...], ...]) -> list[str]:
    """:func:`merge_phrases` on a list of token strings, phrases as :func:`resolve_phrases`
    gives them.

    Examples
    --------
    >>> merge_phrase_strings(["the", "security", "council", "met"], (("security", "council"),))
    ['the', 'security council', 'met']
    """
    firsts = {s[0] for s in seqs}
    if firsts.isdisjoint(tokens):
        return tokens
    index: dict[str, int] = {}
    ids = np.fromiter((index.setdefault(t, len(index)) for t in tokens), dtype=np.int64,
                      count=len(tokens))
    names = list(index)
    phrase_ids, out_ids, wanted = [], [], []
    for s in seqs:
        if all(w in index for w in s):
            phrase_ids.append([index[w] for w in s])
            out_ids.append(len(names) + len(wanted))
            wanted.append(" ".join(s))
    if not phrase_ids:
        return tokens
    names += wanted
    return [names[i] for i in merge_phrases(ids, phrase_ids, out_ids).tolist()]
