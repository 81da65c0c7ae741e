"""Step 4 of the shared passages: align the words of each candidate region, cut and trim
the passages, and render them as rows of the table (the method is in
:mod:`newslens.similarity.passages`)."""
from __future__ import annotations

import numpy as np
import pandas as pd
from rapidfuzz.distance import Indel

from .words import word_spans

#: Columns of the shared-passages table.
PASSAGE_COLUMNS = ["doc_a", "doc_b", "outlet_a", "outlet_b", "text_a", "text_b", "n_words",
                   "edits", "start_a", "end_a", "start_b", "end_b"]
#: Shown for the missing side of an insertion or deletion in ``edits``.
NOTHING = "(none)"


def word_runs(wa: list, wb: list) -> list[list]:
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
    for r in word_runs(wa, wb) + [["ed", 0, max_gap + 1, 0, max_gap + 1]]:
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


def align_regions(regions: pd.DataFrame, seqs, lengths, ids, outlets, texts, *, max_gap: int = 4,
                  min_anchor: int = 3, min_words: int = 12) -> list[dict]:
    """Align each candidate region, resolve the passages of each pair and render them as
    table rows (in region order).

    ``seqs`` (word hashes, :func:`newslens.similarity.passages.words.hash_words`),
    ``lengths``, ``ids``, ``outlets`` and ``texts`` are indexed by the document numbers of
    ``regions``: arrays for the whole corpus, or dicts holding only the documents the
    regions name. Pairs are independent: the rows of a run of whole pairs are the rows of
    those pairs in the whole table.
    """
    rows = []
    spans: dict[int, list] = {}
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


def passage_table(rows: list[dict]) -> pd.DataFrame:
    """The shared-passages table from :func:`align_regions` rows, typed and sorted by
    ``doc_a, doc_b, start_a``."""
    out = pd.DataFrame(rows, columns=PASSAGE_COLUMNS)
    out = out.astype({c: object for c in ("doc_a", "doc_b", "outlet_a", "outlet_b", "text_a",
                                          "text_b", "edits")})
    out = out.astype({c: np.int64 for c in ("n_words", "start_a", "end_a", "start_b", "end_b")})
    return out.sort_values(["doc_a", "doc_b", "start_a"], kind="mergesort").reset_index(drop=True)


__all__ = ["PASSAGE_COLUMNS", "NOTHING", "word_runs", "align_regions", "passage_table"]
