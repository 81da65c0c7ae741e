"""TF-IDF vectors of articles: scikit-learn's, whole or built partition by partition.

The weights (scikit-learn's definitions, with this package's defaults)
---------------------------------------------------------------------
For a term *t* in document *d* of a corpus of *n* documents, *t* occurring ``tf(t, d)``
times in *d* and in ``df(t)`` documents::

    tf'(t, d) = 1 + ln tf(t, d)          (sublinear_tf=True; 0 when tf = 0)
    idf(t)    = ln((1 + n) / (1 + df(t))) + 1        (smooth_idf=True)
    w(t, d)   = tf'(t, d) * idf(t)
    x_d       = w(., d) / ||w(., d)||_2              (norm="l2")

(``smooth_idf=False``: ``idf(t) = ln(n / df(t)) + 1``; the ``+ 1`` keeps a term found in
every document from weighing zero.) The cosine between two documents is then a dot
product, because the rows are unit vectors::

    cos(a, b) = sum_t x_a[t] * x_b[t]      in [0, 1] (weights are never negative)

Defaults (:data:`DEFAULT_TFIDF_OPTIONS`) and why
------------------------------------------------
``sublinear_tf=True``: the tenth "Idlib" in an article says less than the first; the
logarithm stops one repeated word from dominating a vector (Manning, Raghavan & Schütze,
*Introduction to Information Retrieval*, 6.4.1). ``stop_words="english"``
(scikit-learn's list): function words carry no topic but, being in every article, they
add a floor of similarity to every pair. On the BBC news set (2,225 articles, 5
categories) the share of articles whose nearest neighbour has the same category goes from
0.919 with scikit-learn's plain ``TfidfVectorizer()`` to 0.958 with these defaults
(``benchmarks/results/similarity_eval.md``: ``min_df``, ``max_df`` and bigrams were
tried there too and are not defaults, for the reasons given in that file).

Whole or by partition
---------------------
:func:`tfidf_matrix` is ``TfidfVectorizer(**options).fit_transform`` on the whole corpus.
The similarity stage builds the same matrix in three steps, so that partitions of the
corpus can be counted on different workers: :func:`count_terms` per partition (map),
:func:`tfidf_vocabulary` (combine: the vocabulary, document frequencies added, idf), and
:func:`tfidf_rows` per partition (map: unit rows in the corpus's columns). The floats are
those of :func:`tfidf_matrix`, bit for bit: every weight is computed by the same float
operations, and each row's squared weights are summed for its norm in the order
scikit-learn stores them (a float sum depends on its order), which is the order in which
the terms first appear in the corpus. That is why :func:`count_terms` numbers a
partition's terms by first appearance and :func:`tfidf_vocabulary` keeps the corpus's
first-appearance order beside the alphabetical one.
"""
from __future__ import annotations

import itertools
from typing import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

#: Options given to ``TfidfVectorizer`` unless the caller overrides them (see module doc).
DEFAULT_TFIDF_OPTIONS: dict = {"sublinear_tf": True, "stop_words": "english"}

#: ``TfidfVectorizer`` options whose effect needs the whole corpus before the vocabulary
#: is known (pruning by document frequency, a vocabulary cap, a given vocabulary): the
#: partitioned TF-IDF accepts them only at these defaults (the stage uses the defaults).
CORPUS_WIDE_OPTIONS = {"min_df": 1, "max_df": 1.0, "max_features": None, "vocabulary": None}


def texts_of(df: pd.DataFrame) -> list[str]:
    """The cleaned text when the corpus has been cleaned, else the raw text; "" for missing."""
    col = "text_clean" if "text_clean" in df.columns else "text"
    return ["" if not isinstance(t, str) else t for t in df[col].tolist()]


def unit_rows(M: sp.spmatrix) -> sp.csr_matrix:
    """Rows scaled to unit L2 length (zero rows stay zero); an empty matrix as it is."""
    if M.shape[0] == 0 or M.shape[1] == 0:
        return sp.csr_matrix(M, dtype=np.float64)
    return sp.csr_matrix(normalize(M, norm="l2"))


def tfidf_matrix(df: pd.DataFrame, **tfidf_options) -> tuple[sp.csr_matrix, np.ndarray]:
    """L2-normalised TF-IDF rows of every article, and the vocabulary.

    Parameters
    ----------
    df : articles, with ``text_clean`` (or ``text``).
    **tfidf_options : passed to ``TfidfVectorizer``, over :data:`DEFAULT_TFIDF_OPTIONS`.
        Whatever ``norm`` says, rows are returned L2-normalised (cosine needs unit rows).

    Returns
    -------
    (X, terms): ``X`` is a CSR matrix, one row per row of ``df`` in order, one column per
    term of ``terms`` (sorted alphabetically, as scikit-learn orders its vocabulary). An
    article with no term left (empty, or only stop words) has a zero row. When no article
    has any term, ``X`` has no columns.
    """
    options = {**DEFAULT_TFIDF_OPTIONS, **tfidf_options}
    texts = texts_of(df)
    vectorizer = TfidfVectorizer(**options)
    try:
        X = vectorizer.fit_transform(texts)
    except ValueError as exc:
        # scikit-learn refuses an empty vocabulary (no text, or nothing but stop words);
        # a corpus like that has no similarity to measure, which is a zero matrix.
        if "empty vocabulary" not in str(exc) and "no terms remain" not in str(exc):
            raise
        return sp.csr_matrix((len(texts), 0), dtype=np.float64), np.array([], dtype=object)
    if options.get("norm", "l2") != "l2":
        X = unit_rows(X)
    X = sp.csr_matrix(X, dtype=np.float64)
    X.sort_indices()
    return X, vectorizer.get_feature_names_out()


# --------------------------------------------------------------------------- by partition

def partitioned_vectorizer(options: dict | None = None) -> TfidfVectorizer:
    """The ``TfidfVectorizer`` whose analyzer and weighting options the partitioned TF-IDF
    follows (:data:`DEFAULT_TFIDF_OPTIONS` under ``options``). Options that need the whole
    corpus (:data:`CORPUS_WIDE_OPTIONS`) and a ``norm`` other than ``"l2"`` are refused."""
    options = {**DEFAULT_TFIDF_OPTIONS, **(options or {})}
    for name, default in CORPUS_WIDE_OPTIONS.items():
        if options.get(name, default) != default:
            raise ValueError(f"TF-IDF option {name}={options[name]!r} needs the whole corpus; "
                             "the partitioned TF-IDF supports it only at its default")
    if options.get("norm", "l2") != "l2":
        raise ValueError("the partitioned TF-IDF makes unit (norm='l2') rows only")
    return TfidfVectorizer(**options)


def count_terms(texts: Sequence[str], *, options: dict | None = None) -> dict:
    """Map step of TF-IDF: one partition's term counts.

    The tokens are those of ``TfidfVectorizer(**options).build_analyzer()``; the terms are
    numbered in order of first appearance in the partition (``pandas.factorize``), which
    :func:`tfidf_rows` needs to sum each row's squares in scikit-learn's order.

    Returns
    -------
    dict with ``terms`` (the partition's terms in order of first appearance), ``matrix``
    (documents x those terms, float64 CSR, each row's columns sorted), ``doc_freq``
    (documents per term) and ``n_docs``.
    """
    vectorizer = partitioned_vectorizer(options)
    analyze = vectorizer.build_analyzer()
    tokens = [analyze(text) for text in texts]
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    flat = np.fromiter(itertools.chain.from_iterable(tokens), dtype=object,
                       count=int(lengths.sum()))
    del tokens
    codes, terms = pd.factorize(flat)
    n = len(lengths)
    rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
    X = sp.csr_matrix((np.ones(len(codes)), (rows, codes.astype(np.int64))),
                      shape=(n, len(terms)))
    X.sum_duplicates()                     # counts; also sorts each row's columns
    if vectorizer.binary:
        X.data[:] = 1.0
    return {"terms": np.asarray(terms, dtype=object), "matrix": X,
            "doc_freq": np.bincount(X.indices, minlength=len(terms)).astype(np.int64),
            "n_docs": n}


def tfidf_vocabulary(parts: Sequence[dict], *, options: dict | None = None) -> dict:
    """Combine step of TF-IDF: the corpus vocabulary and idf from the partitions' counts.

    ``parts`` are :func:`count_terms` results (``terms``, ``doc_freq``, ``n_docs``; the
    matrices are not needed) in corpus order. A term's *column* is its rank in alphabetical
    order (scikit-learn's sorted vocabulary); its *appearance* is its rank by first
    appearance in the corpus: partition by partition, each partition's terms in its own
    order of first appearance. Document frequencies add over partitions, and the idf is
    scikit-learn's ``TfidfTransformer.fit`` computed with the same float operations
    (module docstring; ``smooth_idf`` adds one document containing every term).

    Returns
    -------
    dict with ``terms`` (sorted), ``idf`` (per column), ``appear`` (a ``pandas.Index`` of
    the terms in order of first appearance) and ``column`` (the column of each of those).
    """
    vectorizer = partitioned_vectorizer(options)
    names = [np.asarray(p["terms"], dtype=object) for p in parts]
    appear = pd.Index(pd.unique(np.concatenate(names)) if names else [], dtype=object)
    terms = pd.Index(sorted(appear), dtype=object)      # scikit-learn: sorted(vocabulary)
    column = terms.get_indexer(appear).astype(np.int64)
    doc_freq = np.zeros(len(terms), dtype=np.int64)
    for p, name in zip(parts, names):
        doc_freq[terms.get_indexer(name)] += p["doc_freq"]
    n = sum(p["n_docs"] for p in parts)
    smooth = int(vectorizer.smooth_idf)
    dff = doc_freq.astype(np.float64)
    dff += float(smooth)
    idf = np.full_like(dff, fill_value=n + smooth, dtype=np.float64)
    idf /= dff
    np.log(idf, out=idf)
    idf += 1.0
    if not vectorizer.use_idf:
        idf = None
    return {"terms": np.asarray(terms, dtype=object), "idf": idf, "appear": appear,
            "column": column}


def tfidf_rows(counts: dict, *, appear: pd.Index, column: np.ndarray, idf: np.ndarray | None,
               options: dict | None = None) -> sp.csr_matrix:
    """Map step of TF-IDF: one partition's unit TF-IDF rows in the corpus's columns.

    Each row's entries are put in corpus appearance order (the order in which scikit-learn
    stores them), weighted (``1 + ln tf`` when ``sublinear_tf``, times ``idf``) and
    L2-normalised with :func:`sklearn.preprocessing.normalize` in that order, then sorted
    by column: the same floats as :func:`tfidf_matrix` on the whole corpus.

    Parameters
    ----------
    counts : a :func:`count_terms` result.
    appear, column, idf : from :func:`tfidf_vocabulary` (``idf`` None: ``use_idf=False``).
    """
    vectorizer = partitioned_vectorizer(options)
    X = counts["matrix"]
    n, n_terms = X.shape[0], len(column)
    if n == 0 or n_terms == 0:
        return sp.csr_matrix((n, n_terms), dtype=np.float64)
    corpus_id = appear.get_indexer(counts["terms"]).astype(np.int64)[X.indices]
    rows = np.repeat(np.arange(n), np.diff(X.indptr))
    order = np.lexsort((corpus_id, rows))
    cols = column[corpus_id[order]]
    data = X.data[order].astype(np.float64)
    if vectorizer.sublinear_tf:
        np.log(data, out=data)
        data += 1.0
    if idf is not None:
        data *= idf[cols]
    M = sp.csr_matrix((data, cols, X.indptr.copy()), shape=(n, n_terms))
    M = sp.csr_matrix(normalize(M, norm="l2", copy=False), dtype=np.float64)
    M.sort_indices()
    return M


__all__ = ["DEFAULT_TFIDF_OPTIONS", "CORPUS_WIDE_OPTIONS", "texts_of", "unit_rows",
           "tfidf_matrix", "partitioned_vectorizer", "count_terms", "tfidf_vocabulary",
           "tfidf_rows"]
