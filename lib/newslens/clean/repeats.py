"""The learned rule: lines that repeat across many articles of one outlet are boilerplate.

A line (normalised with :func:`repeat_key`; the first line, the headline, is never
counted) is boilerplate for outlet *o* when it occurs in at least

.. math:: m = \\max(\\text{min\\_docs},\\ \\lceil \\text{min\\_share} \\cdot n_o \\rceil)

articles of *o* (:math:`n_o` = articles of *o*) **and in as many different surroundings**
(the pair previous line, next line, counted once per distinct pair). Passim treats
high-frequency passages as boilerplate the same way; counting surroundings as well keeps a
wire story that an outlet published three times (same paragraphs, same neighbours) from
being mistaken for boilerplate. A sentence that three or more outlets print is wire copy
(an agency story they all ran) and stays when it is under a small share of the outlet's
articles (:func:`is_wire_copy`). Long lines are never boilerplate, nor are lines that occur
more than :data:`MAX_REPEATS_PER_ARTICLE` times per article on average (speaker labels of
transcripts, table rows).

The counts are additive: :func:`repeat_statistics` counts a set of articles,
:func:`combine_repeat_statistics` adds the counts of disjoint sets (partitions of a
corpus, counted anywhere), :func:`select_repeated` turns the total into the lines per
outlet, and the ``repeated_line`` rule (:func:`drop_repeated`) drops them from each article.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from .rules import Change, Document

_KEY_DIGITS = re.compile(r"\d+")


def repeat_key(line: str) -> str:
    """Normalise a line for repeat counting: case-folded, digits -> ``0``, spaces collapsed.

    "Copyright © 2019 The Washington Times" and "… © 2020 …" share a key.

    Examples
    --------
    >>> repeat_key("Copyright  2019 The Times")
    'copyright 0 the times'
    """
    # str.split() cuts at runs of whitespace and drops it at the ends: the spaces collapsed
    return " ".join(_KEY_DIGITS.sub("0", line.casefold()).split())


def paragraph_keys(doc: Document) -> list[str]:
    """:func:`repeat_key` of each paragraph of ``doc``.

    Remembered in ``doc.memo`` by paragraph text: the repeated-line statistics and the
    ``repeated_line`` rule both need the keys of (mostly) the same paragraphs, and keying
    every paragraph of the corpus twice was a fifth of the cleaning time.
    """
    known = doc.memo.get("repeat_keys")
    if known is None:
        known = doc.memo["repeat_keys"] = {}
    keys = []
    for p in doc.paragraphs:
        k = known.get(p)
        if k is None:
            k = known[p] = repeat_key(p)
        keys.append(k)
    return keys


def drop_repeated(doc: Document) -> list[Change]:
    """Drop the lines (never the headline) whose key is in ``doc.repeated``."""
    if not doc.repeated:
        doc.memo.pop("repeat_keys", None)
        return []
    keys = paragraph_keys(doc)
    doc.memo.pop("repeat_keys", None)     # not needed after this rule
    keep, changes = [], []
    for i, (p, k) in enumerate(zip(doc.paragraphs, keys)):
        if i > 0 and k in doc.repeated:
            changes.append((p, "", 1))
        else:
            keep.append(p)
    if changes:
        doc.paragraphs = keep
    return changes


#: A learned line that occurs more often than this per article, on average over the articles
#: that have it, is structure, not page furniture: a speaker label in a transcript
#: ("michael barbaro" before each turn of a podcast transcript) or a table row ("total 27%
#: 2014"). Boilerplate appears once or twice per article.
MAX_REPEATS_PER_ARTICLE = 3.0


def _new_contexts() -> defaultdict:
    return defaultdict(set)


@dataclass
class RepeatStatistics:
    """Per outlet counts behind the ``repeated_line`` rule, for one or several sets of articles.

    Made by :func:`repeat_statistics`, added with :func:`combine_repeat_statistics` (so a
    corpus can be counted in partitions, on several processes or machines) and turned
    into boilerplate lines by :func:`select_repeated`.

    Attributes
    ----------
    contexts : outlet -> line key -> set of 64-bit digests of the line's surroundings
        (previous key, next key).
    docs : outlet -> line key -> articles with the line.
    occurrences : outlet -> line key -> occurrences of the line.
    sizes : outlet -> articles.
    """

    contexts: dict = field(default_factory=lambda: defaultdict(_new_contexts))
    docs: dict = field(default_factory=lambda: defaultdict(Counter))
    occurrences: dict = field(default_factory=lambda: defaultdict(Counter))
    sizes: Counter = field(default_factory=Counter)

    def __getstate__(self):  # plain dicts: pickles the same wherever it is unpickled
        return {"contexts": {g: dict(v) for g, v in self.contexts.items()},
                "docs": dict(self.docs), "occurrences": dict(self.occurrences),
                "sizes": self.sizes}

    def __setstate__(self, state) -> None:
        self.__init__()
        for g, v in state["contexts"].items():
            self.contexts[g].update(v)
        self.docs.update(state["docs"])
        self.occurrences.update(state["occurrences"])
        self.sizes = state["sizes"]


def _context_digests(pairs: list[str]) -> list[int]:
    """Stable 64-bit digests of ``"previous\\x00next"`` strings (pandas' SipHash with a
    fixed key, vectorised in C).

    Python's ``hash`` would be faster but is salted per process (hash randomisation), so
    counts made in two processes could not be united. Two different surroundings of a
    line are counted as one only if their digests collide: probability about
    :math:`m^2 / 2^{65}` for *m* surroundings, below :math:`10^{-7}` for ten million.
    """
    if not pairs:
        return []
    arr = np.array(pairs, dtype=object)
    try:
        digests = pd.util.hash_array(arr, categorize=False)
    except UnicodeEncodeError:
        # a lone surrogate (from an escape such as "\\ud800" in a JSON source) has no UTF-8 form;
        # hash the same bytes Python would keep for it
        arr = np.array([s.encode("utf-8", "surrogatepass") for s in pairs], dtype=object)
        digests = pd.util.hash_array(arr, categorize=False)
    return digests.tolist()


def repeat_statistics(paragraph_lists: Iterable[list[str]], groups: Sequence[str], *,
                      max_words: int = 60, keyed: bool = False) -> RepeatStatistics:
    """Count, per outlet, each short line's articles, occurrences and surroundings.

    Lines are normalised with :func:`repeat_key`. The first line (the headline) is never
    counted, nor are lines over ``max_words`` words or ``12 * max_words`` characters (they
    are never boilerplate). The surroundings of line *i* are the pair (key of line *i-1*,
    key of line *i+1*, "" after the last line), kept as a digest
    (:func:`_context_digests`) so that the counts of disjoint sets of articles can be
    added (:func:`combine_repeat_statistics`).

    Parameters
    ----------
    paragraph_lists : each article's lines (after the character rules).
    groups : each article's outlet.
    max_words : longest line counted, in words.
    keyed : the lines are already keys (:func:`paragraph_keys`).
    """
    st = RepeatStatistics()
    where: list[tuple[str, str]] = []   # (group, key) of each counted line, in order
    pairs: list[str] = []               # its surroundings, digested in one call below
    for paras, group in zip(paragraph_lists, groups):
        st.sizes[group] += 1
        keys = paras if keyed else [repeat_key(p) for p in paras]
        seen: Counter = Counter()
        for i in range(1, len(keys)):
            k = keys[i]
            if len(k) > max_words * 12 or len(k.split()) > max_words:
                continue
            nxt = keys[i + 1] if i + 1 < len(keys) else ""
            where.append((group, k))
            pairs.append(keys[i - 1] + "\x00" + nxt)
            seen[k] += 1
        if seen:
            st.docs[group].update(seen.keys())
            st.occurrences[group].update(seen)
    contexts = st.contexts
    for (group, k), digest in zip(where, _context_digests(pairs)):
        contexts[group][k].add(digest)
    return st


def combine_repeat_statistics(a: RepeatStatistics, b: RepeatStatistics) -> RepeatStatistics:
    """The statistics of two disjoint sets of articles together: digest sets united,
    counts added. Modifies and returns ``a``.
    """
    for group, lines in b.contexts.items():
        mine = a.contexts[group]
        for k, ctx in lines.items():
            mine[k] |= ctx
    for group, c in b.docs.items():
        a.docs[group].update(c)
    for group, c in b.occurrences.items():
        a.occurrences[group].update(c)
    a.sizes.update(b.sizes)
    return a


#: Wire copy: a line of at least this many words that :data:`WIRE_MIN_OUTLETS` outlets or
#: more print, and that is in fewer than :data:`WIRE_MAX_SHARE` of the articles of the
#: outlet that repeats it, is a sentence of an agency story (AP, Reuters) that they all ran,
#: not the outlet's template, and is never learned as boilerplate (passim's distinction:
#: text reused across sources is the object of study). A template is short ("Share this
#: story"), or is under a large share of the outlet's articles: a publisher listed as two
#: or three outlets ("… News" and "… Opinion") prints its newsletter prompt under most of
#: them, which is also why five outlets are asked for (an agency story runs in many more:
#: 15-17 outlets print the same AP story in the AllSides corpus).
WIRE_MIN_WORDS = 12
WIRE_MIN_OUTLETS = 5
WIRE_MAX_SHARE = 0.1


def is_wire_copy(key: str, stats: RepeatStatistics, group: str, *,
                 min_words: int = WIRE_MIN_WORDS, min_outlets: int = WIRE_MIN_OUTLETS,
                 max_share: float = WIRE_MAX_SHARE) -> bool:
    """Whether the line ``key``, repeated by outlet ``group``, is wire copy: at least
    ``min_words`` words, printed by at least ``min_outlets`` outlets of the corpus, and in
    fewer than ``max_share`` of ``group``'s articles."""
    if len(key.split()) < min_words:
        return False
    if stats.docs[group][key] >= max_share * stats.sizes[group]:
        return False
    return sum(1 for counts in stats.docs.values() if key in counts) >= min_outlets


def select_repeated(stats: RepeatStatistics, *, min_docs: int = 3, min_share: float = 0.02,
                    wire_min_outlets: int = WIRE_MIN_OUTLETS) -> dict[str, frozenset[str]]:
    """The boilerplate lines per outlet (the rule of this module's docstring).

    A line key *k* of outlet *o* (with :math:`n_o` articles) is selected when

    .. math:: \\text{docs}_{o,k} \\ge m,\\quad |\\text{contexts}_{o,k}| \\ge m,\\quad
              \\text{occurrences}_{o,k} \\le 3\\,\\text{docs}_{o,k},\\qquad
              m = \\max(\\text{min\\_docs}, \\lceil \\text{min\\_share} \\cdot n_o \\rceil)

    (3 is :data:`MAX_REPEATS_PER_ARTICLE`) and it is not wire copy (:func:`is_wire_copy`: a
    line of :data:`WIRE_MIN_WORDS` words or more that ``wire_min_outlets`` outlets print and
    that is in fewer than :data:`WIRE_MAX_SHARE` of *o*'s articles).
    Outlets with no counted line are absent.
    """
    out: dict[str, frozenset[str]] = {}
    for group, lines in stats.contexts.items():
        if not lines:
            continue
        need = max(min_docs, -(-min_share * stats.sizes[group] // 1))
        n_docs, n_occ = stats.docs[group], stats.occurrences[group]
        out[group] = frozenset(
            k for k, ctx in lines.items()
            if n_docs[k] >= need and len(ctx) >= need
            and n_occ[k] <= MAX_REPEATS_PER_ARTICLE * n_docs[k]
            and not is_wire_copy(k, stats, group, min_outlets=wire_min_outlets))
    return out
