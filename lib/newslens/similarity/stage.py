"""The similarity stage: how TF-IDF neighbours and shared passages split over the corpus.

Tables, in order: ``similarity_docs`` (all pairs of articles up to
:data:`~newslens.similarity.compare.ALL_PAIRS_MAX_DOCS` articles, else each article's
``config.top_k`` or :data:`~newslens.similarity.compare.TOP_K_LARGE` nearest),
``similarity_outlets`` (all pairs of outlets, each unknown-outlet article counting as
one; each outlet's ten nearest above 2,000 outlets) and ``shared_passages``
(``config.min_passage_words``, the other options at :data:`PASSAGE_OPTIONS`).

The steps (map on the workers, combine in the driver)
-----------------------------------------------------
1. over the partitions, :func:`count_partition`: the partition's term counts
   (:func:`~newslens.similarity.tfidf.count_terms`), doc_ids and outlets. *Combine*
   :func:`learn_vocabulary`: the vocabulary and idf
   (:func:`~newslens.similarity.tfidf.tfidf_vocabulary`), and the documents' numbers (their
   rank by ``doc_id``, which every table is sorted by).
2. over step 1's results, :func:`weigh_partition`: the partition's unit TF-IDF rows in the
   corpus's columns. *Combine* :func:`stack_rows`: the rows stacked into the matrix ``X``
   (the floats of ``TfidfVectorizer().fit_transform`` on the whole corpus, bit for bit);
   the outlets' table (one vector per outlet: few rows, computed here); the documents'
   cosine kernel, which goes in the context (sent once per worker).
3. over groups of row blocks (:func:`neighbour_groups`), :func:`neighbours_of_blocks`:
   the pairs in those blocks, or every document's best *k* among their cells. *Combine*
   :func:`merge_neighbours`: pairs concatenated, or the top-k answers merged; the
   documents' table.
4. over the partitions, :func:`hash_partition`: the partition's words, hashed with a hash
   that is the same in every process. The result stays where it was computed (nothing
   is combined).
5. over step 4's results, :func:`index_partition`: the word n-grams, split by hash into
   :data:`INDEX_BUCKETS` buckets. *Combine* :func:`collect_buckets`: bucket *j* of every
   partition together.
6. over the buckets, :func:`seeds_of_bucket`: the seeds of the n-grams of one bucket.
   *Combine* :func:`chain_regions`: seeds chained into candidate regions.
7. over step 4's results again, :func:`passage_texts`: the texts and hashed words of the
   documents the regions name. *Combine* :func:`collect_texts`: cut the regions into runs
   of whole pairs, each with its documents.
8. over the runs, :func:`align_run`: align and render the run's passages. *Combine*
   :func:`finish_passages`: the rows in region order, the ``shared_passages`` table.

The block decomposition of the neighbour search (step 3)
--------------------------------------------------------
The cosines are the upper triangle of ``V @ V.T`` for the unit rows ``V`` of the
documents sorted by ``doc_id``. Rows are cut into row blocks ``s:e`` of ``b = 8,000,000
// n`` rows; block ``s:e`` is the dense ``(e - s) x (n - s)`` array of rows ``s:e``
against rows ``s:`` (at most 8 million cells, 64 MB, plus one column chunk's sparse
product of at most ``b x chunk`` cells), so the blocks tile the upper triangle and every
pair is computed once. Consecutive blocks are grouped into one group per worker
(``context["workers"]``), of about equal work (block ``s:e`` costs ``(e - s)(n - s)``
cells); a group's task holds one block at a time and an ``n x k`` answer, and runs its
blocks on the worker's share of the cores as threads (:func:`worker_threads`: a process
alone uses both cores of this machine; each of two workers one). No more groups than
cores: a group starts with an empty answer, so at first it cannot skip the later rows
that already have *k* better neighbours; on all 37,554 AllSides articles in one process,
8 groups took 1.5x the CPU of one group for the same neighbours. The result
does not depend on the blocking: each cell is one sparse dot product whose terms are
added in the order of the left row's entries whichever block computes it, and the top-k
order is total (cosine descending, then the document that sorts first), so the groups'
answers merge to the same neighbours in any grouping and any order
(:mod:`newslens.similarity.neighbours` has the details).

Why the partitioning does not change the tables: document frequencies add over
partitions and each TF-IDF row depends on its document and the corpus idf only (its
squares summed in the corpus's first-appearance order of terms, as scikit-learn sums
them); every n-gram filter is a property of one n-gram, which is in one bucket; the
regions of a pair depend on that pair's seeds only, and a run never cuts a pair.
``doc_id`` values must be unique (:func:`newslens.load_corpus` renames duplicates): they
number the documents across partitions.
"""
from __future__ import annotations

import os

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..config import RunConfig
from ..pipeline.stages import Stage, Step, run_serial
from .compare import default_top_k, doc_order
from .neighbours import (CosineKernel, block_groups, blocks_in_threads, concat_pairs,
                         cosine_pairs, merge_top_k_parts, neighbour_count, pairs_table)
from .outlets import outlet_groups, outlet_matrix, outlet_values
from .passages import (align_regions, check_passage_options, hash_words, ngram_index,
                       ngram_seeds, pair_runs, passage_table, seed_regions)
from .tfidf import count_terms, texts_of, tfidf_rows, tfidf_vocabulary

#: Options of :func:`newslens.similarity.shared_passages` the stage uses (its defaults;
#: ``min_words`` comes from ``config.min_passage_words``).
PASSAGE_OPTIONS = {"ngram": 5, "max_doc_freq": 100, "max_outlet_doc_freq": 5, "max_gap": 4,
                   "min_anchor": 3}
#: Tasks of the parallel steps: hash buckets of the n-gram index (5) and runs of pairs to
#: align (7). Enough to keep a few workers busy whatever the corpus; more would only add
#: merging. The groups of row blocks (3) are one per worker (the module docstring says
#: why). None of them changes a table.
INDEX_BUCKETS = 8
ALIGN_RUNS = 8


def _doc_ids(part: pd.DataFrame) -> np.ndarray:
    return part["doc_id"].astype(str).to_numpy(dtype=object)


def _without(context: dict, *keys: str) -> dict:
    return {k: v for k, v in context.items() if k not in keys}


# --------------------------------------------------------------------------- 1-2: TF-IDF

def count_partition(part: pd.DataFrame, context: dict) -> dict:
    """Map (step 1): a partition's term counts (``count_terms``), ``doc_ids``, outlet
    ``groups`` (:func:`outlet_groups`) and ``outlets`` (as printed)."""
    counts = count_terms(texts_of(part))
    counts.update(doc_ids=_doc_ids(part), groups=outlet_groups(part).to_numpy(dtype=object),
                  outlets=outlet_values(part))
    return counts


def _without_matrix(counts: dict) -> dict:
    """What :func:`learn_vocabulary` needs of step 1's result (the matrix stays)."""
    return _without(counts, "matrix")


def learn_vocabulary(partials: list[dict], context: dict) -> dict:
    """Combine (step 1): the vocabulary and idf, the documents and their numbers."""
    config = context["config"]
    check_passage_options(min_words=config.min_passage_words, **PASSAGE_OPTIONS)
    ids = np.concatenate([p["doc_ids"] for p in partials])
    order = doc_order(ids)
    number = pd.Index(ids[order])
    if not number.is_unique:
        raise ValueError("the similarity stage needs unique doc_id values "
                         "(newslens.load_corpus renames duplicates)")
    groups = np.concatenate([p["groups"] for p in partials])
    outlets = np.concatenate([p["outlets"] for p in partials])
    voc = tfidf_vocabulary(partials)
    return {**context, "vocabulary": {k: voc[k] for k in ("appear", "column", "idf")},
            "doc_ids": ids, "doc_order": order, "groups": groups,
            "doc_number": number,                                  # doc_id -> number
            "outlet_code": pd.factorize(groups[order])[0],         # by number
            "outlets": outlets[order]}                              # by number


def weigh_partition(counts: dict, context: dict) -> sp.csr_matrix:
    """Map (step 2): a partition's unit TF-IDF rows in the corpus's columns."""
    voc = context["vocabulary"]
    return tfidf_rows(counts, appear=voc["appear"], column=voc["column"], idf=voc["idf"])


def stack_rows(partials: list[sp.csr_matrix], context: dict) -> dict:
    """Combine (step 2): the TF-IDF matrix; the outlets' table; the documents' kernel."""
    n_terms = len(context["vocabulary"]["column"])
    X = sp.vstack(partials, format="csr") if partials else sp.csr_matrix((0, n_terms))
    X = sp.csr_matrix(X, dtype=np.float64)
    X.sort_indices()
    V, labels = outlet_matrix(X, pd.Series(context["groups"], dtype=object))
    top = default_top_k(len(labels), None)
    outlets = pairs_table(labels, *cosine_pairs(V, top, n_jobs=1), all_pairs=top is None)
    order = context["doc_order"]
    top_k = default_top_k(len(order), context["config"].top_k)
    return {**_without(context, "vocabulary", "groups", "doc_order"),
            "kernel": CosineKernel(X[order]), "doc_labels": context["doc_ids"][order],
            "neighbours": None if top_k is None else neighbour_count(len(order), top_k),
            "outlet_table": outlets}


# --------------------------------------------------------------------------- 3: neighbours

def neighbour_groups(context: dict) -> list[list[tuple[int, int]]]:
    """The items of step 3: groups of consecutive row blocks of about equal work."""
    kernel = context["kernel"]
    if context["neighbours"] == 0:          # top-k of fewer than two documents: nothing
        return []
    return block_groups(kernel.blocks(), kernel.n, max(1, context.get("workers", 1)))


def neighbours_of_blocks(group: list[tuple[int, int]], context: dict):
    """Map (step 3): all pairs of the blocks' rows, or every row's best *k* among them,
    on this worker's share of the machine's cores as threads (:func:`worker_threads`)."""
    return blocks_in_threads(context["kernel"], group, context["neighbours"],
                             worker_threads(context.get("workers", 1)))


def worker_threads(workers: int) -> int:
    """Threads for one worker's block products: the cores of the machine it runs on,
    shared among the engine's workers (one process alone uses every core; two workers on
    two cores one each). The threads never change the answer, only how fast it comes."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def merge_neighbours(partials: list, context: dict) -> dict:
    """Combine (step 3): the ``similarity_docs`` table (and ``similarity_outlets``)."""
    k, labels = context["neighbours"], context["doc_labels"]
    if k is None or k == 0:
        a, b, v = concat_pairs(partials)
    else:
        a, b, v = merge_top_k_parts(partials, len(labels), k)
    tables = {"similarity_docs": pairs_table(labels, a, b, v, all_pairs=k is None),
              "similarity_outlets": context["outlet_table"]}
    return {**_without(context, "kernel", "doc_labels", "neighbours", "outlet_table"),
            "tables": tables}


# --------------------------------------------------------------------------- 4-7: passages

def hash_partition(part: pd.DataFrame, context: dict) -> dict:
    """Map (step 4): the partition's words hashed (the same hash in every process), with
    its texts and document numbers. The result stays where it is computed: step 5 indexes
    its n-grams and step 7 reads the words of the documents the regions name, so no
    text is hashed twice."""
    texts = texts_of(part)
    seqs, lengths = hash_words(texts)
    return {"texts": texts, "seqs": seqs, "lengths": lengths,
            "numbers": context["doc_number"].get_indexer(_doc_ids(part))}


def nothing(result) -> None:
    """Gather: nothing travels to the driver."""
    return None


def keep_context(partials: list, context: dict) -> dict:
    """Combine: the context as it was."""
    return context


def index_partition(hashed: dict, context: dict) -> list[tuple]:
    """Map (step 5, over step 4's results): the partition's word n-grams split by hash into
    :data:`INDEX_BUCKETS` buckets, with document numbers."""
    return ngram_index(hashed["seqs"], hashed["lengths"], hashed["numbers"],
                       ngram=PASSAGE_OPTIONS["ngram"], n_buckets=INDEX_BUCKETS)


def collect_buckets(partials: list[list[tuple]], context: dict) -> dict:
    """Combine (step 5): each bucket's pieces from every partition."""
    return {**context, "buckets": [[p[j] for p in partials] for j in range(INDEX_BUCKETS)]}


def bucket_items(context: dict) -> list:
    """The items of step 6: the buckets."""
    return context["buckets"]


def seeds_of_bucket(pieces: list[tuple], context: dict) -> tuple[np.ndarray, ...]:
    """Map (step 6): the seeds ``(doc_a, doc_b, pos_a, pos_b)`` of one bucket's n-grams."""
    return ngram_seeds(pieces, context["outlet_code"],
                       max_doc_freq=PASSAGE_OPTIONS["max_doc_freq"],
                       max_outlet_doc_freq=PASSAGE_OPTIONS["max_outlet_doc_freq"])


def chain_regions(partials: list[tuple], context: dict) -> dict:
    """Combine (step 6): the candidate regions, and the documents they name."""
    a, b, pa, pb = (np.concatenate([p[i] for p in partials]) if partials
                    else np.array([], dtype=np.int64) for i in range(4))
    regions = seed_regions(a, b, pa, pb, ngram=PASSAGE_OPTIONS["ngram"],
                           max_gap=PASSAGE_OPTIONS["max_gap"], n_docs=len(context["doc_number"]),
                           min_words=context["config"].min_passage_words)
    needed = np.unique(np.r_[regions["a"].to_numpy(), regions["b"].to_numpy()])
    return {**_without(context, "buckets", "outlet_code"), "regions": regions, "needed": needed}


def passage_texts(hashed: dict, context: dict) -> dict[int, tuple]:
    """Map (step 7, over step 4's results): ``(text, word hashes)`` of the partition's
    documents that the regions name, by document number."""
    numbers = hashed["numbers"]
    rows = np.flatnonzero(np.isin(numbers, context["needed"]))
    return {int(numbers[r]): (hashed["texts"][r], hashed["seqs"][r]) for r in rows}


def collect_texts(partials: list[dict], context: dict) -> dict:
    """Combine (step 7): the regions cut into runs of whole pairs of about equal length,
    each run with the texts, words, ids and outlets of the documents it names (so that a
    worker receives the documents of its run only, not the whole corpus's)."""
    docs: dict[int, tuple] = {}
    for part in partials:
        docs.update(part)
    regions, ids, outlets = context["regions"], context["doc_number"], context["outlets"]
    runs = []
    for start, stop in pair_runs(regions["a"].to_numpy(), regions["b"].to_numpy(), ALIGN_RUNS):
        run = regions.iloc[start:stop]
        numbers = np.unique(np.r_[run["a"].to_numpy(), run["b"].to_numpy()]).tolist()
        runs.append({"regions": run, "docs": {d: docs[d] for d in numbers},
                     "ids": {d: ids[d] for d in numbers},
                     "outlets": {d: outlets[d] for d in numbers}})
    return {"config": context["config"], "tables": context["tables"], "runs": runs}


def run_items(context: dict) -> list[dict]:
    """The items of step 8: runs of whole pairs' regions, with their documents."""
    return context["runs"]


def align_run(run: dict, context: dict) -> list[dict]:
    """Map (step 8): the table rows of one run of whole pairs' regions."""
    docs = run["docs"]
    return align_regions(run["regions"], {d: seq for d, (_, seq) in docs.items()},
                         {d: len(seq) for d, (_, seq) in docs.items()}, run["ids"],
                         run["outlets"], {d: text for d, (text, _) in docs.items()},
                         max_gap=PASSAGE_OPTIONS["max_gap"],
                         min_anchor=PASSAGE_OPTIONS["min_anchor"],
                         min_words=context["config"].min_passage_words)


def finish_passages(partials: list[list[dict]], context: dict) -> dict:
    """Combine (step 8): the ``shared_passages`` table; the stage's tables, in order."""
    rows = [row for part in partials for row in part]
    tables = {**context["tables"], "shared_passages": passage_table(rows)}
    return {"config": context["config"], "tables": tables}


STAGE = Stage(
    name="similarity",
    description="TF-IDF similarity and shared passages",
    steps=(
        Step(count_partition, learn_vocabulary, gather=_without_matrix),
        Step(weigh_partition, stack_rows, over="previous"),
        Step(neighbours_of_blocks, merge_neighbours, over=neighbour_groups),
        Step(hash_partition, keep_context, gather=nothing),
        Step(index_partition, collect_buckets, over="previous"),
        Step(seeds_of_bucket, chain_regions, over=bucket_items),
        Step(passage_texts, collect_texts, over=3),      # over step 4 (counted from 1)
        Step(align_run, finish_passages, over=run_items),
    ),
)


def stage_tables(df: pd.DataFrame, *, config: RunConfig) -> dict[str, pd.DataFrame]:
    """Tables written by ``newslens run``: ``similarity_docs``, ``similarity_outlets``,
    ``shared_passages`` (module docstring): :data:`STAGE` on one partition, here."""
    return run_serial(STAGE, df, config=config)


__all__ = ["STAGE", "PASSAGE_OPTIONS", "INDEX_BUCKETS", "ALIGN_RUNS",
           "stage_tables"]
