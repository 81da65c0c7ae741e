"""Steps 2 and 3 of the shared passages: seeds from an index of word n-grams, chained
into candidate regions (the method is in :mod:`newslens.similarity.passages`).

The index is split by hash into *buckets* so that it can be built per partition of the
corpus and reduced per bucket: every filter on an n-gram (its documents, its documents
per outlet) is a property of that n-gram alone, and an n-gram is in one bucket only, so
the union of the buckets' seeds is the corpus's set of seeds, whatever the partitions and
the number of buckets. Regions of one pair of documents depend on that pair's seeds only.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...config import RANDOM_STATE

#: Columns of a table of candidate regions (word ranges, end exclusive, before clipping).
REGION_COLUMNS = ["a", "b", "a0", "a1", "b0", "b1"]


def _ngram_hashes(seqs: list[np.ndarray], lengths: np.ndarray,
                  n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hash of every word n-gram: (hash, document, position) arrays, in text order.

    ``hash = sum_k word_hash[i+k] * M_k  (mod 2^64)`` with fixed random odd multipliers
    ``M_k`` (seed :data:`newslens.config.RANDOM_STATE`), so word order matters. Two
    different n-grams collide with probability about 2^-64; a collision could only add a
    candidate, which the word-by-word alignment then rejects.
    """
    total = int(lengths.sum())
    if total < n:
        empty = np.array([], dtype=np.int64)
        return np.array([], dtype=np.uint64), empty, empty
    ids = np.concatenate(seqs).astype(np.uint64)
    rng = np.random.default_rng(RANDOM_STATE)
    mult = rng.integers(1, 2**63, size=n, dtype=np.uint64) | np.uint64(1)
    m = total - n + 1
    h = np.zeros(m, dtype=np.uint64)
    term = np.empty(m, dtype=np.uint64)
    for k in range(n):
        np.multiply(ids[k:k + m], mult[k], out=term)   # uint64 arithmetic wraps: mod 2^64
        h += term
    del term, ids
    doc = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)[:m]
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    pos = np.arange(m, dtype=np.int64) - starts[doc]
    valid = pos + n <= lengths[doc]         # n-grams that do not run into the next text
    return h[valid], doc[valid], pos[valid]


def ngram_index(seqs: list[np.ndarray], lengths: np.ndarray, docs: np.ndarray, *,
                ngram: int = 5, n_buckets: int = 1
                ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Step 2, per set of documents (a partition): every word n-gram's hash, document and
    position, split by hash into buckets.

    ``seqs`` and ``lengths`` are the documents' words hashed by
    :func:`newslens.similarity.passages.words.hash_words` (the same hash in every
    process), ``docs`` each document's number in the whole corpus (its rank by
    ``doc_id``). Bucket *j* of every partition holds the n-grams with
    ``hash % n_buckets == j``, so :func:`ngram_seeds` can reduce each bucket separately.

    Returns
    -------
    per bucket ``(hash, doc, pos)`` arrays.
    """
    h, doc, pos = _ngram_hashes(seqs, lengths, ngram)
    doc = np.asarray(docs, dtype=np.int64)[doc] if len(doc) else doc
    if n_buckets <= 1:
        return [(h, doc, pos)]
    bucket = (h % np.uint64(n_buckets)).astype(np.int64)
    return [(h[bucket == j], doc[bucket == j], pos[bucket == j]) for j in range(n_buckets)]


def ngram_seeds(pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
                outlet_code: np.ndarray, *, max_doc_freq: int = 100,
                max_outlet_doc_freq: int = 5) -> tuple[np.ndarray, ...]:
    """Step 2, per bucket: the seeds ``(doc_a, doc_b, pos_a, pos_b)`` of the n-grams of
    one bucket (its piece from each partition's :func:`ngram_index`).

    ``outlet_code[d]`` numbers the outlet of document *d*
    (:func:`newslens.similarity.outlet_groups`).
    """
    pieces = [p for p in pieces if len(p[0])]
    if not pieces:
        empty = np.array([], dtype=np.int64)
        return empty, empty, empty, empty
    h = np.concatenate([p[0] for p in pieces])
    doc = np.concatenate([p[1] for p in pieces])
    pos = np.concatenate([p[2] for p in pieces])
    key = doc * (int(pos.max()) + 1) + pos          # text order: document, then position
    if len(key) > 1 and not np.all(key[1:] > key[:-1]):
        order = np.argsort(key, kind="stable")
        h, doc, pos = h[order], doc[order], pos[order]
    group, doc, pos = _shared_ngrams(h, doc, pos, max_doc_freq, outlet_code,
                                     max_outlet_doc_freq)
    return _seed_pairs(group, doc, pos, outlet_code)


def _shared_ngrams(h: np.ndarray, doc: np.ndarray, pos: np.ndarray, max_doc_freq: int,
                   outlet_code: np.ndarray, max_outlet_doc_freq: int
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """N-grams found in 2 to ``max_doc_freq`` documents and in at most
    ``max_outlet_doc_freq`` documents of any one outlet; one (first) occurrence per document.

    Input arrays are in text order (document, then position). Returns (group, doc, pos)
    sorted by n-gram then document; ``group`` numbers the n-grams 0, 1, 2...
    """
    # Most n-grams occur once in the whole corpus: find the repeated ones with one sort
    # of the hashes and drop the rest before anything else.
    order = np.argsort(h)
    sorted_h = h[order]
    same = sorted_h[1:] == sorted_h[:-1]
    del sorted_h
    repeated = np.zeros(len(h), dtype=bool)
    repeated[1:] |= same
    repeated[:-1] |= same
    keep = np.sort(order[repeated])                # back to text order
    del order, repeated, same
    h, doc, pos = h[keep], doc[keep], pos[keep]
    # A stable sort by hash keeps text order inside each n-gram's group.
    order = np.argsort(h, kind="stable")
    h, doc, pos = h[order], doc[order], pos[order]
    # Within-document repeats: keep the first occurrence of an n-gram in each document
    # (a caption or lede printed twice in one article is one occurrence).
    first = np.ones(len(h), dtype=bool)
    first[1:] = (h[1:] != h[:-1]) | (doc[1:] != doc[:-1])
    h, doc, pos = h[first], doc[first], pos[first]
    new = np.ones(len(h), dtype=bool)
    new[1:] = h[1:] != h[:-1]
    group = np.cumsum(new) - 1
    df_ = np.bincount(group)
    # Boilerplate (passim's maxDF): an n-gram in too many documents links nothing.
    ok = (df_[group] >= 2) & (df_[group] <= max_doc_freq)
    # An outlet's own template (a newsletter prompt, a columnist's tag line, a disclaimer)
    # recurs in many of its articles; printed by a sister site it would link the two at
    # every article. A shared story appears in one or two articles of an outlet (an update,
    # a duplicate), not in many: n-grams in more than max_outlet_doc_freq articles of one
    # outlet are boilerplate too (passim's boilerplate "within groups").
    n_outlets = int(outlet_code.max()) + 1 if len(outlet_code) else 1
    per_outlet, counts = np.unique(group * n_outlets + outlet_code[doc], return_counts=True)
    worst = np.zeros(len(df_), dtype=np.int64)
    np.maximum.at(worst, per_outlet // n_outlets, counts)
    ok &= worst[group] <= max_outlet_doc_freq
    group, doc, pos = group[ok], doc[ok], pos[ok]
    _, group = np.unique(group, return_inverse=True)
    return group, doc.astype(np.int64), pos.astype(np.int64)


def _seed_pairs(group: np.ndarray, doc: np.ndarray, pos: np.ndarray, outlet_code: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of documents of different outlets that share an n-gram, once per n-gram:
    (doc_a, doc_b, pos_a, pos_b) with doc_a < doc_b."""
    if len(group) == 0:
        empty = np.array([], dtype=np.int64)
        return empty, empty, empty, empty
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    size = np.diff(np.r_[starts, len(group)])
    rank = np.arange(len(group)) - np.repeat(starts, size)
    remaining = np.repeat(size, size) - rank - 1      # later members of the same n-gram
    out_a, out_b, out_pa, out_pb = [], [], [], []
    k = np.flatnonzero(remaining > 0)
    d = 1
    while len(k):
        j = k + d
        cross = outlet_code[doc[k]] != outlet_code[doc[j]]
        out_a.append(doc[k][cross])
        out_b.append(doc[j][cross])
        out_pa.append(pos[k][cross])
        out_pb.append(pos[j][cross])
        d += 1
        k = k[remaining[k] >= d]
    return (np.concatenate(out_a), np.concatenate(out_b), np.concatenate(out_pa),
            np.concatenate(out_pb))


def seed_regions(a: np.ndarray, b: np.ndarray, pa: np.ndarray, pb: np.ndarray, *, ngram: int,
                 max_gap: int, n_docs: int, min_words: int) -> pd.DataFrame:
    """Step 3: candidate regions from seeds, seeds chained along a diagonal, padded and
    merged when overlapping.

    A pair's seeds, in text order, are chained while they advance in both texts by at most
    ``ngram + max_gap`` words and their offsets differ by at most ``max_gap`` words. A
    chain whose seeds cover fewer than two thirds of ``min_words`` words is dropped; each
    remaining chain, padded by ``ngram + max_gap`` words on both sides, is a region, and
    regions of a pair that overlap in both texts are merged.

    Returns
    -------
    DataFrame ``a, b, a0, a1, b0, b1`` (:data:`REGION_COLUMNS`), sorted by ``a, b, a0, b0``.
    """
    n = ngram
    # Chains covering fewer words than this are one shared stock phrase, not a passage:
    # a passage with min_words matching words has most of them in runs of ngram words.
    min_cover = min(min_words, -(-2 * min_words // 3))
    cols = REGION_COLUMNS
    if len(a) == 0:
        return pd.DataFrame({c: np.array([], dtype=np.int64) for c in cols})
    key = a * n_docs + b
    order = np.lexsort((pa, key))
    key, a, b, pa, pb = key[order], a[order], b[order], pa[order], pb[order]
    step = n + max_gap
    da, db = np.diff(pa), np.diff(pb)
    linked = ((key[1:] == key[:-1]) & (da >= 1) & (da <= step) & (db >= 1) & (db <= step)
              & (np.abs(da - db) <= max_gap))
    chain = np.r_[0, np.cumsum(~linked)]
    first = np.flatnonzero(np.r_[True, chain[1:] != chain[:-1]])
    last = np.r_[first[1:] - 1, len(chain) - 1]
    # Words covered by a chain's seeds: n for its first seed, then each linked seed adds
    # the words it does not share with the previous one.
    covered = np.full(len(first), n, dtype=np.int64)
    np.add.at(covered, chain[1:][linked], np.minimum(da[linked], n))
    strong = covered >= min_cover
    first, last = first[strong], last[strong]
    reg = pd.DataFrame({"a": a[first], "b": b[first],
                        "a0": pa[first] - step, "a1": pa[last] + n + step,
                        "b0": pb[first] - step, "b1": pb[last] + n + step})
    # Merge regions of the same pair that overlap in both texts (a chain cut in two by a
    # stray seed, or by a seed missing because its n-gram is boilerplate).
    reg = reg.sort_values(["a", "b", "a0", "b0"], kind="mergesort").reset_index(drop=True)
    vals = reg[cols].to_numpy()
    merged = []
    for row in vals:
        if merged:
            prev = merged[-1]
            if (prev[0] == row[0] and prev[1] == row[1] and row[2] < prev[3]
                    and row[4] < prev[5] and prev[4] < row[5]):
                prev[3] = max(prev[3], row[3])
                prev[4] = min(prev[4], row[4])
                prev[5] = max(prev[5], row[5])
                continue
        merged.append(list(row))
    return pd.DataFrame(merged, columns=cols)


def pair_runs(a: np.ndarray, b: np.ndarray, n_runs: int) -> list[tuple[int, int]]:
    """Split regions sorted by pair ``(a, b)`` into at most ``n_runs`` consecutive
    ``(start, stop)`` runs of about equal length, never cutting a pair's rows (a pair's
    passages are resolved together).

    Examples
    --------
    >>> pair_runs(np.array([7, 7, 7, 8, 9, 9]), np.zeros(6, dtype=int), 3)
    [(0, 3), (3, 4), (4, 6)]
    """
    n = len(a)
    if n == 0:
        return []
    a, b = np.asarray(a), np.asarray(b)
    starts = np.flatnonzero(np.r_[True, (a[1:] != a[:-1]) | (b[1:] != b[:-1])])
    cuts = {0, n}
    for t in range(1, max(1, n_runs)):
        i = np.searchsorted(starts, n * t // n_runs)   # the first pair starting at or after
        cuts.add(int(starts[i]) if i < len(starts) else n)
    cuts = sorted(cuts)
    return list(zip(cuts, cuts[1:]))


__all__ = ["REGION_COLUMNS", "ngram_index", "ngram_seeds", "seed_regions", "pair_runs"]
