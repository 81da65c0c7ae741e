"""A corpus tokenised once: documents x terms counts (:func:`count_terms`).

Every term table (frequencies, keyness, framing rates) is a sum of these counts over
groups of documents (:mod:`newslens.terms.groups`); counting is the one pass over the
texts. The words are those of :mod:`newslens.tokens`, with the same rules: the result is
the same as counting :func:`newslens.tokens.tokenize` per document.
"""
from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import NewslensError
from ..tokens import (
    TOKEN_RE, merge_phrases, ngrams, normalise_text, resolve_phrases, resolve_stop_words,
    stem_term, term_map, token_segments, tokenize,
)
from .dictionary import FramingMatcher, framing_table

__all__ = ["DEFAULT_TOKEN_OPTIONS", "TermCounts", "count_terms", "counts_for",
           "document_texts"]

#: Token options of the term tables (see :func:`newslens.tokens.tokenize`): numbers are
#: dropped (a date or a casualty figure is not vocabulary), stop words are scikit-learn's
#: list adjusted by the domain list, multi-word names from the phrase list are one term,
#: one-letter tokens are dropped (as scikit-learn's default pattern does).
DEFAULT_TOKEN_OPTIONS = {"numbers": "drop", "stop_words": "default", "phrases": "default",
                         "stem": False, "min_length": 2}

# Separates documents in the token-id stream; never produced by the token regex.
_SEP = "\x00"


def document_texts(df: pd.DataFrame) -> list:
    """The texts to count: column ``text_clean`` (the cleaning stage's output), else
    ``text``.

    Raises
    ------
    NewslensError : the table has neither column.
    """
    col = "text_clean" if "text_clean" in df.columns else "text"
    if col not in df.columns:
        raise NewslensError("the table has neither a 'text_clean' nor a 'text' column")
    return df[col].tolist()


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
        self.tmap = term_map(keep_numbers, stop, min_length, True)
        self.wmap = term_map(False, frozenset(), 1, True)   # the word count's filter
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
          matcher: FramingMatcher | None, chunk_size: int = 2000):
    """Tokenise every text once; return documents x term counts (columns in order of first
    appearance), words per document and the framing counts.

    Per chunk of documents, the token strings of each text are mapped to integer ids by a
    ``defaultdict`` whose missing-key factory is its own length (a new string gets the
    next id; the per-token work stays in C). Phrases are merged and the
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
    vocab: dict[str, int] = defaultdict()
    vocab.default_factory = vocab.__len__
    rows, cols, vals, words = [], [], [], []
    for i, text in enumerate(texts):
        c: Counter = Counter()
        for seg in token_segments(text, **options):
            c.update(ngrams(seg, ngram_range))
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
    texts = document_texts(df)
    table = None if framing is False else framing_table(framing)
    matcher = FramingMatcher(table) if table is not None else None
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


def counts_for(df: pd.DataFrame, counts: TermCounts | None, **options) -> TermCounts:
    """``counts`` if given (checked to have one row per row of ``df``), else
    :func:`count_terms` of ``df`` with ``options``."""
    if counts is None:
        return count_terms(df, **options)
    if counts.matrix.shape[0] != len(df):
        raise ValueError(f"counts has {counts.matrix.shape[0]} documents but the table has "
                         f"{len(df)} rows; pass the DataFrame given to count_terms()")
    return counts

