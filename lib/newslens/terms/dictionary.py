"""The framing dictionary: its file format, its pattern syntax and its matcher.

A framing dictionary (a YAML file of the study's, editable; the example study's is
``examples/idlib/framing.yaml``) groups the words that name
one thing in different ways ("regime" / "government", "rebels" / "terrorists") into
*families*. :func:`load_framing` reads it as a table; :class:`FramingMatcher` counts its
patterns in the token-id streams of :func:`newslens.terms.count_terms`, in the same pass
as the term counts; :func:`newslens.terms.framing_rates` turns the counts into rates.
The pattern syntax (:func:`pattern_tokens`) is shared with :func:`newslens.terms.kwic`.
"""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import EXAMPLE_DIR
from ..errors import NewslensError
from ..tokens import BREAKERS, raw_tokens

__all__ = ["FRAMING_PATH", "FRAMING_COLUMNS", "load_framing", "framing_table", "is_glob",
           "pattern_tokens", "glob_regex", "FramingMatcher"]

#: The example study's framing dictionary (Syria: regime, rebels, offensive). It is a
#: study's file, not a default: a run uses a framing file only when one is given.
FRAMING_PATH = EXAMPLE_DIR / "framing.yaml"


@dataclass(frozen=True)
class _Pattern:
    entry: int                       # index of the (family, term) entry
    tokens: tuple[str, ...]          # token patterns (exact or glob)


#: Columns of a framing dictionary table (:func:`load_framing`).
FRAMING_COLUMNS = ["family", "family_label", "term", "pattern", "exclude"]


def load_framing(path: str | Path | None = None) -> pd.DataFrame:
    """Read a framing dictionary: ``family, family_label, term, pattern, exclude``, in file
    order (one row per pattern).

    The YAML file maps each family to a label, its terms (each term to one pattern or a
    list of patterns) and, optionally, patterns to exclude (see ``examples/idlib/framing.yaml``)::

        government:
          label: Naming the government
          terms:
            regime: [regime, regimes]
            Syrian army: [syrian army, syrian arab army]
          exclude: [free syrian army]

    Pattern syntax: words separated by spaces, matched case-insensitively against
    consecutive tokens of :func:`newslens.tokens.tokenize` (so a possessive 's is ignored
    and a hyphenated word is one token); ``*`` matches any run of characters inside one
    token and ``?`` one character ("jihadi*" matches jihadi, jihadist, jihadists). An
    ``exclude`` pattern takes its stretch of text out of the family's counts ("Free Syrian
    Army" is a rebel group, not the Syrian army); its rows have ``exclude`` True and an
    empty ``term``.

    Raises
    ------
    NewslensError : the file is missing, not YAML, or not in this shape.
    """
    import yaml

    path = Path(path) if path is not None else FRAMING_PATH
    where = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise NewslensError(f"cannot read the framing dictionary {where}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise NewslensError(f"the framing dictionary {where} is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not data:
        raise NewslensError(f"the framing dictionary {where} must map family names to "
                            "{label, terms}")

    def patterns_of(value, what: str) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(
                isinstance(p, str) and p.strip() for p in value):
            raise NewslensError(f"{where}: {what} needs a pattern or a list of non-empty "
                                "patterns")
        return [" ".join(p.split()) for p in value]

    rows = []
    for family, spec in data.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("terms"), dict) or not spec["terms"]:
            raise NewslensError(f"{where}: family {family!r} needs a 'terms' mapping of "
                                "term -> pattern(s)")
        label = str(spec.get("label", family))
        for term, patterns in spec["terms"].items():
            for p in patterns_of(patterns, f"term {term!r} of family {family!r}"):
                rows.append({"family": str(family), "family_label": label, "term": str(term),
                             "pattern": p, "exclude": False})
        if spec.get("exclude") is not None:
            for p in patterns_of(spec["exclude"], f"'exclude' of family {family!r}"):
                rows.append({"family": str(family), "family_label": label, "term": "",
                             "pattern": p, "exclude": True})
    return pd.DataFrame(rows, columns=FRAMING_COLUMNS)


def framing_table(dictionary: pd.DataFrame | str | Path | None) -> pd.DataFrame:
    """A framing dictionary given any way (``None``: the bundled file, a YAML path, or a
    table with at least ``family, term, pattern``) as a :func:`load_framing` table."""
    if dictionary is None or isinstance(dictionary, (str, Path)):
        return load_framing(dictionary)
    if isinstance(dictionary, pd.DataFrame):
        missing = {"family", "term", "pattern"} - set(dictionary.columns)
        if missing:
            raise NewslensError(f"a framing table needs columns family, term, pattern; "
                                f"missing {sorted(missing)}")
        out = dictionary.copy()
        if "family_label" not in out.columns:
            out["family_label"] = out["family"]
        if "exclude" not in out.columns:
            out["exclude"] = False
        out["exclude"] = out["exclude"].fillna(False).astype(bool)
        return out[FRAMING_COLUMNS].reset_index(drop=True)
    raise TypeError("dictionary must be None, a path or a DataFrame from load_framing()")


def is_glob(token: str) -> bool:
    """Whether a token pattern has a wildcard (``*``, ``?`` or ``[``)."""
    return any(ch in token for ch in "*?[")


def pattern_tokens(pattern: str) -> tuple[str, ...]:
    """A pattern's token patterns: globs lowercased as written, other words tokenised like
    the text (so "Assad's forces" is ``assad``, ``forces``)."""
    out: list[str] = []
    for part in pattern.split():
        if is_glob(part):
            out.append(part.lower())
        else:
            out += [t for t in raw_tokens(part) if t not in BREAKERS]
    return tuple(out)


def glob_regex(glob: str) -> re.Pattern:
    """The compiled regular expression of a one-token glob (:func:`fnmatch.translate`)."""
    return re.compile(fnmatch.translate(glob), re.DOTALL)


class FramingMatcher:
    """Counts a framing dictionary's patterns in token-id streams (see :func:`framing_rates`).

    Every distinct token pattern gets a boolean look-up table over the vocabulary ids, so a
    pattern position is tested with one array gather; within a family, longer patterns are
    matched first and a token run counts for one term only.
    """

    def __init__(self, table: pd.DataFrame) -> None:
        self.table = table
        counted = table[~table["exclude"]]
        entries = counted[["family", "term"]].drop_duplicates().reset_index(drop=True)
        self.entries = entries
        index = {(f, t): i for i, (f, t) in enumerate(entries.itertuples(index=False))}
        self.families: dict[str, list[_Pattern]] = {}
        for row in table.itertuples(index=False):
            toks = pattern_tokens(row.pattern)
            if toks:
                # entry -1: an exclusion, which consumes its stretch without counting it
                entry = -1 if row.exclude else index[(row.family, row.term)]
                self.families.setdefault(row.family, []).append(_Pattern(entry, toks))
        for fam, pats in self.families.items():
            # Longest pattern first (a run of "rebel fighters" is not also "fighters"), an
            # exclusion before a term pattern of the same length; ties in file order.
            pats.sort(key=lambda p: (-len(p.tokens), p.entry >= 0))
        self.token_patterns = sorted({t for pats in self.families.values()
                                      for p in pats for t in p.tokens})
        self.globs = {t: (glob_regex(t), re.split(r"[*?\[]", t, maxsplit=1)[0])
                      for t in self.token_patterns if is_glob(t)}
        self.lut = {t: np.zeros(0, dtype=bool) for t in self.token_patterns}
        self.first = np.zeros(0, dtype=bool)
        self.n_entries = len(entries)

    def update(self, vocab: dict, names: list[str]) -> None:
        """Extend the look-up tables to vocabulary ids added since the last call."""
        old, new = len(self.first), len(names)
        if new == old:
            return
        for t in self.token_patterns:
            grown = np.zeros(new, dtype=bool)
            grown[:old] = self.lut[t]
            if t in self.globs:
                rx, prefix = self.globs[t]
                for i in range(old, new):
                    s = names[i]
                    if s.startswith(prefix) and rx.match(s):
                        grown[i] = True
            else:
                i = vocab.get(t)
                if i is not None:
                    grown[i] = True
            self.lut[t] = grown
        first = np.zeros(new, dtype=bool)
        for pats in self.families.values():
            for p in pats:
                first |= self.lut[p.tokens[0]]
        self.first = first

    def count(self, ids: np.ndarray, rows: np.ndarray, n_docs: int) -> np.ndarray:
        """Documents x entries counts for one chunk's id stream (``rows``: document of each
        position)."""
        out = np.zeros((n_docs, self.n_entries), dtype=np.int64)
        n = len(ids)
        cand = np.flatnonzero(self.first[ids])
        if not len(cand):
            return out
        for pats in self.families.values():
            consumed = np.zeros(n, dtype=bool)
            for p in pats:
                k = len(p.tokens)
                pos = cand[self.lut[p.tokens[0]][ids[cand]] & (cand <= n - k)]
                for j in range(1, k):
                    if not len(pos):
                        break
                    pos = pos[self.lut[p.tokens[j]][ids[pos + j]]]
                if not len(pos):
                    continue
                span = pos[:, None] + np.arange(k)
                pos = pos[~consumed[span].any(axis=1)]
                if len(pos) > 1 and k > 1 and np.any(np.diff(pos) < k):
                    kept, end = [], -1
                    for q in pos.tolist():
                        if q >= end:
                            kept.append(q)
                            end = q + k
                    pos = np.array(kept, dtype=np.int64)
                consumed[pos[:, None] + np.arange(k)] = True
                if p.entry >= 0:
                    np.add.at(out, (rows[pos], p.entry), 1)
        return out

