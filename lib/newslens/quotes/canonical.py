"""One canonical actor per person across a corpus: surnames merged with the full name.

Within an article, a person named by surname alone is already given the full name the article
uses (:mod:`.mentions`). Across articles, "Huntsman" in one article and "Jon Huntsman" in
another are the same actor when the corpus gives that surname one full name only:
:func:`merge_surnames` rewrites such single-word actors. A surname shared by two full names
("Bush": "George W. Bush", "Jeb Bush") is ambiguous and left as it is.

The merge reads the whole quotes table, so it belongs to a stage's *combine* step (after the
partitions' rows are concatenated): applied per partition, its answer would depend on how the
corpus was split.
"""
from __future__ import annotations

import pandas as pd

from .actors import NONE, UNKNOWN

__all__ = ["merge_surnames"]


def merge_surnames(quotes: pd.DataFrame, *, listed: frozenset[str] | set[str] = frozenset()) -> pd.DataFrame:
    """The quotes table with each single-word actor that is the last word of exactly one
    multi-word person actor of the table replaced by that full name.

    Parameters
    ----------
    quotes : the quotes table (:func:`~newslens.quotes.extract_quotes`), with ``actor``.
    listed : canonical names from the actors file; they are never rewritten (a listed
        ``Russia`` stays ``Russia``), though they may be the full name a surname joins.

    Returns
    -------
    A copy of ``quotes`` (the same rows and columns, in the same order).

    Examples
    --------
    >>> q = pd.DataFrame({"actor": ["Jon Huntsman", "Huntsman", "Bush", "George W. Bush",
    ...                             "Jeb Bush", "unknown"]})
    >>> merge_surnames(q)["actor"].tolist()
    ['Jon Huntsman', 'Jon Huntsman', 'Bush', 'George W. Bush', 'Jeb Bush', 'unknown']
    """
    out = quotes.copy()
    if not len(out):
        return out
    actors = out["actor"].fillna("").astype(str)
    full_by_last: dict[str, set[str]] = {}
    for name in actors.unique():
        toks = name.split()
        # a person's name: 2 to 4 words, each capitalised (or a particle: "de", "al", "bin")
        if 2 <= len(toks) <= 4 and toks[0][:1].isupper() and toks[-1][:1].isupper():
            full_by_last.setdefault(toks[-1], set()).add(name)
    mapping = {}
    for name in actors.unique():
        if " " in name or name in (UNKNOWN, NONE, "") or name in listed:
            continue
        fulls = full_by_last.get(name, set())
        if len(fulls) == 1:
            mapping[name] = next(iter(fulls))
    if mapping:
        out["actor"] = actors.map(lambda a: mapping.get(a, a))
    return out
