"""Passages two outlets share: wire copy, common statements, and each outlet's edits.

Outlets that look different often print the same agency paragraph, each with its own
words for the same people ("opposition fighters" in one, "rebels" in the other). This
sub-package finds such passages between articles of *different* outlets and lists the
word-level edits that separate the two copies.

How (after passim, Smith, Cordell & Mullen 2015, "Computational methods for uncovering
reprinted texts in antebellum American newspapers")
--------------------------------------------------------------------------------------
1. **Words** (:mod:`.words`). Each text (``text_clean``, else ``text``) is split into
   words (letters and digits, with inner apostrophes: ``syria's``), lowercased,
   typographic apostrophes made straight. Punctuation and case are not compared, so they
   never count as edits.
2. **Seeds from an index of hashed word n-grams** (:mod:`.seeds`; ``ngram`` words, 5 as
   in passim). Every n-gram is hashed (a 64-bit polynomial hash of word hashes) and the
   index records, for each hash, the documents that contain it and where it *first*
   occurs in each. So:

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
3. **Chains** (:mod:`.seeds`). A pair's seeds, in text order, are chained while they
   advance in both texts by at most ``ngram + max_gap`` words and their offsets differ by
   at most ``max_gap`` words (the two copies stay aligned, give or take an edit). A chain
   whose seeds cover fewer than two thirds of ``min_words`` words is dropped: most chains
   are one stock phrase two articles happen to share (8.6 million chains in AllSides,
   158,000 covering 8 words or more), and a passage with ``min_words`` matching words has
   most of them in runs of ``ngram`` words or more. Each remaining chain, padded by
   ``ngram + max_gap`` words on both sides, is a candidate region; regions that overlap in
   both texts are merged (a stray seed cannot cut a passage in two).
4. **Alignment** (:mod:`.align`). The two word sequences of a region are aligned with
   rapidfuzz's ``Indel.opcodes`` (a longest-common-subsequence alignment, like difflib's,
   in C++). Consecutive non-matching operations form one edit (a substitution, insertion
   or deletion of up to ``max_gap`` words on either side); a one-word match between two
   edits joins them ("convoy of trucks" -> "column of lorries", not two edits around a
   coincidental "of"). An edit longer than ``max_gap`` words ends a passage. A passage
   starts and ends with at least ``min_anchor`` matching words (so it does not end on a
   coincidental "in the"), and is reported when it has at least ``min_words`` matching
   words.

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
outlet (:func:`newslens.similarity.outlet_groups`).

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

The similarity stage (:mod:`newslens.similarity.stage`) runs steps 2-4 split over
partitions of the corpus, hash buckets of the index and runs of pairs;
:func:`shared_passages` runs the same functions on the whole corpus at once.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..outlets import outlet_groups, outlet_values
from .align import NOTHING, PASSAGE_COLUMNS, align_regions, passage_table, word_runs
from .html import passages_html
from .seeds import ngram_index, ngram_seeds, pair_runs, seed_regions
from .words import WORD_RE, hash_words, word_spans, words


def corpus_arrays(df: pd.DataFrame) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray, np.ndarray]:
    """What :func:`shared_passages` compares, in document-number order (by ``doc_id``):
    ``(ids, texts, outlets, outlet_code, order)``; ``order[i]`` is the row of ``df`` of
    document *i*, ``outlet_code`` numbers the outlets of :func:`outlet_groups`."""
    text_col = "text_clean" if "text_clean" in df.columns else "text"
    ids = df["doc_id"].astype(str).to_numpy(dtype=object)
    order = np.argsort(ids, kind="stable")          # index order = doc_id order
    ids = ids[order]
    texts = ["" if not isinstance(t, str) else t for t in df[text_col].to_numpy()[order]]
    outlets = outlet_values(df)[order]
    outlet_code = pd.factorize(outlet_groups(df).to_numpy()[order])[0]
    return ids, texts, outlets, outlet_code, order


def check_passage_options(*, min_words: int, ngram: int = 5, max_doc_freq: int = 100,
                          max_outlet_doc_freq: int = 5, max_gap: int = 4,
                          min_anchor: int = 3) -> None:
    """Raise ValueError unless the options of :func:`shared_passages` make sense."""
    if (min_words < 1 or ngram < 1 or max_doc_freq < 2 or max_outlet_doc_freq < 1
            or max_gap < 0 or min_anchor < 1):
        raise ValueError("shared_passages: min_words, ngram, min_anchor and "
                         "max_outlet_doc_freq must be >= 1, max_doc_freq >= 2, max_gap >= 0")


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
    check_passage_options(min_words=min_words, ngram=ngram, max_doc_freq=max_doc_freq,
                          max_outlet_doc_freq=max_outlet_doc_freq, max_gap=max_gap,
                          min_anchor=min_anchor)
    ids, texts, outlets, outlet_code, _ = corpus_arrays(df)
    seqs, lengths = hash_words(texts)
    index = ngram_index(seqs, lengths, np.arange(len(ids)), ngram=ngram)
    a, b, pa, pb = ngram_seeds(index, outlet_code, max_doc_freq=max_doc_freq,
                               max_outlet_doc_freq=max_outlet_doc_freq)
    del index
    regions = seed_regions(a, b, pa, pb, ngram=ngram, max_gap=max_gap, n_docs=len(ids),
                           min_words=min_words)
    rows = align_regions(regions, seqs, lengths, ids, outlets, texts, max_gap=max_gap,
                         min_anchor=min_anchor, min_words=min_words)
    return passage_table(rows)


__all__ = ["PASSAGE_COLUMNS", "NOTHING", "WORD_RE", "outlet_groups", "words", "word_spans",
           "hash_words", "word_runs", "shared_passages", "passages_html", "corpus_arrays",
           "check_passage_options", "ngram_index", "ngram_seeds", "seed_regions", "pair_runs",
           "align_regions", "passage_table"]
