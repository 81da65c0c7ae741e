"""The terms stage of ``newslens run``: ``terms.csv``, ``keyness.csv``, ``framing.csv`` (only
when the run names a framing file).

How it splits: one step over the corpus's partitions.

*map* (:func:`count_terms_partition`)
    a partition's term, word and framing counts summed per outlet
    (:func:`newslens.terms.count_partition`).
*combine* (:func:`combine_terms`)
    the partitions' sums added (:func:`newslens.terms.merge_group_counts`), then the three
    tables built from the sums (:func:`tables_from_counts`).

Every table is a function of per-outlet sums of integer counts, and sums over disjoint
sets of documents add exactly, so every partitioning and every engine gives the same
tables as one partition (:func:`stage_tables`).
"""
from __future__ import annotations

import pandas as pd

from ..config import RunConfig
from ..pipeline.stages import Stage, Step, run_serial
from .framing import framing_rows
from .frequencies import frequency_rows
from .groups import GroupCounts, count_partition, merge_group_counts
from .keyness_stats import KEYNESS_METHODS, keyness_rows

__all__ = ["STAGE", "STAGE_TERMS_MIN_COUNT", "STAGE_TERMS_TOP_N", "STAGE_KEYNESS_TOP_N",
           "STAGE_KEYNESS_MIN_COUNT", "count_terms_partition", "combine_terms",
           "tables_from_counts", "stage_tables"]

#: ``terms.csv`` on a big corpus: per group, terms counted at least twice, at most the
#: 500 most frequent. A group's full vocabulary is mostly words used once, which no
#: comparison can use; 491 AllSides outlets x 500 terms is 245,500 rows.
STAGE_TERMS_MIN_COUNT = 2
STAGE_TERMS_TOP_N = 500
#: ``keyness.csv``: per group and statistic, the 50 highest and the 50 lowest scores among
#: terms seen at least 3 times in the corpus.
STAGE_KEYNESS_TOP_N = 50
STAGE_KEYNESS_MIN_COUNT = 3


def count_terms_partition(part: pd.DataFrame, context: dict) -> GroupCounts:
    """Map: one partition of the cleaned corpus counted per outlet, with the framing
    dictionary of ``context["config"].framing_path`` (None: no framing dictionary, and so no
    ``framing`` table: a study's framing families are its own and are never applied to
    another corpus by default)."""
    path = context["config"].framing_path
    return count_partition(part, by="outlet", framing=path if path is not None else False)


def combine_terms(partials: list[GroupCounts], context: dict) -> dict:
    """Combine: the partitions' counts added, and the stage's tables built from them."""
    return {**context, "tables": tables_from_counts(merge_group_counts(partials))}


def tables_from_counts(counts: GroupCounts) -> dict[str, pd.DataFrame]:
    """The stage's tables from the corpus's counts per outlet: ``terms``, ``keyness`` and,
    when the counts were made with a framing dictionary, ``framing``, in that order.

    ``terms``: per outlet, terms counted at least :data:`STAGE_TERMS_MIN_COUNT` times, at
    most the :data:`STAGE_TERMS_TOP_N` most frequent (:func:`newslens.terms.term_frequencies`).
    ``keyness``: both statistics stacked (column ``statistic``), per outlet the
    :data:`STAGE_KEYNESS_TOP_N` highest and lowest scores among terms seen at least
    :data:`STAGE_KEYNESS_MIN_COUNT` times (:func:`newslens.terms.keyness`). ``framing``:
    every outlet x dictionary term (:func:`newslens.terms.framing_rates`).
    """
    terms = frequency_rows(counts, min_count=STAGE_TERMS_MIN_COUNT, top_n=STAGE_TERMS_TOP_N)
    key = pd.concat([keyness_rows(counts, method=m, min_count=STAGE_KEYNESS_MIN_COUNT,
                                  top_n=STAGE_KEYNESS_TOP_N, alpha0=None)
                     for m in KEYNESS_METHODS], ignore_index=True)
    key = key.sort_values(["group", "statistic", "score", "term"],
                          ascending=[True, True, False, True], kind="mergesort")
    tables = {"terms": terms.reset_index(drop=True), "keyness": key.reset_index(drop=True)}
    if counts.framing is not None:
        tables["framing"] = framing_rows(counts)
    return tables


#: The terms stage: one map-reduce step over the corpus's partitions.
STAGE = Stage(
    name="terms",
    description="term frequencies, keyness and framing",
    steps=(Step(map=count_terms_partition, combine=combine_terms, over="partitions"),),
)


def stage_tables(df: pd.DataFrame, *, config: RunConfig) -> dict[str, pd.DataFrame]:
    """The tables ``newslens run`` writes for ``df`` (the cleaned corpus): :data:`STAGE`
    on one partition, in this process (:func:`tables_from_counts` says what they hold).
    The corpus is tokenised once for all three."""
    return run_serial(STAGE, df, config=config)
