"""The cleaning stage: how cleaning a corpus splits over partitions of its articles.

Every rule but one looks at one article only. The exception, ``repeated_line``, drops the
lines an outlet repeats across many of its articles (:mod:`newslens.clean.repeats`), which
only the whole corpus shows. So the stage is two map-reduce steps:

1. over the partitions (:func:`start_partition`): run the character rules on each article
   (:func:`newslens.clean.document.run_text_stage`) and count, per outlet, each short
   line's articles, occurrences and surroundings
   (:func:`newslens.clean.repeats.repeat_statistics`); only the counts travel
   (:func:`repeat_counts`). *Combine* (:func:`learn_lines`): add the counts
   (:func:`newslens.clean.repeats.combine_repeat_statistics`) and select the boilerplate
   lines of each outlet (:func:`newslens.clean.repeats.select_repeated`) into the context
   (``"repeated"``).
2. over the previous step's results (:func:`finish_partition`): finish each article with
   its outlet's learned lines; the result is the partition with the cleaned columns and
   its log. *Combine* (:func:`assemble`): concatenate them into ``"corpus"`` and
   ``"tables"`` (``{"cleaning_log": log}``).

Why the partitioning does not change the result: the counts of disjoint sets of articles
add up to the corpus's counts exactly (the surroundings are kept as digests that are the
same in every process), so every partition learns the same lines; everything else is per
article, and the partitions are concatenated in corpus order. :func:`clean_corpus` is this
stage run on one partition in this process.

The disabled rules come from ``context["config"].disabled_clean_rules``; the other options
of :func:`clean_corpus` (custom rules, the thresholds of the learned rule) travel in
``context["clean_options"]`` (a :class:`CleanOptions`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import pandas as pd

from ..config import RunConfig
from ..pipeline.engines import SerialEngine
from ..pipeline.stages import Stage, Step, run_serial, run_stage
from .document import finish_document, run_text_stage
from .registry import active_rules
from .repeats import (RepeatStatistics, combine_repeat_statistics, paragraph_keys,
                      repeat_statistics, select_repeated)
from .rules import LOG_COLUMNS, Document, Rule

#: Rules that find the body of a scraped page in its text (:mod:`newslens.clean.body`);
#: not run on a text an extractor cut out of its page (an ``extracted_by`` value).
BODY_RULES = ("outside_body", "body_edges")

_LOG_DTYPES = {"doc_id": object, "rule": object, "removed_or_replaced_text": object,
               "replacement": object, "count": "int64"}


@dataclass(frozen=True)
class CleanOptions:
    """Options of the cleaning stage other than the disabled rules.

    Attributes
    ----------
    rules : the rules to run, in order (None: :data:`newslens.clean.DEFAULT_RULES`).
    learn_repeats : learn the lines each outlet repeats and drop them (``repeated_line``).
    min_repeat_docs, min_repeat_share : ``min_docs`` and ``min_share`` of
        :func:`newslens.clean.repeats.select_repeated`.
    """

    rules: tuple[Rule, ...] | None = None
    learn_repeats: bool = True
    min_repeat_docs: int = 3
    min_repeat_share: float = 0.02


def _options(context: dict) -> CleanOptions:
    return context.get("clean_options") or CleanOptions()


def _active(context: dict) -> tuple[Rule, ...]:
    return active_rules(_options(context).rules, context["config"].disabled_clean_rules)


def _learns(context: dict, active: tuple[Rule, ...]) -> bool:
    return _options(context).learn_repeats and any(r.name == "repeated_line" for r in active)


def _texts_and_groups(part: pd.DataFrame) -> tuple[list[str], list[str]]:
    # a missing text cleans to ""; without an outlet column the corpus is one group
    texts = [t if isinstance(t, str) else "" for t in part["text"].tolist()]
    groups = (part["outlet"].astype(str).tolist() if "outlet" in part.columns
              else ["" for _ in texts])
    return texts, groups


def log_frame(rows: list) -> pd.DataFrame:
    """The cleaning log from rows ``(doc_id, rule, old, new, count)``: columns
    :data:`LOG_COLUMNS`, ``count`` as int64, the rest objects."""
    return pd.DataFrame(rows, columns=LOG_COLUMNS).astype(_LOG_DTYPES)


# =========================================================================== step 1

def start_partition(part: pd.DataFrame, context: dict) -> dict:
    """Map of step 1: the character rules on each article of ``part``, and its repeat counts.

    Returns
    -------
    ``{"part": part, "started": [(doc, log), ...], "stats": RepeatStatistics}`` (empty
    counts when the learned rule is off).
    """
    active = _active(context)
    texts, groups = _texts_and_groups(part)
    started = [run_text_stage(text, active) for text in texts]
    stats = RepeatStatistics()
    if _learns(context, active):
        # the keys are remembered in each document, for the repeated_line rule of step 2
        stats = repeat_statistics((paragraph_keys(doc) for doc, _ in started), groups,
                                  keyed=True)
    return {"part": part, "started": started, "stats": stats}


def repeat_counts(started: dict) -> RepeatStatistics:
    """Gather of step 1: only the partition's repeat counts travel to the combine."""
    return started["stats"]


def learn_lines(partials: list[RepeatStatistics], context: dict) -> dict:
    """Combine of step 1: the partitions' counts added, the boilerplate lines selected.

    Returns the context with ``"repeated"``: outlet -> frozenset of line keys (empty when
    the learned rule is off). The gathered counts are consumed (added into the first).
    """
    repeated: dict[str, frozenset[str]] = {}
    if _learns(context, _active(context)):
        options = _options(context)
        stats = partials[0] if partials else RepeatStatistics()
        for counts in partials[1:]:
            stats = combine_repeat_statistics(stats, counts)
        repeated = select_repeated(stats, min_docs=options.min_repeat_docs,
                                   min_share=options.min_repeat_share)
    return {**context, "repeated": repeated}


# =========================================================================== step 2

def finish_documents(started: Sequence[tuple[Document, list]], doc_ids: Sequence[str],
                     groups: Sequence[str], repeated: dict[str, frozenset[str]],
                     active: tuple[Rule, ...], extracted: Sequence[bool] | None = None
                     ) -> tuple[list, list, list, list, list]:
    """Finish started articles with their outlet's learned repeated lines.

    Parameters
    ----------
    started : ``(doc, log)`` pairs from :func:`newslens.clean.document.run_text_stage`.
    doc_ids, groups : each article's id and outlet.
    repeated : per outlet, the lines learned as boilerplate.
    active : the active rules.
    extracted : per article, whether its text was cut out of a web page by an extractor
        (the ``extracted_by`` column): such a text skips the rules of :data:`BODY_RULES`,
        which look for the body in a scraped page's text (the extractor found it with the
        page's tree, which is better evidence; on the benchmark's pages the body rules
        took 0.966 recall of trafilatura's output down to 0.938).

    Returns
    -------
    (text_clean, headline, subheadings, agency, log rows) as lists in article order.
    """
    cleaned, headlines, subheads, agencies, rows = [], [], [], [], []
    without_body = tuple(r for r in active if r.name not in BODY_RULES)
    extracted = extracted if extracted is not None else [False] * len(doc_ids)
    for doc_id, (doc, log), group, cut in zip(doc_ids, started, groups, extracted):
        doc.repeated = repeated.get(group, frozenset())
        finish_document(doc, without_body if cut else active, log)
        cleaned.append(doc.text)
        headlines.append(doc.paragraphs[0] if doc.paragraphs else "")
        subheads.append("\n".join(doc.subheadings))
        agencies.append(doc.agency)
        rows.extend((doc_id, name, old, new, n) for name, (old, new, n) in log)
    return cleaned, headlines, subheads, agencies, rows


def finish_partition(started: dict, context: dict) -> pd.DataFrame:
    """Map of step 2: the partition cleaned, as :func:`clean_corpus` returns a corpus (a
    copy with ``text_clean``, ``headline``, ``subheadings`` and ``agency``; its log in
    ``attrs["cleaning_log"]``)."""
    part = started["part"]
    _, groups = _texts_and_groups(part)
    doc_ids = part["doc_id"].astype(str).tolist()
    extracted = (part["extracted_by"].fillna("").astype(str).str.strip().ne("").tolist()
                 if "extracted_by" in part.columns else None)
    cleaned, headlines, subheads, agencies, rows = finish_documents(
        started["started"], doc_ids, groups, context["repeated"], _active(context), extracted)
    out = part.copy()
    out["text_clean"] = pd.Series(cleaned, index=part.index, dtype=object)
    out["headline"] = pd.Series(headlines, index=part.index, dtype=object)
    out["subheadings"] = pd.Series(subheads, index=part.index, dtype=object)
    out["agency"] = pd.Series(agencies, index=part.index, dtype=object)
    out.attrs["cleaning_log"] = log_frame(rows)
    return out


def assemble(parts: list[pd.DataFrame], context: dict) -> dict:
    """Combine of step 2: the cleaned partitions and their logs concatenated in order.

    Returns the context with ``"corpus"`` (the cleaned corpus, its log in
    ``attrs["cleaning_log"]``) and ``"tables"``: ``{"cleaning_log": log}``.
    """
    if len(parts) == 1:
        corpus = parts[0]
        log = corpus.attrs["cleaning_log"]
    else:
        logs = [p.attrs["cleaning_log"] for p in parts]
        log = pd.concat([g for g in logs if len(g)] or logs[:1],
                        ignore_index=True).astype(_LOG_DTYPES)
        attrs = {k: v for k, v in parts[0].attrs.items() if k != "cleaning_log"}
        frames = []
        for p in parts:
            # pandas compares the frames' attrs to propagate them, which fails on the
            # DataFrames they hold (the load report): concatenate without them
            frame = p.copy(deep=False)
            frame.attrs = {}
            frames.append(frame)
        corpus = pd.concat(frames)
        corpus.attrs = {**attrs, "cleaning_log": log}
    return {**context, "corpus": corpus, "tables": {"cleaning_log": log}}


STAGE = Stage(
    "clean",
    "repair characters and drop boilerplate in each article; lines an outlet repeats are "
    "learned from the counts of every partition",
    steps=(Step(start_partition, learn_lines, over="partitions", gather=repeat_counts),
           Step(finish_partition, assemble, over="previous")),
)


# =========================================================================== entry points

def clean_corpus(df: pd.DataFrame, *, rules: Sequence[Rule] | None = None,
                 disabled: Iterable[str] = (), learn_repeats: bool = True,
                 min_repeat_docs: int = 3, min_repeat_share: float = 0.02
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every article of a corpus and log every change (:data:`STAGE` on one partition).

    Parameters
    ----------
    df : a corpus from :func:`newslens.load_corpus` (columns ``doc_id``, ``text``; ``outlet``
        is used to learn repeated lines per outlet when present).
    rules, disabled : as in :func:`newslens.clean.clean_text`.
    learn_repeats : learn lines repeated across an outlet's articles
        (:mod:`newslens.clean.repeats`) and drop them (rule ``repeated_line``).
    min_repeat_docs, min_repeat_share : thresholds of
        :func:`newslens.clean.repeats.select_repeated`.

    Returns
    -------
    (df, log).
    ``df`` is a copy with four new columns: ``text_clean`` (see
    :func:`newslens.clean.clean_text`), ``headline`` (its first paragraph),
    ``subheadings`` (moved subheadings joined by ``"\\n"``, "" when none) and ``agency``
    (the news agency of the dateline the ``dateline`` rule removed, "Reuters" in "CAIRO
    (Reuters) -"; "" when none). The raw ``text``
    is kept. ``df.attrs["cleaning_log"]`` holds the log.
    ``log`` has one row per distinct change per article: ``doc_id``, ``rule``,
    ``removed_or_replaced_text``, ``replacement`` ("" for a removal) and ``count`` (how often
    that exact change happened in the article, e.g. 12 curly quotes), in article order and,
    within an article, in the order the rules ran.
    """
    options = CleanOptions(rules=None if rules is None else tuple(rules),
                           learn_repeats=learn_repeats, min_repeat_docs=min_repeat_docs,
                           min_repeat_share=min_repeat_share)
    context, _, _ = run_stage(STAGE, SerialEngine(), [df],
                              config=RunConfig(disabled_clean_rules=tuple(disabled)),
                              context={"clean_options": options})
    return context["corpus"], context["tables"]["cleaning_log"]


def stage_tables(df: pd.DataFrame, *, config: RunConfig) -> dict[str, pd.DataFrame]:
    """The stage's tables for ``df`` (raw articles): ``{"cleaning_log": log}``, the log in
    article order, cleaned with ``config.disabled_clean_rules`` switched off."""
    return run_serial(STAGE, df, config=config)


def learn_repeated_lines(texts: Sequence[str], groups: Sequence[str], *,
                         rules: Sequence[Rule] | None = None, disabled: Iterable[str] = (),
                         min_docs: int = 3, min_share: float = 0.02, max_words: int = 60
                         ) -> dict[str, frozenset[str]]:
    """The lines that repeat across many articles of one group (outlet): learned boilerplate.

    The texts are put through the character rules first; the rule is stated in
    :mod:`newslens.clean.repeats`. Lines longer than ``max_words`` words are never counted.

    Returns
    -------
    dict outlet -> frozenset of line keys (:func:`newslens.clean.repeats.repeat_key`).
    """
    text_rules = [r for r in active_rules(rules, disabled) if r.stage == "text"]
    paragraphs = (run_text_stage(text, text_rules)[0].paragraphs for text in texts)
    return select_repeated(repeat_statistics(paragraphs, groups, max_words=max_words),
                           min_docs=min_docs, min_share=min_share)
