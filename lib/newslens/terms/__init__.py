"""Which words set each outlet apart: term frequencies, keyness, framing vocabulary.

Tables (all tidy, sorted, one row per group and term):

- :func:`term_frequencies` -> ``group, term, count, per_10k, doc_freq``
- :func:`keyness` -> ``group, term, statistic, score, count_group, count_rest, p_value``
  (one group against all the others; log-odds ratio with an informative Dirichlet prior,
  or signed log-likelihood G²)
- :func:`framing_rates` -> ``group, family, term, count, words, per_10k, share`` from an
  editable dictionary of term families (a study's YAML file, e.g. ``examples/idlib/framing.yaml``)
- :func:`collocations` -> ``term, w1, w2, count, score`` (NLTK, likelihood ratio)
- :func:`kwic` -> ``doc_id, outlet, left, keyword, right, start, end``: every number can
  be read back in its sentences.

All of them read ``text_clean`` (the cleaning stage's output) and fall back to ``text``.
Words are the tokens of :mod:`newslens.tokens`; the whole corpus is tokenised once by
:func:`count_terms`, whose result can be passed to the other functions as ``counts=`` so
that a notebook or the pipeline does not tokenise the same texts twice.

Modules
-------
:mod:`~newslens.terms.counting`
    :func:`count_terms`: the one pass over the texts (documents x terms counts).
:mod:`~newslens.terms.groups`
    :class:`GroupCounts`: the counts summed per group; partitions counted apart and merged.
:mod:`~newslens.terms.frequencies`
    :func:`term_frequencies`.
:mod:`~newslens.terms.keyness_stats`
    :func:`keyness` and its statistics, :func:`log_odds_dirichlet`, :func:`signed_g2`.
:mod:`~newslens.terms.dictionary`
    the framing dictionary (:func:`load_framing`), its pattern syntax and matcher.
:mod:`~newslens.terms.framing`
    :func:`framing_rates`.
:mod:`~newslens.terms.context`
    :func:`kwic` and :func:`collocations`.
:mod:`~newslens.terms.stage`
    the stage of ``newslens run`` (:data:`STAGE`, :func:`stage_tables`): how it splits.
"""
from __future__ import annotations

from .context import collocations, kwic
from .counting import DEFAULT_TOKEN_OPTIONS, TermCounts, count_terms
from .dictionary import FRAMING_COLUMNS, FRAMING_PATH, load_framing
from .framing import framing_rates
from .frequencies import term_frequencies
from .groups import GroupCounts, count_partition, group_counts, merge_group_counts
from .keyness_stats import KEYNESS_METHODS, keyness, log_odds_dirichlet, signed_g2
from .stage import (
    STAGE, STAGE_KEYNESS_MIN_COUNT, STAGE_KEYNESS_TOP_N, STAGE_TERMS_MIN_COUNT,
    STAGE_TERMS_TOP_N, stage_tables, tables_from_counts,
)

__all__ = [
    "FRAMING_PATH", "DEFAULT_TOKEN_OPTIONS", "KEYNESS_METHODS", "TermCounts", "count_terms",
    "GroupCounts", "group_counts", "count_partition", "merge_group_counts",
    "term_frequencies", "keyness", "log_odds_dirichlet", "signed_g2", "framing_rates",
    "load_framing", "FRAMING_COLUMNS", "collocations", "kwic", "STAGE", "stage_tables",
    "tables_from_counts", "STAGE_TERMS_MIN_COUNT", "STAGE_TERMS_TOP_N",
    "STAGE_KEYNESS_TOP_N", "STAGE_KEYNESS_MIN_COUNT",
]
