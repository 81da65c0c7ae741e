"""Which words set each outlet apart: term frequencies, keyness, framing vocabulary.

Tables (all tidy, sorted, one row per group and term):

- :func:`term_frequencies` -> ``group, term, count, per_10k, doc_freq``
- :func:`keyness` -> ``group, term, statistic, score, count_group, count_rest, p_value``
  (one group against all the others; log-odds ratio with an informative Dirichlet prior,
  or signed log-likelihood G²)
- :func:`framing_rates` -> ``group, family, term, count, words, per_10k, share`` from an
  editable dictionary of term families (``resources/framing.yaml``)
- :func:`collocations` -> ``term, w1, w2, count, score`` (NLTK, likelihood ratio)
- :func:`kwic` -> ``doc_id, outlet, left, keyword, right, start, end``: every number can
  be read back in its sentences.

All of them read ``text_clean`` (the cleaning stage's output) and fall back to ``text``.
Words are the tokens of :mod:`newslens.tokens`; the whole corpus is tokenised once by
:func:`count_terms`, whose result can be passed to the other functions as ``counts=`` so
that a notebook or the pipeline does not tokenise the same texts twice.
"""
from __future__ import annotations

import fnmatch
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy import special

from .config import RESOURCES_DIR, RunConfig
from .errors import NewslensError
from .tokens import (
    BREAKERS, TOKEN_RE, _term_map, merge_phrases, normalise_text,
    raw_tokens, resolve_phrases, resolve_stop_words, stem_term, token_spans,
)

#: The bundled framing dictionary.
FRAMING_PATH = RESOURCES_DIR / "framing.yaml"

#: Token options of the term tables (see :func:`newslens.tokens.tokenize`): numbers are
#: dropped (a date or a casualty figure is not vocabulary), stop words are scikit-learn's
#: list adjusted by the domain list, multi-word names from the phrase list are one term,
#: one-letter tokens are dropped (as scikit-learn's default pattern does).
DEFAULT_TOKEN_OPTIONS = {"numbers": "drop", "stop_words": "default", "phrases": "default",
                         "stem": False, "min_length": 2}

#: ``terms.csv`` on a big corpus: per group, terms counted at least twice, at most the
#: 500 most frequent. A group's full vocabulary is mostly words used once, which no
#: comparison can use; 491 AllSides outlets x 500 terms is 245,500 rows.
STAGE_TERMS_MIN_COUNT = 2
STAGE_TERMS_TOP_N = 500
#: ``keyness.csv``: per group and statistic, the 50 highest and the 50 lowest scores among
#: terms seen at least 3 times in the corpus.
STAGE_KEYNESS_TOP_N = 50
STAGE_KEYNESS_MIN_COUNT = 3

KEYNESS_METHODS = ("log_odds_dirichlet", "g2")

# Separates documents in the token-id stream; never produced by the token regex.
_SEP = "\x00"


# --------------------------------------------------------------------------- inputs

def _texts(df: pd.DataFrame) -> list:
    col = "text_clean" if "text_clean" in df.columns else "text"
    if col not in df.columns:
        raise NewslensError("the table has neither a 'text_clean' nor a 'text' column")
    return df[col].tolist()


def _group_labels(df: pd.DataFrame, by: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Group codes per row and the sorted group labels; a missing value is "unknown"."""
    if by is None:
        return np.zeros(len(df), dtype=np.int64), np.array(["all"], dtype=object)
    if by not in df.columns:
        raise NewslensError(f"cannot group by {by!r}: no such column "
                            f"(columns: {', '.join(map(str, df.columns))})")
    values = df[by].astype(object).where(df[by].notna(), "unknown").astype(str)
    codes, labels = pd.factorize(values, sort=True)
    return codes.astype(np.int64), np.asarray(labels, dtype=object)


def _indicator(codes: np.ndarray, n_groups: int) -> sp.csr_matrix:
    """Groups x documents 0/1 matrix, so that ``G @ X`` sums documents per group."""
    n = len(codes)
    return sp.csr_matrix((np.ones(n, dtype=np.int64), (codes, np.arange(n))),
                         shape=(n_groups, n))


# ---------------------------------------------------------------------- the framing
# dictionary is parsed here because the corpus scan below also counts its patterns.

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
    list of patterns) and, optionally, patterns to exclude (see ``resources/framing.yaml``)::

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


def _framing_table(dictionary: pd.DataFrame | str | Path | None) -> pd.DataFrame:
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


def _is_glob(token: str) -> bool:
    return any(ch in token for ch in "*?[")


def _pattern_tokens(pattern: str) -> tuple[str, ...]:
    """A pattern's token patterns: globs lowercased as written, other words tokenised like
    the text (so "Assad's forces" is ``assad``, ``forces``)."""
    out: list[str] = []
    for part in pattern.split():
        if _is_glob(part):
            out.append(part.lower())
        else:
            out += [t for t in raw_tokens(part) if t not in BREAKERS]
    return tuple(out)


def _glob_regex(glob: str) -> re.Pattern:
    return re.compile(fnmatch.translate(glob), re.DOTALL)


class _FramingMatcher:
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
            toks = _pattern_tokens(row.pattern)
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
        self.globs = {t: (_glob_regex(t), re.split(r"[*?\[]", t, maxsplit=1)[0])
                      for t in self.token_patterns if _is_glob(t)}
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


# ------------------------------------------------------------------------- counting

@dataclass(frozen=True, eq=False)
class TermCounts:
    """A corpus tokenised once: document-term counts and per-document word totals.

    Attributes
    ----------
    matrix : documents x terms counts (``scipy.sparse.csr_matrix``, int64), rows in the
        order of the DataFrame given to :func:`count_terms`.
    terms : the column names, sorted alphabetically (so column order is a tie-break key).
    words : words per document (every token except numbers and punctuation, stop words
        included; a merged phrase is one word), the denominator of "per 10,000 words".
    doc_ids : the documents' ids.
    options : the token options used.
    framing : documents x dictionary entries counts when a framing dictionary was given.
    framing_entries : ``family, term`` of each framing column.
    """

    matrix: sp.csr_matrix
    terms: np.ndarray
    words: np.ndarray
    doc_ids: np.ndarray
    options: dict
    framing: np.ndarray | None = None
    framing_entries: pd.DataFrame | None = None
    framing_table: pd.DataFrame | None = field(default=None, repr=False)


class _CanonicalColumns:
    """Raw token id -> output term column(s), grown as the vocabulary grows.

    Every rule that depends only on the word form (numbers, abbreviations, junk, stop
    words, minimum length, stems: :func:`newslens.tokens.canonical_terms` and the filters
    of :func:`newslens.tokens.tokenize`) is applied here once per distinct raw form; the
    counts are then moved to their columns by a sparse product, which also sums the
    duplicates. Output columns are numbered in order of first appearance.
    """

    def __init__(self, *, keep_numbers: bool, stop: frozenset[str], min_length: int,
                 stem: bool) -> None:
        self.tmap = _term_map(keep_numbers, stop, min_length, True)
        self.wmap = _term_map(False, frozenset(), 1, True)   # the word count's filter
        self.stem = stem
        self.single = array("q")      # column of each raw id; -1 none, -2 several
        self.weight = array("q")      # words each raw id stands for
        self.multi: dict[int, list[int]] = {}
        self.index: dict[str, int] = {}
        self.terms: list[str] = []

    def extend(self, names: Sequence[str]) -> None:
        index, terms = self.index, self.terms
        for i in range(len(self.single), len(names)):
            name = names[i]
            if name == _SEP:
                self.single.append(-1)
                self.weight.append(0)
                continue
            self.weight.append(len(self.wmap[name]))
            outs = self.tmap[name]
            if self.stem:
                outs = tuple(stem_term(t) for t in outs)
            cols = []
            for t in outs:
                j = index.get(t)
                if j is None:
                    j = index[t] = len(terms)
                    terms.append(t)
                cols.append(j)
            if not cols:
                self.single.append(-1)
            elif len(cols) == 1:
                self.single.append(cols[0])
            else:
                self.single.append(-2)
                self.multi[i] = cols

    def matrix(self) -> sp.csr_matrix:
        """Raw ids x output columns, 0/1 (a count if a raw form repeats a term)."""
        single = np.frombuffer(self.single, dtype=np.int64)
        rows = np.flatnonzero(single >= 0)
        cols = single[rows]
        if self.multi:
            extra_r = [i for i, cs in self.multi.items() for _ in cs]
            extra_c = [c for cs in self.multi.values() for c in cs]
            rows = np.concatenate([rows, np.array(extra_r, dtype=np.int64)])
            cols = np.concatenate([cols, np.array(extra_c, dtype=np.int64)])
        return sp.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)),
                             shape=(len(single), len(self.terms)))


def _scan(texts: Sequence, *, keep_numbers: bool, phrase_seqs, columns: _CanonicalColumns,
          matcher: _FramingMatcher | None, chunk_size: int = 2000):
    """Tokenise every text once; return documents x term counts (columns in order of first
    appearance), words per document and the framing counts.

    Per chunk of documents, the token strings of each text are mapped to integer ids by a
    ``defaultdict`` whose missing-key factory is its own length (scikit-learn's
    ``CountVectorizer`` trick: the per-token work stays in C). Phrases are merged and the
    framing patterns matched on the chunk's id stream with numpy; the stream is already
    in document order, so it *is* a CSR matrix (with repeated columns), and one sparse
    product with :meth:`_CanonicalColumns.matrix` sums the repeats and applies the
    word-form rules.
    """
    vocab: dict[str, int] = defaultdict()
    vocab.default_factory = vocab.__len__
    get = vocab.__getitem__
    sep = get(_SEP)
    phrase_ids = [[get(w) for w in s] for s in phrase_seqs]
    out_ids = [get(" ".join(s)) for s in phrase_seqs]
    findall = TOKEN_RE.findall
    parts, words, framing_parts = [], [], []
    for start in range(0, len(texts), chunk_size):
        chunk = texts[start:start + chunk_size]
        stream: list[int] = []
        for text in chunk:
            if isinstance(text, str) and text:
                stream += map(get, findall(normalise_text(text, join_digit_groups=keep_numbers)))
            stream.append(sep)
        ids = np.fromiter(stream, dtype=np.int64, count=len(stream))
        del stream
        names = list(vocab)
        if matcher is not None:
            matcher.update(vocab, names)
            is_sep = ids == sep
            framing_parts.append(matcher.count(ids, np.cumsum(is_sep) - is_sep, len(chunk)))
        if phrase_ids:
            ids = merge_phrases(ids, phrase_ids, out_ids)
        columns.extend(names)
        ends = np.flatnonzero(ids == sep)
        lengths = np.diff(ends, prepend=-1) - 1
        indptr = np.zeros(len(chunk) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        indices = ids[ids != sep]
        raw = sp.csr_matrix((np.ones(len(indices), dtype=np.int64), indices, indptr),
                            shape=(len(chunk), len(names)))
        parts.append((raw @ columns.matrix()).tocsr())
        words.append(raw @ np.frombuffer(columns.weight, dtype=np.int64))
    n_terms = len(columns.terms)
    data = [m.data for m in parts]
    indices = [m.indices.astype(np.int64) for m in parts]
    indptr, offset = [np.zeros(1, dtype=np.int64)], 0
    for m in parts:
        indptr.append(m.indptr[1:].astype(np.int64) + offset)
        offset += m.nnz
    matrix = sp.csr_matrix((np.concatenate(data) if data else np.zeros(0, np.int64),
                            np.concatenate(indices) if indices else np.zeros(0, np.int64),
                            np.concatenate(indptr)), shape=(len(texts), n_terms))
    words_arr = (np.concatenate(words).astype(np.int64) if words
                 else np.zeros(0, dtype=np.int64))
    framing = (np.vstack(framing_parts) if framing_parts
               else np.zeros((len(texts), matcher.n_entries if matcher else 0), dtype=np.int64))
    return matrix, words_arr, framing


def _ngram_counts(texts: Sequence, *, options: dict, ngram_range: tuple[int, int]):
    """Documents x n-grams counts on the per-document path (n-grams need token order)."""
    from .tokens import ngrams as make_ngrams, token_segments

    vocab: dict[str, int] = defaultdict()
    vocab.default_factory = vocab.__len__
    rows, cols, vals, words = [], [], [], []
    for i, text in enumerate(texts):
        c: Counter = Counter()
        for seg in token_segments(text, **options):
            c.update(make_ngrams(seg, ngram_range))
        rows += [i] * len(c)
        cols += [vocab[t] for t in c]
        vals += c.values()
        words.append(_word_count(text, options.get("phrases")))
    m = sp.csr_matrix((np.array(vals, dtype=np.int64), (np.array(rows, dtype=np.int64),
                       np.array(cols, dtype=np.int64))), shape=(len(texts), len(vocab)))
    return m, list(vocab), np.array(words, dtype=np.int64)


def _word_count(text, phrases) -> int:
    """Words of ``text`` as :func:`count_terms` counts them (numbers out, stop words in,
    a merged phrase is one word)."""
    from .tokens import tokenize

    return len(tokenize(text, numbers="drop", phrases=phrases))


def count_terms(
    df: pd.DataFrame,
    *,
    ngram_range: tuple[int, int] = (1, 1),
    numbers: str = "drop",
    stop_words: Collection[str] | str | None = "default",
    phrases: Iterable[str] | str | None = "default",
    stem: bool = False,
    min_length: int = 2,
    framing: pd.DataFrame | str | Path | None | bool = False,
) -> TermCounts:
    """Tokenise a corpus once: documents x terms counts.

    Parameters
    ----------
    df : articles with ``text_clean`` (or ``text``) and ``doc_id``.
    ngram_range : (min, max) n-gram lengths; n-grams are formed after stop-word removal
        (as scikit-learn does) but never across punctuation or documents.
    numbers, stop_words, phrases, stem, min_length : token options, exactly as
        :func:`newslens.tokens.tokenize` (defaults: :data:`DEFAULT_TOKEN_OPTIONS`).
    framing : also count a framing dictionary in the same pass (``None`` = the bundled
        one, a path, or a table from :func:`load_framing`); ``False`` = do not.

    Returns
    -------
    TermCounts

    Notes
    -----
    Unigrams take the fast path: one regex pass per text, ids in C, and every rule that
    depends only on the word form (numbers, abbreviations, stop words, minimum length,
    stems) applied once per distinct form by mapping vocabulary columns. The result is
    the same as counting :func:`newslens.tokens.tokenize` per document (tested).
    """
    if numbers not in ("keep", "drop"):
        raise ValueError(f"numbers must be 'keep' or 'drop', got {numbers!r}")
    options = {"numbers": numbers, "stop_words": stop_words, "phrases": phrases,
               "stem": stem, "min_length": min_length}
    texts = _texts(df)
    table = None if framing is False else _framing_table(framing)
    matcher = _FramingMatcher(table) if table is not None else None
    keep_numbers = numbers == "keep"
    seqs = resolve_phrases(phrases)
    if tuple(ngram_range) == (1, 1):
        columns = _CanonicalColumns(keep_numbers=keep_numbers,
                                    stop=resolve_stop_words(stop_words),
                                    min_length=min_length, stem=stem)
        matrix, words, fr = _scan(texts, keep_numbers=keep_numbers, phrase_seqs=seqs,
                                  columns=columns, matcher=matcher)
        names = columns.terms
    else:
        matrix, names, words = _ngram_counts(texts, options=options,
                                             ngram_range=tuple(ngram_range))
        fr = None
        if matcher is not None:
            _, _, fr = _scan(texts, keep_numbers=keep_numbers, phrase_seqs=(),
                             columns=_CanonicalColumns(keep_numbers=False, stop=frozenset(),
                                                       min_length=1, stem=False),
                             matcher=matcher)
    # Columns in alphabetical order, so that the column index is the tie-break key.
    terms = np.array(names, dtype=object)
    order = np.argsort(terms, kind="stable") if len(terms) else np.zeros(0, dtype=np.int64)
    rank = np.empty(len(terms), dtype=np.int64)
    rank[order] = np.arange(len(terms))
    matrix = sp.csr_matrix((matrix.data, rank[matrix.indices], matrix.indptr), shape=matrix.shape)
    terms = terms[order]
    matrix.sort_indices()
    doc_ids = df["doc_id"].astype(str).to_numpy(dtype=object) if "doc_id" in df.columns \
        else np.arange(len(df)).astype(str).astype(object)
    return TermCounts(matrix=matrix, terms=terms, words=words, doc_ids=doc_ids,
                      options={**options, "ngram_range": tuple(ngram_range)},
                      framing=fr if matcher is not None else None,
                      framing_entries=matcher.entries if matcher is not None else None,
                      framing_table=table)


def _counts_for(df: pd.DataFrame, counts: TermCounts | None, **options) -> TermCounts:
    if counts is None:
        return count_terms(df, **options)
    if counts.matrix.shape[0] != len(df):
        raise ValueError(f"counts has {counts.matrix.shape[0]} documents but the table has "
                         f"{len(df)} rows; pass the DataFrame given to count_terms()")
    return counts


@dataclass(frozen=True, eq=False)
class GroupCounts:
    """A :class:`TermCounts` summed per group: everything the term tables need.

    :func:`term_frequencies`, :func:`keyness` and :func:`framing_rates` only use sums over
    each group's documents, and sums over disjoint sets of documents add. So a corpus can
    be counted in partitions (on several processes or machines, see
    :mod:`newslens.distributed`), each partition summed per group
    (:func:`count_partition`), and the partitions added (:func:`merge_group_counts`):
    the tables are the same as from the whole corpus counted at once, bit for bit (every
    sum is of integers).

    Attributes
    ----------
    labels : the group labels, sorted.
    terms : the term columns, sorted alphabetically (as :class:`TermCounts`).
    counts : groups x terms, :math:`c_{gt} = \\sum_{d \\in g} x_{dt}` (CSR, int64).
    doc_freq : groups x terms, documents of the group containing the term (same sparsity
        pattern as ``counts``).
    words : words per group (the denominator of "per 10,000 words").
    n_docs : documents counted.
    options : the token options used.
    framing : groups x framing entries counts, when a framing dictionary was counted.
    framing_entries, framing_table : as in :class:`TermCounts`.
    """

    labels: np.ndarray
    terms: np.ndarray
    counts: sp.csr_matrix
    doc_freq: sp.csr_matrix
    words: np.ndarray
    n_docs: int
    options: dict
    framing: np.ndarray | None = None
    framing_entries: pd.DataFrame | None = None
    framing_table: pd.DataFrame | None = field(default=None, repr=False)


def _canonical(m) -> sp.csr_matrix:
    m = sp.csr_matrix(m, dtype=np.int64)
    m.sum_duplicates()
    m.sort_indices()
    return m


def group_counts(counts: TermCounts, df: pd.DataFrame, *, by: str | None = "outlet"
                 ) -> GroupCounts:
    """Sum a :class:`TermCounts` of ``df`` over the groups of column ``by``.

    With :math:`G` the groups x documents 0/1 matrix: ``counts = G X``,
    ``doc_freq = G [X > 0]``, ``words = G w`` and ``framing = G F``.
    """
    counts = _counts_for(df, counts)
    codes, labels = _group_labels(df, by)
    G = _indicator(codes, len(labels))
    X = counts.matrix
    present = sp.csr_matrix((np.ones_like(X.data), X.indices, X.indptr), shape=X.shape)
    framing = (np.asarray(G @ counts.framing) if counts.framing is not None else None)
    return GroupCounts(labels=labels, terms=counts.terms, counts=_canonical(G @ X),
                       doc_freq=_canonical(G @ present),
                       words=np.asarray(G @ counts.words).ravel().astype(np.int64),
                       n_docs=X.shape[0], options=counts.options, framing=framing,
                       framing_entries=counts.framing_entries,
                       framing_table=counts.framing_table)


def count_partition(df: pd.DataFrame, *, by: str | None = "outlet",
                    framing: pd.DataFrame | str | Path | None | bool = None,
                    **token_options) -> GroupCounts:
    """Count a corpus (or one partition of it) and sum per group: :func:`count_terms`
    followed by :func:`group_counts`. ``token_options`` default to
    :data:`DEFAULT_TOKEN_OPTIONS`; ``framing`` as in :func:`count_terms` (None = the bundled
    dictionary)."""
    options = {**DEFAULT_TOKEN_OPTIONS, **token_options}
    return group_counts(count_terms(df, framing=framing, **options), df, by=by)


def _remap(m: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray, shape) -> sp.csr_matrix:
    coo = m.tocoo()
    return sp.csr_matrix((coo.data, (rows[coo.row], cols[coo.col])), shape=shape)


def merge_group_counts(parts: Sequence[GroupCounts]) -> GroupCounts:
    """The :class:`GroupCounts` of several disjoint sets of documents together.

    Group labels and terms are the sorted unions of the parts'; each part's matrices are
    moved to the merged rows and columns and added. Integer sums, so the order of the
    parts does not matter and the result equals :func:`group_counts` of all documents at
    once.
    """
    parts = list(parts)
    if not parts:
        raise ValueError("nothing to merge")
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    for p in parts[1:]:
        if p.options != first.options:
            raise ValueError("the parts were counted with different token options")
        if (p.framing is None) != (first.framing is None) or (
                p.framing_table is not None and not p.framing_table.equals(first.framing_table)):
            raise ValueError("the parts were counted with different framing dictionaries")
    labels = np.array(sorted(set().union(*(p.labels.tolist() for p in parts))), dtype=object)
    terms = np.array(sorted(set().union(*(p.terms.tolist() for p in parts))), dtype=object)
    shape = (len(labels), len(terms))
    counts = sp.csr_matrix(shape, dtype=np.int64)
    doc_freq = sp.csr_matrix(shape, dtype=np.int64)
    words = np.zeros(len(labels), dtype=np.int64)
    framing = (np.zeros((len(labels), first.framing.shape[1]), dtype=np.int64)
               if first.framing is not None else None)
    for p in parts:
        rows = np.searchsorted(labels, p.labels) if len(p.labels) else np.zeros(0, np.int64)
        cols = np.searchsorted(terms, p.terms) if len(p.terms) else np.zeros(0, np.int64)
        counts = counts + _remap(p.counts, rows, cols, shape)
        doc_freq = doc_freq + _remap(p.doc_freq, rows, cols, shape)
        np.add.at(words, rows, p.words)
        if framing is not None:
            np.add.at(framing, rows, p.framing)
    return GroupCounts(labels=labels, terms=terms, counts=_canonical(counts),
                       doc_freq=_canonical(doc_freq), words=words,
                       n_docs=sum(p.n_docs for p in parts), options=first.options,
                       framing=framing, framing_entries=first.framing_entries,
                       framing_table=first.framing_table)


# ---------------------------------------------------------------- term frequencies

def term_frequencies(
    df: pd.DataFrame,
    *,
    by: str | None = "outlet",
    ngram_range: tuple[int, int] = (1, 1),
    min_count: int = 1,
    top_n: int | None = None,
    counts: TermCounts | None = None,
    **token_options,
) -> pd.DataFrame:
    """How often each group uses each term.

    Parameters
    ----------
    df : articles (``text_clean`` or ``text``; the ``by`` column).
    by : column whose values are the groups (``None``: the whole corpus, group "all").
    ngram_range : n-gram lengths, as in :func:`count_terms`.
    min_count : keep rows with ``count >= min_count``.
    top_n : keep at most the ``top_n`` most frequent terms per group (ties: term order).
    counts : the result of :func:`count_terms` on ``df`` (skips tokenising again; then
        ``ngram_range`` and ``token_options`` are those of ``counts``).
    **token_options : numbers, stop_words, phrases, stem, min_length (see
        :func:`count_terms`).

    Returns
    -------
    DataFrame ``group, term, count, per_10k, doc_freq``, sorted by group, count
    (descending), term. For group :math:`g` with :math:`W_g` words (every token except
    numbers and punctuation, stop words included) and term :math:`t` counted
    :math:`c_{gt}` times in it, ``per_10k`` :math:`= 10^4 \\, c_{gt} / W_g`; ``doc_freq`` is
    the number of the group's documents that contain the term.

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"],
    ...                    "text_clean": ["The regime's forces.", "Regime forces, regime!"]})
    >>> term_frequencies(df).round(1)
      group    term  count  per_10k  doc_freq
    0     X  regime      3   5000.0         2
    1     X  forces      2   3333.3         2
    """
    counts = _counts_for(df, counts, ngram_range=ngram_range, **token_options)
    return _frequency_rows(group_counts(counts, df, by=by), min_count=min_count, top_n=top_n)


def _frequency_rows(grouped: GroupCounts, *, min_count: int, top_n: int | None) -> pd.DataFrame:
    """:func:`term_frequencies` from per-group sums."""
    labels = grouped.labels
    gc, gd = grouped.counts, grouped.doc_freq
    # Counts and document frequencies have the same sparsity pattern (a term with a
    # positive count is in at least one document), so their data arrays align.
    words = grouped.words
    g = np.repeat(np.arange(gc.shape[0], dtype=np.int64), np.diff(gc.indptr))
    t = gc.indices.astype(np.int64)
    c = gc.data.astype(np.int64)
    d = gd.data.astype(np.int64)
    keep = c >= min_count
    g, t, c, d = g[keep], t[keep], c[keep], d[keep]
    order = np.lexsort((t, -c, g))  # column order is alphabetical: t is the tie-break
    g, t, c, d = g[order], t[order], c[order], d[order]
    if top_n is not None:
        starts = np.searchsorted(g, g, side="left")
        sel = (np.arange(len(g)) - starts) < top_n
        g, t, c, d = g[sel], t[sel], c[sel], d[sel]
    with np.errstate(divide="ignore", invalid="ignore"):
        per = np.where(words[g] > 0, c * 1e4 / np.maximum(words[g], 1), np.nan)
    return pd.DataFrame({"group": labels[g], "term": grouped.terms[t], "count": c,
                         "per_10k": per, "doc_freq": d})


# --------------------------------------------------------------------------- keyness

def log_odds_dirichlet(y_i, n_i, y_j, n_j, alpha, alpha0):
    """z-score of the log-odds ratio with an informative Dirichlet prior.

    Monroe, Colaresi & Quinn (2008), "Fightin' words", eq. 16-22. For a term with counts
    :math:`y_i` in group :math:`i` (of :math:`n_i` counted tokens) and :math:`y_j` in the
    rest (of :math:`n_j`), and prior pseudo-counts :math:`\\alpha_w` summing to
    :math:`\\alpha_0`:

    .. math::

        \\delta = \\log\\frac{y_i + \\alpha_w}{n_i + \\alpha_0 - y_i - \\alpha_w}
                - \\log\\frac{y_j + \\alpha_w}{n_j + \\alpha_0 - y_j - \\alpha_w}

        \\sigma^2(\\delta) \\approx \\frac{1}{y_i + \\alpha_w} + \\frac{1}{y_j + \\alpha_w},
        \\qquad z = \\delta / \\sqrt{\\sigma^2(\\delta)}

    All arguments broadcast (numpy arrays).
    """
    delta = (np.log(y_i + alpha) - np.log(n_i + alpha0 - y_i - alpha)
             - np.log(y_j + alpha) + np.log(n_j + alpha0 - y_j - alpha))
    return delta / np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))


def signed_g2(y_i, n_i, y_j, n_j):
    """Dunning's (1993) log-likelihood G² of the 2 x 2 table, signed by the direction.

    Cells: :math:`O_{11} = y_i` (term in group), :math:`O_{12} = y_j` (term in rest),
    :math:`O_{21} = n_i - y_i`, :math:`O_{22} = n_j - y_j`; expected counts
    :math:`E_{rc} = R_r C_c / N` from the row totals :math:`R` (term, other terms), the
    column totals :math:`C` (:math:`n_i`, :math:`n_j`) and :math:`N = n_i + n_j`:

    .. math::

        G^2 = 2 \\sum_{r,c} O_{rc} \\ln \\frac{O_{rc}}{E_{rc}} \\qquad (0 \\ln 0 = 0)

    The sign is + when the term is relatively more frequent in the group
    (:math:`y_i / n_i > y_j / n_j`), - otherwise. This is the full four-cell statistic
    (as quanteda's ``textstat_keyness(measure = "lr")`` without correction), not Rayson's
    two-cell shortcut. Under independence G² follows :math:`\\chi^2_1`.
    """
    N = n_i + n_j
    row1 = y_i + y_j
    row2 = N - row1
    g2 = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        for obs, expected in ((y_i, n_i * row1 / N), (y_j, n_j * row1 / N),
                              (n_i - y_i, n_i * row2 / N), (n_j - y_j, n_j * row2 / N)):
            g2 = g2 + special.xlogy(obs, obs / expected)
    g2 = np.maximum(2.0 * g2, 0.0)  # rounding can leave -1e-15 for identical rates
    sign = np.sign(y_i * n_j - y_j * n_i)
    return sign * g2


def _top_mask(s: np.ndarray, k: int) -> np.ndarray:
    """Per row, a mask of the ``k`` largest values; ties at the cut-off go to the lowest
    column index (alphabetical term order), so the choice is deterministic."""
    kth = -np.partition(-s, k - 1, axis=1)[:, k - 1:k]   # k-th largest value per row
    above = s > kth
    need = k - above.sum(axis=1, keepdims=True)
    tie = s == kth
    return above | (tie & (np.cumsum(tie, axis=1) <= need))


def keyness(
    df: pd.DataFrame,
    *,
    by: str | None = "outlet",
    method: str = "log_odds_dirichlet",
    min_count: int = 3,
    top_n: int | None = None,
    alpha0: float | None = None,
    counts: TermCounts | None = None,
    **token_options,
) -> pd.DataFrame:
    """Which terms each group uses more (or less) than all the other groups together.

    Parameters
    ----------
    df : articles (``text_clean`` or ``text``; the ``by`` column).
    by : the grouping column; each group is compared with the rest of the corpus.
    method : ``"log_odds_dirichlet"`` (Monroe, Colaresi & Quinn 2008; ``score`` is the
        z-score, see :func:`log_odds_dirichlet`) or ``"g2"`` (Dunning 1993; ``score`` is
        the signed G², see :func:`signed_g2`).
    min_count : only terms counted at least this often in the whole corpus.
    top_n : per group keep the ``top_n`` highest and the ``top_n`` lowest scores
        (``None``: every term, including those the group never uses: that can be
        groups x vocabulary rows).
    alpha0 : prior size :math:`\\alpha_0` of the log-odds method. The prior is the whole
        corpus: :math:`\\alpha_w = \\alpha_0 \\, y_w / N` with :math:`y_w` the term's corpus
        count and :math:`N` the corpus size. ``None`` = :math:`N`, i.e. the corpus counts
        themselves (Jurafsky et al. 2014's usage of the method); smaller values shrink
        less and give larger z-scores.
    counts : the result of :func:`count_terms` on ``df``.
    **token_options : as :func:`count_terms`.

    Returns
    -------
    DataFrame ``group, term, statistic, score, count_group, count_rest, p_value``, sorted
    by group, score (descending), term. ``p_value`` is two-sided: :math:`2\\Phi(-|z|)` for
    the log-odds z-score, :math:`P(\\chi^2_1 > G^2)` for G². Counts and totals are of the
    counted tokens (stop words and numbers excluded). With fewer than two groups the table
    is empty: there is no rest to compare with.

    Notes
    -----
    Computed block-wise on dense groups x terms arrays (numpy), so 491 outlets x 60,000
    terms never sit in memory at once. Most cells are terms the group never uses
    (:math:`y_i = 0`), for which the statistics reduce to one logarithm per cell:

    .. math::

        z_0 = \\left[\\ln\\alpha_w - \\ln(n_i + \\alpha_0 - \\alpha_w) - \\ln(y_w + \\alpha_w)
              + \\ln(n_j + \\alpha_0 - y_w - \\alpha_w)\\right] \\Big/
              \\sqrt{1/\\alpha_w + 1/(y_w + \\alpha_w)}

        G^2_0 = 2\\left[y_w \\ln\\frac{N}{n_j} - n_i \\ln\\left(1 - \\frac{y_w}{N}\\right)
               + (n_j - y_w) \\ln\\left(1 - \\frac{y_w n_i}{n_j (N - y_w)}\\right)\\right]

    (the second is the four-cell G² with :math:`O_{11} = 0`, written with ``log1p`` so that
    nothing cancels, and :math:`0 \\ln 0 = 0`); the non-zero cells use the full formulas. Tests check both against
    the full formulas.
    """
    if method not in KEYNESS_METHODS:
        raise ValueError(f"method must be one of {KEYNESS_METHODS}, got {method!r}")
    counts = _counts_for(df, counts, **token_options)
    return _keyness_rows(group_counts(counts, df, by=by), method=method, min_count=min_count,
                         top_n=top_n, alpha0=alpha0)


def _keyness_rows(grouped: GroupCounts, *, method: str, min_count: int, top_n: int | None,
                  alpha0: float | None) -> pd.DataFrame:
    """:func:`keyness` from per-group sums."""
    columns = ["group", "term", "statistic", "score", "count_group", "count_rest", "p_value"]
    labels = grouped.labels
    if len(labels) < 2:
        return pd.DataFrame({c: pd.Series(dtype=float if c in ("score", "p_value") else object)
                             for c in columns})
    K = grouped.counts.astype(np.float64)
    # Totals over every counted token: min_count only limits which terms are scored.
    n_g = np.asarray(K.sum(axis=1)).ravel()
    N = float(n_g.sum())
    y_w = np.asarray(K.sum(axis=0)).ravel()
    keep_t = np.flatnonzero(y_w >= min_count)
    K = K[:, keep_t].tocsr()
    y_w = y_w[keep_t]
    V = len(keep_t)
    if V == 0 or N == 0:
        return pd.DataFrame({c: [] for c in columns})
    a0 = N if alpha0 is None else float(alpha0)
    alpha = a0 * y_w / N
    block = max(1, int(250_000 // max(V, 1)))  # ~2 MB arrays: cache-sized blocks
    with np.errstate(divide="ignore", invalid="ignore"):
        ln_a, ln_ya = np.log(alpha), np.log(y_w + alpha)
        sd0 = np.sqrt(1.0 / alpha + 1.0 / (y_w + alpha))
        neg_log1p = -np.log1p(-y_w / N)   # -inf only when one term is the whole corpus
    parts = []
    for b0 in range(0, len(labels), block):
        rows = np.arange(b0, min(b0 + block, len(labels)))
        Kb = K[rows]
        Y = Kb.toarray()
        R = y_w[None, :] - Y
        n_i = n_g[rows][:, None]
        n_j = N - n_i
        # Most cells of a groups x terms table are zero (the group never uses the term);
        # for them both statistics simplify to one logarithm per cell (see
        # _zero_count_scores), and only the non-zero cells need the full formula.
        nz = Kb.tocoo()
        r, c, y = nz.row, nz.col, nz.data
        with np.errstate(divide="ignore", invalid="ignore"):
            if method == "log_odds_dirichlet":
                score = (ln_a[None, :] - np.log(n_i + a0 - alpha[None, :]) - ln_ya[None, :]
                         + np.log(n_j + a0 - y_w[None, :] - alpha[None, :])) / sd0[None, :]
                score[r, c] = log_odds_dirichlet(y, n_i[r, 0], y_w[c] - y, n_j[r, 0],
                                                 alpha[c], a0)
                # two-sided normal tail: 2 * (1 - Phi(|z|)) = erfc(|z| / sqrt 2)
                p = special.erfc(np.abs(score) / np.sqrt(2.0))
            else:
                score = -2.0 * (y_w[None, :] * np.log(N / n_j) + n_i * neg_log1p[None, :]
                                + special.xlog1py(n_j - y_w[None, :],
                                                  -y_w[None, :] * n_i / (n_j * (N - y_w[None, :]))))
                score[r, c] = signed_g2(y, n_i[r, 0], y_w[c] - y, n_j[r, 0])
                # chi-square with 1 df: P(X > g) = erfc(sqrt(g / 2))
                p = special.erfc(np.sqrt(np.abs(score) / 2.0))
        # A group with no counted token (empty articles), or whose rest has none, has no
        # rate to compare.
        score[(n_g[rows] == 0) | (n_g[rows] == N), :] = np.nan
        p[~np.isfinite(score)] = np.nan
        if top_n is None or 2 * top_n >= V:
            rr, cc = (a.ravel() for a in np.indices(score.shape))
        else:
            s = np.where(np.isfinite(score), score, -np.inf)
            mask = _top_mask(s, top_n) | _top_mask(-np.where(np.isfinite(score), score, np.inf), top_n)
            rr, cc = np.nonzero(mask)
        parts.append(pd.DataFrame({
            "g": rows[rr], "t": cc, "score": score[rr, cc], "count_group": Y[rr, cc],
            "count_rest": R[rr, cc], "p_value": p[rr, cc]}))
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["g", "score", "t"], ascending=[True, False, True],
                          kind="mergesort", na_position="last").reset_index(drop=True)
    return pd.DataFrame({
        "group": labels[out["g"].to_numpy()],
        "term": grouped.terms[keep_t[out["t"].to_numpy()]],
        "statistic": method,
        "score": out["score"].to_numpy(),
        "count_group": out["count_group"].to_numpy().astype(np.int64),
        "count_rest": out["count_rest"].to_numpy().astype(np.int64),
        "p_value": out["p_value"].to_numpy(),
    })


# ------------------------------------------------------------------------- framing

def framing_rates(
    df: pd.DataFrame,
    *,
    by: str | None = "outlet",
    dictionary: pd.DataFrame | str | Path | None = None,
    counts: TermCounts | None = None,
) -> pd.DataFrame:
    """How often each group names things each way: a framing dictionary's rates.

    Parameters
    ----------
    df : articles (``text_clean`` or ``text``; the ``by`` column).
    by : the grouping column (``None``: one group "all").
    dictionary : ``None`` (the bundled ``resources/framing.yaml``), a YAML path, or a
        table from :func:`load_framing`. Matching rules: :func:`load_framing`.
    counts : a :func:`count_terms` result made with ``framing=`` the same dictionary.

    Returns
    -------
    DataFrame ``group, family, term, count, words, per_10k, share``: one row for every
    group and dictionary term (zero counts included: not using a word is a finding),
    in group order, then the dictionary's order. ``words`` is the group's word count
    (:func:`count_terms`), ``per_10k`` :math:`= 10^4 \\cdot count / words` and ``share``
    the term's part of its family's matches in the group (NaN when the family is never
    used).

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text_clean": [
    ...     "Government forces and the regime's army began an attack on the rebels."]})
    >>> t = framing_rates(df)
    >>> t[t["count"] > 0][["family", "term", "count", "words", "share"]]
              family        term  count  words  share
    0     government      regime      1     12    0.5
    1     government  government      1     12    0.5
    5   armed_groups      rebels      1     12    1.0
    18     offensive      attack      1     12    1.0
    """
    table = _framing_table(dictionary)
    if counts is not None and counts.matrix.shape[0] != len(df):
        raise ValueError("counts does not belong to this table (row counts differ)")
    if counts is None or counts.framing is None or not counts.framing_table.equals(table):
        # The same word counts as count_terms (numbers out, default phrases merged).
        counts = count_terms(df, framing=table)
    return _framing_rows(group_counts(counts, df, by=by))


def _framing_rows(grouped: GroupCounts) -> pd.DataFrame:
    """:func:`framing_rates` from per-group sums (counted with a framing dictionary)."""
    entries = grouped.framing_entries
    labels = grouped.labels
    F = grouped.framing                                      # groups x entries
    words = grouped.words                                    # groups
    fam = entries["family"].to_numpy(dtype=object)
    fam_codes, fam_names = pd.factorize(fam)
    fam_tot = np.zeros((len(labels), len(fam_names)), dtype=np.int64)
    for k in range(len(fam_names)):
        fam_tot[:, k] = F[:, fam_codes == k].sum(axis=1)
    n_g, n_e = F.shape
    gg = np.repeat(np.arange(n_g), n_e)
    ee = np.tile(np.arange(n_e), n_g)
    cnt = F.ravel()
    w = words[gg]
    ft = fam_tot[gg, fam_codes[ee]]
    with np.errstate(divide="ignore", invalid="ignore"):
        per = np.where(w > 0, cnt * 1e4 / np.maximum(w, 1), np.nan)
        share = np.where(ft > 0, cnt / np.maximum(ft, 1), np.nan)
    return pd.DataFrame({"group": labels[gg], "family": fam[ee],
                         "term": entries["term"].to_numpy(dtype=object)[ee],
                         "count": cnt.astype(np.int64), "words": w.astype(np.int64),
                         "per_10k": per, "share": share})


# -------------------------------------------------------------- collocations, KWIC

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

    from .tokens import token_segments

    stop = resolve_stop_words(stop_words)
    segments = [seg for text in _texts(df)
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
    parts = _pattern_tokens(keyword)
    if not parts:
        raise ValueError(f"keyword {keyword!r} contains no word")
    out = []
    for p in parts:
        if _is_glob(p):
            rx = _glob_regex(p)
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
    texts = _texts(df)
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


# ---------------------------------------------------------------------------- stage

def stage_tables(df: pd.DataFrame, *, config: RunConfig,
                 counts: GroupCounts | None = None) -> dict[str, pd.DataFrame]:
    """The tables ``newslens run`` writes: ``terms``, ``keyness`` and ``framing``.

    ``terms``: per outlet, terms counted at least :data:`STAGE_TERMS_MIN_COUNT` times, at
    most the :data:`STAGE_TERMS_TOP_N` most frequent. ``keyness``: both statistics stacked
    (column ``statistic``), per outlet the :data:`STAGE_KEYNESS_TOP_N` highest and lowest
    scores among terms seen at least :data:`STAGE_KEYNESS_MIN_COUNT` times. ``framing``:
    every outlet x dictionary term (``config.framing_path``, None = bundled). The corpus
    is tokenised once for all three.

    ``counts``: the corpus already counted per outlet (:func:`count_partition` with
    ``framing=config.framing_path``, or :func:`merge_group_counts` of its partitions, as
    the Dask engine does); None counts ``df`` here. Only ``counts`` is read then.
    """
    if counts is None:
        counts = count_partition(df, by="outlet", framing=config.framing_path)
    if counts.framing is None:
        raise ValueError("counts must be made with a framing dictionary (framing=...)")
    terms = _frequency_rows(counts, min_count=STAGE_TERMS_MIN_COUNT, top_n=STAGE_TERMS_TOP_N)
    key = pd.concat([_keyness_rows(counts, method=m, min_count=STAGE_KEYNESS_MIN_COUNT,
                                   top_n=STAGE_KEYNESS_TOP_N, alpha0=None)
                     for m in KEYNESS_METHODS], ignore_index=True)
    key = key.sort_values(["group", "statistic", "score", "term"],
                          ascending=[True, True, False, True], kind="mergesort")
    framing = _framing_rows(counts)
    return {"terms": terms.reset_index(drop=True), "keyness": key.reset_index(drop=True),
            "framing": framing}


__all__ = [
    "FRAMING_PATH", "DEFAULT_TOKEN_OPTIONS", "KEYNESS_METHODS", "TermCounts", "count_terms",
    "GroupCounts", "group_counts", "count_partition", "merge_group_counts",
    "term_frequencies", "keyness", "log_odds_dirichlet", "signed_g2", "framing_rates",
    "load_framing", "FRAMING_COLUMNS", "collocations", "kwic", "stage_tables",
]
