"""Passages two outlets share: wire copy, common statements, and each outlet's edits.

Outlets that look different often print the same agency paragraph, each with its own
words for the same people ("opposition fighters" in one, "rebels" in the other). This
module finds such passages between articles of *different* outlets and lists the
word-level edits that separate the two copies.

How (after passim, Smith, Cordell & Mullen 2015, "Computational methods for uncovering
reprinted texts in antebellum American newspapers")
--------------------------------------------------------------------------------------
1. **Words.** Each text (``text_clean``, else ``text``) is split into words (letters and
   digits, with inner apostrophes: ``syria's``), lowercased, typographic apostrophes made
   straight. Punctuation and case are not compared, so they never count as edits.
2. **Seeds from an index of hashed word n-grams** (``ngram`` words, 5 as in passim). Every
   n-gram is hashed (a 64-bit polynomial hash of word hashes) and the index records, for each
   hash, the documents that contain it and where it *first* occurs in each. So:

   - *within-document repeats do not count*: a caption or lede printed twice in one
     article contributes one occurrence; an article is never compared with itself, and
     a repeated passage is reported once per pair of articles;
   - *boilerplate does not link articles*: an n-gram found in more than ``max_doc_freq``
     documents (100, passim's ``--maxDF``) is navigation, a widget, a sign-off or a
     stock phrase, not evidence that two articles share a source, so it seeds nothing;
     nor does one found in more than ``max_outlet_doc_freq`` (5) articles of a single
     outlet, which is that outlet's template (a newsletter prompt, a columnist's tag
     line) and would otherwise link it to a sister site at every article;
   - candidate pairs come only from n-grams two documents share, never from comparing
     all pairs, and only pairs of *different outlets* are kept.
3. **Chains.** A pair's seeds, in text order, are chained while they advance in both
   texts by at most ``ngram + max_gap`` words and their offsets differ by at most
   ``max_gap`` words (the two copies stay aligned, give or take an edit). A chain whose
   seeds cover fewer than two thirds of ``min_words`` words is dropped: most chains are
   one stock phrase two articles happen to share (8.6 million chains in AllSides, 158,000
   covering 8 words or more), and a passage with ``min_words`` matching words has most of
   them in runs of ``ngram`` words or more. Each remaining chain, padded by
   ``ngram + max_gap`` words on both sides, is a candidate region; regions that overlap in
   both texts are merged (a stray seed cannot cut a passage in two).
4. **Alignment.** The two word sequences of a region are aligned with rapidfuzz's
   ``Indel.opcodes`` (a longest-common-subsequence alignment, like difflib's, in C++).
   Consecutive non-matching operations form one edit (a substitution, insertion or
   deletion of up to ``max_gap`` words on either side); a one-word match between two
   edits joins them ("convoy of trucks" -> "column of lorries", not two edits around a
   coincidental "of"). An edit longer than ``max_gap`` words ends a passage.
   A passage starts and ends with at least ``min_anchor`` matching words (so it does not
   end on a coincidental "in the"), and is reported when it has at least ``min_words``
   matching words.

Why some of this is written here: rapidfuzz (and difflib) align two given strings, and
datasketch's MinHash LSH finds documents whose *whole* word sets are alike; neither finds
a 30-word paragraph shared by two otherwise different 1,000-word articles, nor decides
where such a passage starts and stops. The index (numpy arrays, not Python sets: 37,000
articles give 36 million n-grams) and the chaining are that missing part; the word
alignment itself is rapidfuzz's.

Who counts as a different outlet
--------------------------------
Two articles of the same outlet are never paired (an outlet repeating its own copy is
not wire copy shared across outlets). An article whose outlet is unknown is its own
outlet: unknown is not an outlet, and two articles of unknown origin may come from
different ones. In the bundled corpus 001 and 002 are machine-translated agency copies
of unknown origin; they are compared with each other and with everything else.

What a shared passage is, and is not
------------------------------------
A reported passage is text two outlets print nearly word for word: a wire paragraph, or
a statement both quote from the same source (a UN statement quoted in full is shared
text, though neither outlet copied the other). Across the AllSides corpus most shared
text is common quotation (a hand check found 16 of 20 sampled passages to be shared
text, 15 of them quotations; ``benchmarks/results/similarity_handcheck.md``). The
12-word minimum is above most stock phrases ("according to the Syrian Observatory for
Human Rights" is 8 words) and below the shortest quoted statement worth seeing (the UN
statement in the bundled corpus is 21); the stock phrases that remain are 12-word names
and titles ("the Brennan Center for Justice at New York University law school"), which
``min_words=15`` removes along with short quotes.
"""
from __future__ import annotations

import re
from html import escape

import numpy as np
import pandas as pd
from rapidfuzz.distance import Indel

from .config import RANDOM_STATE
from .corpus import UNKNOWN

#: Columns of the shared-passages table.
PASSAGE_COLUMNS = ["doc_a", "doc_b", "outlet_a", "outlet_b", "text_a", "text_b", "n_words",
                   "edits", "start_a", "end_a", "start_b", "end_b"]

#: A word: letters or digits, with inner apostrophes ("syria's", "don't"). Hyphens split
#: ("large-scale" -> "large", "scale") so that "large scale" and "large-scale" match.
WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# Typographic apostrophes become ASCII before matching: scraped copies of one wire story
# differ in nothing else ("Syria’s" / "Syria's"). Each replaces one character by one, so
# character offsets are unchanged. (str.replace, not str.translate: translate walks the
# text in Python-level steps and is ten times slower on a large corpus.)
_APOSTROPHES = ("\u2019", "\u2018", "\u02bc")
#: Shown for the missing side of an insertion or deletion in ``edits``.
NOTHING = "(none)"


# --------------------------------------------------------------------------- who is who

def outlet_groups(df: pd.DataFrame) -> pd.Series:
    """The outlet each article counts as when outlets are compared.

    The ``outlet`` value, except that an unknown outlet (``"unknown"``, empty, missing,
    or no ``outlet`` column at all) becomes ``"unknown (<doc_id>)"``: every article of
    unknown origin is its own outlet, since "unknown" is not one outlet (module doc).

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["001", "002", "003"],
    ...                    "outlet": ["unknown", "unknown", "TRT World"]})
    >>> outlet_groups(df).tolist()
    ['unknown (001)', 'unknown (002)', 'TRT World']
    """
    ids = df["doc_id"].astype(str)
    own = "unknown (" + ids + ")"
    if "outlet" not in df.columns:
        return own.rename("outlet")
    outlet = df["outlet"]
    known = outlet.map(lambda v: isinstance(v, str) and v.strip() != ""
                       and v.strip().lower() != UNKNOWN)
    return outlet.where(known, own).astype(object).rename("outlet")


# --------------------------------------------------------------------------- words

def _lowered(text: str) -> str | None:
    """Lowercased text with straight apostrophes, or None when lowercasing changes the
    length (a few characters, like "İ", lowercase to two) and offsets would drift."""
    low = _straighten(text.lower())
    return low if len(low) == len(text) else None


def _straighten(text: str) -> str:
    for quote in _APOSTROPHES:
        if quote in text:
            text = text.replace(quote, "'")
    return text


def words(text: str) -> list[str]:
    """The words compared: lowercased, straight apostrophes, punctuation dropped.

    Examples
    --------
    >>> words("Syria’s beleaguered opposition-fighters, worn down.")
    ["syria's", 'beleaguered', 'opposition', 'fighters', 'worn', 'down']
    """
    low = _lowered(text)
    if low is not None:
        return WORD_RE.findall(low)
    return [_straighten(m.group().lower()) for m in WORD_RE.finditer(text)]


def word_spans(text: str) -> list[tuple[int, int]]:
    """The character ``(start, end)`` of each word of :func:`words`, in order."""
    low = _lowered(text)
    return [m.span() for m in WORD_RE.finditer(low if low is not None else text)]


# --------------------------------------------------------------------------- the index

def _encode(texts: list[str]) -> tuple[list[np.ndarray], np.ndarray]:
    """Each text as an array of 64-bit word hashes, and the texts' lengths in words.

    Words are hashed with Python's built-in ``hash`` (SipHash, in C, one call per word
    and no vocabulary to look up: the AllSides corpus has 36 million words). The hash is
    salted per process, which does not matter: only *equality* of hashes is ever used,
    and every table is sorted by document and position, never by hash. Two different
    words share a hash with probability about 2^-64 per pair.
    """
    seqs = []
    for text in texts:
        toks = words(text)
        seqs.append(np.fromiter(map(hash, toks), dtype=np.int64, count=len(toks))
                    .view(np.uint64))
    return seqs, np.array([len(s) for s in seqs], dtype=np.int64)


def _encode_stable(texts: list[str]) -> tuple[list[np.ndarray], np.ndarray]:
    """:func:`_encode` with a hash that is the same in every process (pandas' SipHash with
    a fixed key, vectorised), for n-grams counted on several machines and compared.

    All the words of ``texts`` are hashed in one call (each distinct word once).
    """
    toks = [words(text) for text in texts]
    lengths = np.array([len(t) for t in toks], dtype=np.int64)
    flat = np.array([w for t in toks for w in t], dtype=object)
    del toks
    try:
        hashed = pd.util.hash_array(flat, categorize=True)
    except UnicodeEncodeError:   # a lone surrogate: hash the bytes Python keeps for it
        flat = np.array([w.encode("utf-8", "surrogatepass") for w in flat], dtype=object)
        hashed = pd.util.hash_array(flat, categorize=True)
    hashed = hashed.astype(np.uint64)
    return np.split(hashed, np.cumsum(lengths)[:-1]) if len(lengths) else [], lengths


def ngram_index(texts: list[str], docs: np.ndarray, *, ngram: int = 5, n_buckets: int = 1
                ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Map step of :func:`shared_passages` for a set of documents (a partition): every word
    n-gram's hash, document and *first* position in it, split by hash into buckets.

    ``docs`` gives each text's document number in the whole corpus (its rank by
    ``doc_id``). Word hashes are stable across processes (:func:`_encode_stable`), so the
    buckets of several partitions can be concatenated: bucket *j* of every partition holds
    the n-grams with ``hash % n_buckets == j``, so each n-gram is entirely in one bucket
    and :func:`ngram_seeds` can run on each bucket separately.

    Returns
    -------
    per bucket ``(hash, doc, pos)`` arrays, sorted by document then position.
    """
    seqs, lengths = _encode_stable(texts)
    h, doc, pos = _ngram_hashes(seqs, lengths, ngram)
    doc = np.asarray(docs, dtype=np.int64)[doc] if len(doc) else doc.astype(np.int64)
    pos = pos.astype(np.int64)
    # one occurrence per document (the first): the rule of _shared_ngrams, applied early so
    # that fewer rows travel
    order = np.lexsort((pos, doc, h))
    h, doc, pos = h[order], doc[order], pos[order]
    first = np.ones(len(h), dtype=bool)
    first[1:] = (h[1:] != h[:-1]) | (doc[1:] != doc[:-1])
    h, doc, pos = h[first], doc[first], pos[first]
    order = np.lexsort((pos, doc))
    h, doc, pos = h[order], doc[order], pos[order]
    bucket = (h % np.uint64(n_buckets)).astype(np.int64) if n_buckets > 1 else None
    if bucket is None:
        return [(h, doc, pos)]
    return [(h[bucket == j], doc[bucket == j], pos[bucket == j]) for j in range(n_buckets)]


def ngram_seeds(pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
                outlet_code: np.ndarray, *, max_doc_freq: int = 100,
                max_outlet_doc_freq: int = 5) -> tuple[np.ndarray, ...]:
    """Reduce step of :func:`shared_passages` for one bucket of n-grams: the seeds
    ``(doc_a, doc_b, pos_a, pos_b)`` of the n-grams it holds.

    The pieces (one bucket of :func:`ngram_index` from each partition) are put in text
    order and go through the one-process steps (:func:`_shared_ngrams`,
    :func:`_seed_pairs`). Every filter of those steps is a property of one n-gram (its
    documents, its documents per outlet), and an n-gram is in one bucket only, so the
    union of the buckets' seeds is the corpus's set of seeds.
    """
    pieces = [p for p in pieces if len(p[0])]
    if not pieces:
        empty = np.array([], dtype=np.int64)
        return empty, empty, empty, empty
    h = np.concatenate([p[0] for p in pieces])
    doc = np.concatenate([p[1] for p in pieces])
    pos = np.concatenate([p[2] for p in pieces])
    order = np.lexsort((pos, doc))
    group, doc, pos = _shared_ngrams(h[order], doc[order], pos[order], max_doc_freq,
                                     outlet_code, max_outlet_doc_freq)
    return _seed_pairs(group, doc, pos, outlet_code)


def _ngram_hashes(seqs: list[np.ndarray], lengths: np.ndarray,
                  n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hash of every word n-gram: (hash, document, position) arrays.

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
    doc = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)[:m]
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    pos = (np.arange(m, dtype=np.int64) - starts[doc]).astype(np.int32)
    valid = pos + n <= lengths[doc]         # n-grams that do not run into the next text
    return h[valid], doc[valid], pos[valid]


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
    # Within-document repeats: keep the first occurrence of an n-gram in each document.
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


def _regions(a: np.ndarray, b: np.ndarray, pa: np.ndarray, pb: np.ndarray, *, n: int,
             max_gap: int, n_docs: int, min_cover: int) -> pd.DataFrame:
    """Candidate regions: seeds chained along a diagonal, padded, merged when overlapping.

    Returns a table ``a, b, a0, a1, b0, b1`` (word ranges, end exclusive, before clipping
    to the texts' lengths), sorted by ``a, b, a0``.
    """
    cols = ["a", "b", "a0", "a1", "b0", "b1"]
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
    # Chains covering fewer than min_cover words are one shared stock phrase, not a
    # passage (module docstring, step 3).
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


# --------------------------------------------------------------------------- alignment

def _runs(wa: list, wb: list) -> list[list]:
    """Word alignment as runs ``[tag, a0, a1, b0, b1]``, tag ``"eq"`` or ``"ed"`` (edit).

    rapidfuzz's ``Indel.opcodes`` (longest common subsequence) aligns the words;
    consecutive non-matching operations form one edit.
    """
    runs: list[list] = []
    for op in Indel.opcodes(wa, wb):
        tag = "eq" if op.tag == "equal" else "ed"
        if runs and runs[-1][0] == "ed" and tag == "ed":
            runs[-1][2], runs[-1][4] = op.src_end, op.dest_end
        else:
            runs.append([tag, op.src_start, op.src_end, op.dest_start, op.dest_end])
    # A one-word match between two edits is a coincidence inside a rewritten phrase
    # ("of", "the"): fold it into one edit.
    folded: list[list] = []
    i = 0
    while i < len(runs):
        r = runs[i]
        if (r[0] == "eq" and r[2] - r[1] == 1 and folded and folded[-1][0] == "ed"
                and i + 1 < len(runs) and runs[i + 1][0] == "ed"):
            nxt = runs[i + 1]
            folded[-1][2], folded[-1][4] = nxt[2], nxt[4]
            i += 2
            continue
        folded.append(list(r))
        i += 1
    return folded


def _align(wa: list[int], wb: list[int], *, max_gap: int, min_anchor: int, min_words: int
           ) -> list[tuple[int, int, int, int, int, list[tuple[int, int, int, int]]]]:
    """Passages in two aligned word sequences.

    Returns ``(a0, a1, b0, b1, n_matching, edits)`` per passage, word indices into ``wa``
    and ``wb`` (end exclusive); ``edits`` are ``(a0, a1, b0, b1)`` ranges that differ.
    """
    passages = []
    piece: list[list] = []
    # Cut at edits longer than max_gap (the sentinel makes a final cut); trim weak ends;
    # keep long passages.
    for r in _runs(wa, wb) + [["ed", 0, max_gap + 1, 0, max_gap + 1]]:
        if r[0] == "ed" and max(r[2] - r[1], r[4] - r[3]) > max_gap:
            found = _finish(piece, min_anchor=min_anchor, min_words=min_words)
            if found:
                passages.append(found)
            piece = []
        else:
            piece.append(r)
    return passages


def _finish(piece: list[list], *, min_anchor: int, min_words: int):
    """Trim a run of matches and small edits to strong ends; None when too short."""
    lo, hi = 0, len(piece)
    while True:
        while lo < hi and piece[lo][0] == "ed":
            lo += 1
        while hi > lo and piece[hi - 1][0] == "ed":
            hi -= 1
        if lo >= hi:
            return None
        if piece[lo][2] - piece[lo][1] < min_anchor:
            lo += 1
        elif piece[hi - 1][2] - piece[hi - 1][1] < min_anchor:
            hi -= 1
        else:
            break
    kept = piece[lo:hi]
    matching = sum(r[2] - r[1] for r in kept if r[0] == "eq")
    if matching < min_words:
        return None
    edits = [(r[1], r[2], r[3], r[4]) for r in kept if r[0] == "ed"]
    return kept[0][1], kept[-1][2], kept[0][3], kept[-1][4], matching, edits


def _overlaps(p: tuple, q: tuple) -> bool:
    return (p[0] < q[1] and q[0] < p[1]) or (p[2] < q[3] and q[2] < p[3])


# --------------------------------------------------------------------------- public API

def shared_passages(df: pd.DataFrame, *, min_words: int = 12, ngram: int = 5,
                    max_doc_freq: int = 100, max_outlet_doc_freq: int = 5, max_gap: int = 4,
                    min_anchor: int = 3) -> pd.DataFrame:
    """Passages shared by two articles of different outlets, with each copy's edits.

    Parameters
    ----------
    df : articles with ``doc_id``, ``outlet`` and ``text_clean`` (or ``text``).
    min_words : fewest matching words in a reported passage. 12 is above stock phrases
        and below a quoted one-sentence statement (module doc).
    ngram : words per seed n-gram (passim's default, 5).
    max_doc_freq : an n-gram in more documents than this is boilerplate and seeds no
        match (passim's default, 100).
    max_outlet_doc_freq : an n-gram in more documents *of one outlet* than this is that
        outlet's template (newsletter prompt, tag line) and seeds no match either.
    max_gap : longest edit, in words on either side, inside a passage; a longer change
        ends the passage.
    min_anchor : a passage begins and ends with at least this many matching words.

    Returns
    -------
    DataFrame with one row per passage and pair of articles:

    - ``doc_a``, ``doc_b``: the two articles, ``doc_a < doc_b``;
    - ``outlet_a``, ``outlet_b``: their ``outlet`` values (possibly both "unknown": see
      :func:`outlet_groups`);
    - ``text_a``, ``text_b``: the passage as printed in each, from its first to its last
      matching word; ``start_a, end_a, start_b, end_b`` are the character offsets of
      these slices in the compared text (``text_clean``, else ``text``);
    - ``n_words``: number of matching words (case and punctuation ignored);
    - ``edits``: the word-level changes from a to b, in text order, separated by "; ":
      ``"opposition fighters -> rebels; regime -> government"``; an insertion or deletion
      shows ``(none)`` on the empty side; "" when the copies are identical.

    Sorted by ``doc_a, doc_b, start_a``.

    Examples
    --------
    >>> wire = ("Idlib province and adjacent rural areas form the largest piece of "
    ...         "territory still held by Syria's beleaguered {}, worn down by a "
    ...         "succession of {} victories in recent months.")
    >>> df = pd.DataFrame({"doc_id": ["003", "004"], "outlet": ["TRT World", "i24NEWS"],
    ...     "text_clean": [wire.format("opposition fighters", "regime"),
    ...                    wire.format("rebels", "government")]})
    >>> row = shared_passages(df).iloc[0]
    >>> row["n_words"], row["edits"]
    (np.int64(27), 'opposition fighters -> rebels; regime -> government')
    """
    if (min_words < 1 or ngram < 1 or max_doc_freq < 2 or max_outlet_doc_freq < 1
            or max_gap < 0 or min_anchor < 1):
        raise ValueError("shared_passages: min_words, ngram, min_anchor and "
                         "max_outlet_doc_freq must be >= 1, max_doc_freq >= 2, max_gap >= 0")
    ids, texts, outlets, outlet_code, _ = corpus_arrays(df)
    seqs, lengths = _encode(texts)
    h, doc, pos = _ngram_hashes(seqs, lengths, ngram)
    group, doc, pos = _shared_ngrams(h, doc, pos, max_doc_freq, outlet_code,
                                     max_outlet_doc_freq)
    del h
    a, b, pa, pb = _seed_pairs(group, doc, pos, outlet_code)
    regions = seed_regions(a, b, pa, pb, ngram=ngram, max_gap=max_gap, n_docs=len(ids),
                           min_words=min_words)
    rows = align_regions(regions, seqs, lengths, ids, outlets, texts, max_gap=max_gap,
                         min_anchor=min_anchor, min_words=min_words)
    return passage_table(rows)


def seed_regions(a: np.ndarray, b: np.ndarray, pa: np.ndarray, pb: np.ndarray, *, ngram: int,
                 max_gap: int, n_docs: int, min_words: int) -> pd.DataFrame:
    """Candidate regions ``a, b, a0, a1, b0, b1`` from seeds (step 3 of the module doc),
    sorted by ``a, b, a0, b0``. Regions of one pair depend on that pair's seeds only."""
    return _regions(a, b, pa, pb, n=ngram, max_gap=max_gap, n_docs=n_docs,
                    min_cover=min(min_words, -(-2 * min_words // 3)))


def align_regions(regions: pd.DataFrame, seqs, lengths, ids, outlets, texts, *, max_gap: int = 4,
                  min_anchor: int = 3, min_words: int = 12) -> list[dict]:
    """Step 4 of the module doc: align each candidate region, resolve the passages of each
    pair and render them as table rows (in region order).

    ``seqs``, ``lengths``, ``ids``, ``outlets`` and ``texts`` are indexed by the document
    numbers of ``regions`` (arrays for the whole corpus, or dicts holding only the
    documents the regions name, as on a cluster worker); ``seqs`` may come from any word
    hash, since only equality of words is used. Pairs are independent: the rows of a
    run of whole pairs are the rows of those pairs in the whole table.
    """
    rows = []
    spans: dict[int, np.ndarray] = {}
    pair_found: list[tuple] = []
    current = None
    for ra, rb, a0, a1, b0, b1 in regions.to_numpy():
        if current != (ra, rb):
            rows.extend(_render(current, pair_found, ids, outlets, texts, spans))
            current, pair_found = (ra, rb), []
        a0, a1 = max(0, a0), min(lengths[ra], a1)
        b0, b1 = max(0, b0), min(lengths[rb], b1)
        for p in _align(seqs[ra][a0:a1].tolist(), seqs[rb][b0:b1].tolist(),
                        max_gap=max_gap, min_anchor=min_anchor, min_words=min_words):
            pa0, pa1, pb0, pb1, matching, edits = p
            pair_found.append((pa0 + a0, pa1 + a0, pb0 + b0, pb1 + b0, matching,
                               [(e0 + a0, e1 + a0, f0 + b0, f1 + b0) for e0, e1, f0, f1 in edits]))
    rows.extend(_render(current, pair_found, ids, outlets, texts, spans))
    return rows


def passage_table(rows: list[dict]) -> pd.DataFrame:
    """The shared-passages table from :func:`align_regions` rows, typed and sorted by
    ``doc_a, doc_b, start_a``."""
    out = pd.DataFrame(rows, columns=PASSAGE_COLUMNS)
    out = out.astype({c: object for c in ("doc_a", "doc_b", "outlet_a", "outlet_b", "text_a",
                                          "text_b", "edits")})
    out = out.astype({c: np.int64 for c in ("n_words", "start_a", "end_a", "start_b", "end_b")})
    return out.sort_values(["doc_a", "doc_b", "start_a"], kind="mergesort").reset_index(drop=True)


def corpus_arrays(df: pd.DataFrame) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray, np.ndarray]:
    """What :func:`shared_passages` compares, in document-number order (by ``doc_id``):
    ``(ids, texts, outlets, outlet_code, order)``; ``order[i]`` is the row of ``df`` of
    document *i*, ``outlet_code`` numbers the outlets of :func:`outlet_groups`."""
    text_col = "text_clean" if "text_clean" in df.columns else "text"
    ids = df["doc_id"].astype(str).to_numpy(dtype=object)
    order = np.argsort(ids, kind="stable")          # index order = doc_id order
    ids = ids[order]
    texts = ["" if not isinstance(t, str) else t for t in df[text_col].to_numpy()[order]]
    outlets = (df["outlet"].to_numpy(dtype=object)[order] if "outlet" in df.columns
               else np.full(len(ids), UNKNOWN, dtype=object))
    outlet_code = pd.factorize(outlet_groups(df).to_numpy()[order])[0]
    return ids, texts, outlets, outlet_code, order


def _render(pair, found, ids, outlets, texts, spans) -> list[dict]:
    """Rows of the table for one pair: overlapping passages resolved, text sliced."""
    if pair is None or not found:
        return []
    ra, rb = pair
    # Regions of one pair can overlap (two chains near each other); keep the passage with
    # most matching words and drop any other that shares words with a kept one.
    found = sorted(found, key=lambda p: (-p[4], p[0], p[2]))
    kept: list[tuple] = []
    for p in found:
        if not any(_overlaps(p, q) for q in kept):
            kept.append(p)
    for d in (ra, rb):
        if d not in spans:
            spans[d] = word_spans(texts[d])
    sa, sb = spans[ra], spans[rb]
    ta, tb = texts[ra], texts[rb]
    out = []
    for a0, a1, b0, b1, matching, edits in kept:
        changes = []
        for e0, e1, f0, f1 in edits:
            old = " ".join(ta[sa[e0][0]:sa[e1 - 1][1]].split()) if e1 > e0 else NOTHING
            new = " ".join(tb[sb[f0][0]:sb[f1 - 1][1]].split()) if f1 > f0 else NOTHING
            changes.append(f"{old} -> {new}")
        start_a, end_a, start_b, end_b = sa[a0][0], sa[a1 - 1][1], sb[b0][0], sb[b1 - 1][1]
        out.append({"doc_a": ids[ra], "doc_b": ids[rb], "outlet_a": outlets[ra],
                    "outlet_b": outlets[rb], "text_a": ta[start_a:end_a],
                    "text_b": tb[start_b:end_b], "n_words": int(matching),
                    "edits": "; ".join(changes), "start_a": start_a, "end_a": end_a,
                    "start_b": start_b, "end_b": end_b})
    return out


def _marked(text: str, spans: list[tuple[int, int]], ranges: list[tuple[int, int]],
            tag: str) -> str:
    """``text`` HTML-escaped, with the words of each ``(w0, w1)`` range wrapped in ``tag``."""
    out, pos = [], 0
    for w0, w1 in ranges:
        start, end = spans[w0][0], spans[w1 - 1][1]
        out.append(escape(text[pos:start]))
        out.append(f"<{tag}>{escape(text[start:end])}</{tag}>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def passages_html(table: pd.DataFrame, *, max_rows: int | None = None) -> str:
    """Shared passages side by side, each outlet's edits marked, as an HTML table.

    Words of ``text_a`` that ``text_b`` does not have are wrapped in ``<del>``, words of
    ``text_b`` that ``text_a`` does not have in ``<ins>`` (the same alignment as
    :func:`shared_passages`). Every piece of article text, name and edit is HTML-escaped,
    so a scraped ``<script>`` shows as text. Only inert tags are used (``table``, ``tr``,
    ``th``, ``td``, ``del``, ``ins``, ``b``, ``br``), which survive the report's sanitiser.

    Parameters
    ----------
    table : rows of :func:`shared_passages` (``doc_a, doc_b, outlet_a, outlet_b, text_a,
        text_b, n_words, edits``).
    max_rows : show at most this many passages (None: all).
    """
    rows = table if max_rows is None else table.head(max_rows)
    parts = ['<table class="newslens-passages">',
             "<thead><tr><th>article a</th><th>article b</th></tr></thead><tbody>"]
    for r in rows.itertuples():
        ta, tb = str(r.text_a), str(r.text_b)
        sa, sb = word_spans(ta), word_spans(tb)
        edits = [x for x in _runs(words(ta), words(tb)) if x[0] == "ed"]
        del_ranges = [(x[1], x[2]) for x in edits if x[2] > x[1]]
        ins_ranges = [(x[3], x[4]) for x in edits if x[4] > x[3]]
        head = (f"<b>{escape(str(r.doc_a))}</b> ({escape(str(r.outlet_a))})",
                f"<b>{escape(str(r.doc_b))}</b> ({escape(str(r.outlet_b))})")
        parts.append(f"<tr><td>{head[0]}</td><td>{head[1]}</td></tr>")
        parts.append(f"<tr><td>{_marked(ta, sa, del_ranges, 'del')}</td>"
                     f"<td>{_marked(tb, sb, ins_ranges, 'ins')}</td></tr>")
        summary = f"{int(r.n_words)} matching words; edits: {r.edits or 'none'}"
        parts.append(f'<tr><td colspan="2">{escape(summary)}</td></tr>')
    parts.append("</tbody></table>")
    return "".join(parts)


__all__ = ["PASSAGE_COLUMNS", "outlet_groups", "words", "word_spans", "shared_passages",
           "passages_html", "corpus_arrays", "ngram_index", "ngram_seeds", "seed_regions",
           "align_regions", "passage_table"]
