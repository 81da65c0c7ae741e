"""Run every stage on a corpus and write the tidy tables.

Stages, in order: load (:mod:`newslens.corpus`), clean (:mod:`newslens.clean`), then the
analysis stages, each a module exposing ``stage_tables(df, *, config) -> dict[name, table]``:
:mod:`newslens.terms`, :mod:`newslens.similarity`, :mod:`newslens.stance` (quotes and
stance). Each table is written as ``<name>.csv`` with :func:`newslens.io.write_table`
(sorted rows, fixed float format, spreadsheet-safe cells), so two runs on the same corpus
give byte-identical files.
"""
from __future__ import annotations

import importlib
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from ..config import RunConfig
from ..corpus import load_corpus, load_report
from ..io import write_table

log = logging.getLogger("newslens")

#: Analysis stages run after cleaning: (module, human name).
ANALYSIS_STAGES: tuple[tuple[str, str], ...] = (
    ("terms", "term frequencies, keyness and framing"),
    ("similarity", "TF-IDF similarity and shared passages"),
    ("stance", "quotes, speakers and stance"),
)

#: Smallest corpus for which the local engine uses every core by default. On 2 cores, two
#: processes took 1.38x less wall time than one on the first 1,000 AllSides articles
#: (3.1 s against 4.2 s), 1.5x on 2,000, 1.65x on 4,694 and 9,388, and 1.39x on all
#: 37,554 (139 s against 193 s, the same CPU time, less peak memory;
#: ``benchmarks/results/pipeline.md``). Below this size a run takes a few seconds and
#: the fraction of a second spent forking and gathering is not worth it.
PARALLEL_MIN_ARTICLES = 1000


def default_workers(n_articles: int) -> int:
    """Processes the local engine uses when ``workers`` is not given: one per core this
    process may run on, for a corpus of at least :data:`PARALLEL_MIN_ARTICLES` articles;
    else one. Every choice writes the same bytes."""
    if n_articles < PARALLEL_MIN_ARTICLES:
        return 1
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:                                   # pragma: no cover (not Linux)
        return max(1, os.cpu_count() or 1)


#: Row order of every table the pipeline writes: the columns that identify a row.
SORT_KEYS: dict[str, list[str]] = {
    "articles": ["doc_id"],
    "load_report": ["source", "doc_id"],
    # by article; the stable sort keeps each article's changes in the order the rules ran,
    # so the file does not depend on the order of the input rows
    "cleaning_log": ["doc_id"],
}


@dataclass
class RunResult:
    """What a run produced: the tables by name, the files written, and warnings."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    n_articles: int = 0
    n_outlets: int = 0
    #: per stage (load, clean, terms, similarity, stance, write): wall and CPU seconds
    timings: list = field(default_factory=list)


def articles_table(df: pd.DataFrame) -> pd.DataFrame:
    """``articles.csv``: ``doc_id, outlet, title, published, n_words, text``.

    ``text`` is the cleaned text when the corpus has been cleaned, and ``n_words`` counts
    its whitespace-separated words.
    """
    text = df["text_clean"] if "text_clean" in df.columns else df["text"]
    out = df[["doc_id", "outlet", "title", "published"]].copy()
    out["n_words"] = text.str.split().str.len().fillna(0).astype(int)
    out["text"] = text
    return out


def run_pipeline(corpus: str | Path | None = None, out: str | Path | None = None, *,
                 config: RunConfig | None = None, load_options: dict | None = None,
                 stages: tuple[str, ...] | None = None, engine: str = "local",
                 scheduler=None, workers: int | None = None) -> RunResult:
    """Load, clean and analyse a corpus; write every table into ``out``.

    Parameters
    ----------
    corpus : anything :func:`newslens.load_corpus` accepts (None: the bundled corpus).
    out : output folder (None: compute the tables without writing them).
    config : run options (target terms, actors file, top-k, ...).
    load_options : column names passed to :func:`newslens.load_corpus`.
    stages : analysis stage modules to run (default: all of :data:`ANALYSIS_STAGES`).
    engine : ``"local"`` (this machine) or ``"dask"`` (a ``dask.distributed`` cluster; needs
        the ``dask`` extra). Both give byte-identical tables; see :mod:`newslens.distributed`.
    scheduler : for ``engine="dask"``: the scheduler's address (``"tcp://host:8786"``), a
        ``Client`` or a cluster object; None starts a loopback ``LocalCluster``.
    workers : processes. Local engine: 1 = all in this process, N = this process and N - 1
        forked ones, None = :func:`default_workers` (every core from
        :data:`PARALLEL_MIN_ARTICLES` articles up, else one). Dask without a scheduler: the
        ``LocalCluster``'s workers.

    Returns
    -------
    RunResult with the tables, the paths written and the warnings.
    """
    config = config or RunConfig()
    result = RunResult()
    if engine not in ("local", "dask"):
        raise ValueError(f"unknown engine {engine!r}: use 'local' or 'dask'")
    from ..distributed import SerialEngine, StageTiming, make_engine, run_stages

    def clock():
        return time.perf_counter(), time.process_time()

    def record(stage, start):
        result.timings.append(StageTiming(stage, time.perf_counter() - start[0],
                                          time.process_time() - start[1]))

    start = clock()
    df = load_corpus(corpus, **(load_options or {}))
    record("load", start)
    report = load_report(df)
    result.tables["load_report"] = report
    n_problem = int((report["status"] != "ok").sum())
    if n_problem:
        result.warnings.append(f"{n_problem} input(s) with warnings or skipped: see load_report.csv")

    wanted = stages if stages is not None else tuple(name for name, _ in ANALYSIS_STAGES)
    if engine == "local" and workers is None:
        workers = default_workers(len(df))
    runner = make_engine(engine, scheduler=scheduler, workers=workers)
    if not isinstance(runner, SerialEngine):
        # several processes or a cluster: per-article work on partitions, see distributed.py
        try:
            df, cleaning_log, by_stage, timings = run_stages(runner, df, config=config,
                                                             stages=wanted)
        finally:
            runner.close()
        result.tables["cleaning_log"] = cleaning_log
        result.tables["articles"] = articles_table(df)
        result.n_articles = len(df)
        result.n_outlets = int(df["outlet"].nunique())
        for name in wanted:
            result.tables.update(by_stage[name])
        result.timings.extend(timings)
        return _write(result, out, clock, record, runner)

    from ..clean import clean_corpus  # imported here: the cleaning stage is optional at import

    start = clock()
    df, cleaning_log = clean_corpus(df, disabled=config.disabled_clean_rules)
    record("clean", start)
    result.tables["cleaning_log"] = cleaning_log
    result.tables["articles"] = articles_table(df)
    result.n_articles = len(df)
    result.n_outlets = int(df["outlet"].nunique())

    labels = dict(ANALYSIS_STAGES)
    # A progress bar only where someone watches (a terminal) and the corpus is long enough
    # for it to matter; tqdm writes to stderr, so tables and summaries stay clean.
    bar = tqdm(wanted, desc="newslens", unit="stage", leave=False,
               disable=not config.progress or len(df) < 200)
    for name in bar:
        bar.set_postfix_str(labels.get(name, name))
        module = importlib.import_module(f"newslens.{name}")
        log.info("stage %s", name)
        start = clock()
        result.tables.update(module.stage_tables(df, config=config))
        record(name, start)
    return _write(result, out, clock, record)


def _write(result: RunResult, out, clock, record, runner=None) -> RunResult:
    """Write every table; on the local engine's processes when it has several (each file
    by one process, whole: the same bytes), else here, one after the other."""
    from ..distributed import ProcessEngine, write_tables_locally

    start = clock()
    children_cpu = 0.0
    if out is not None and isinstance(runner, ProcessEngine) and runner.n_workers > 1:
        paths, children_cpu = write_tables_locally(runner, result.tables, out, SORT_KEYS)
        result.written.extend(paths)
    elif out is not None:
        out = Path(out)
        for name, table in result.tables.items():
            result.written.append(write_table(table, out / f"{name}.csv",
                                              sort_by=SORT_KEYS.get(name)))
    record("write", start)
    result.timings[-1].cpu_s += children_cpu
    return result
