"""Run every stage on a corpus and write the tidy tables.

Load (:mod:`newslens.corpus`), clean (:mod:`newslens.clean`), then the analysis stages,
each a :class:`~newslens.pipeline.stages.Stage` (``STAGE`` in ``newslens.<stage>.stage``):
terms, similarity, stance (quotes and stance). The corpus is split into partitions of
about equal characters, the engine runs each stage's steps on them
(:func:`~newslens.pipeline.stages.run_stage`), and each table is written as
``<name>.csv`` with :func:`newslens.io.write_table` (sorted rows, fixed float format,
spreadsheet-safe cells), so every engine and every run gives byte-identical files.
"""
from __future__ import annotations

import importlib
import logging
import os
import time
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ..config import NO_ACTORS_PATH, RunConfig
from ..corpus import UNKNOWN, load_corpus, load_report
from ..errors import NewslensError
from ..io import write_table
from ..outputs import output_folder
from .engines import make_engine
from .stages import StageTiming, run_stage, split_corpus

log = logging.getLogger("newslens")

#: Analysis stages run after cleaning, in order: (sub-package, human name).
ANALYSIS_STAGES: tuple[tuple[str, str], ...] = (
    ("terms", "term frequencies, keyness and framing"),
    ("similarity", "TF-IDF similarity and shared passages"),
    ("stance", "quotes, speakers and stance"),
)

#: Partitions per worker: several, so that a worker that finishes early takes another
#: instead of idling while the last long partition runs.
PARTITIONS_PER_WORKER = 4

#: Smallest corpus for which the local engine uses every core by default. Below this
#: size a run takes a few seconds, and forking and gathering are not worth it (on 2
#: cores, two processes took 1.38x less wall time than one on the first 1,000 AllSides
#: articles; ``benchmarks/results/pipeline.md``).
PARALLEL_MIN_ARTICLES = 1000

#: Row order of the tables the pipeline writes itself: the columns that identify a row.
SORT_KEYS: dict[str, list[str]] = {
    "articles": ["doc_id"],
    "load_report": ["source", "doc_id"],
    # by article; the stable sort keeps each article's changes in the order the rules ran,
    # so the file does not depend on the order of the input rows
    "cleaning_log": ["doc_id"],
}

#: Columns of ``run_notes.csv``: what the run did not compute, or computed from a default,
#: and why, one row per ``topic`` (``corpus``, ``stance``, ``framing``, ``actors``,
#: ``outlets``); the report and the command's summary show them (``docs/study.md``).
NOTE_COLUMNS = ["topic", "note"]


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


@dataclass
class RunResult:
    """What a run produced: the tables by name, the files written, and warnings."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: (topic, note) pairs, also written as ``run_notes.csv`` (:data:`NOTE_COLUMNS`)
    notes: list[tuple[str, str]] = field(default_factory=list)
    n_articles: int = 0
    n_outlets: int = 0
    #: per stage (load, clean, terms, similarity, stance, write): wall and CPU seconds
    timings: list[StageTiming] = field(default_factory=list)


#: Columns of the loaded corpus that are the loader's or the cleaner's own, not the
#: corpus's: they are not repeated in ``articles.csv`` as extra columns.
_INTERNAL_COLUMNS = {"text", "text_clean", "source"}


def articles_table(df: pd.DataFrame) -> pd.DataFrame:
    """``articles.csv``: ``doc_id, outlet, title, title_evidence, published, n_words``, the
    corpus's other columns as read (``url``, ``authors``, ...), then ``text``.

    ``text`` is the cleaned text when the corpus has been cleaned, and ``n_words`` counts
    its whitespace-separated words. ``docs/data.md`` describes every column.
    """
    text = df["text_clean"] if "text_clean" in df.columns else df["text"]
    first = [c for c in ("doc_id", "outlet", "title", "title_evidence", "published")
             if c in df.columns]
    extra = [c for c in df.columns if c not in first and c not in _INTERNAL_COLUMNS
             and c != "n_words"]
    out = df[first].copy()
    out["n_words"] = text.str.split().str.len().fillna(0).astype(int)
    for c in extra:
        out[c] = df[c]
    out["text"] = text
    return out


def default_config(corpus: str | Path | None) -> RunConfig:
    """The run options when none are given: the bundled example study's for the bundled
    corpus (``corpus`` None), else none (no event, no actors, no framing)."""
    if corpus is None:
        from ..study import example_study

        return example_study().config
    return RunConfig()


def run_notes(config: RunConfig, corpus: str | Path | None,
              articles: pd.DataFrame | None = None) -> list[tuple[str, str]]:
    """What a run with ``config`` does not compute, or computes from a default, and why:
    (topic, note) pairs for the summary and ``run_notes.csv``.

    Examples
    --------
    >>> [topic for topic, _ in run_notes(RunConfig(), "my.csv")]
    ['stance', 'framing', 'actors']
    """
    notes = []
    if corpus is None:
        notes.append(("corpus", "no corpus given: the bundled example study"
                      + (f" ({config.title})" if config.title else "")
                      + " with its own target event, actors and framing; give --corpus or "
                        "--study for your own"))
    if not config.target_terms:
        notes.append(("stance", "no target event given: quotes and voice shares are "
                      "computed, stance is not (every statement is labelled no_target and "
                      "stance.csv is empty); name the event with --target-terms "
                      "(and --target-place) or target_terms in a study file"))
    if config.framing_path is None:
        notes.append(("framing", "no framing file given: no framing table is written; give "
                      "one with --framing or framing in a study file"))
    if config.actors_path is None:
        notes.append(("actors", "no actors file given: speakers are kept by the name the "
                      "text gives; give one with --actors to group them"))
    if articles is not None and len(articles):
        n_unknown = int((articles["outlet"] == UNKNOWN).sum())
        if n_unknown:
            notes.append(("outlets", f"{n_unknown} of {len(articles)} articles have no known "
                          "outlet: they count in corpus totals but are left out of "
                          "comparisons between outlets (keyness, outlet similarity)"))
    return notes


def stage_of(name: str):
    """The :class:`~newslens.pipeline.stages.Stage` of sub-package ``newslens.<name>``."""
    return importlib.import_module(f"newslens.{name}.stage").STAGE


def prepare_corpus(corpus: str | Path | None = None, *, load_options: dict | None = None,
                   config: RunConfig | None = None) -> pd.DataFrame:
    """The cleaned corpus exactly as :func:`run_pipeline` analyses it: loaded with
    ``load_options`` and cleaned by the cleaning stage with ``config``'s rules. The
    notebooks start here, so that they see what the tables were computed from.
    """
    from .engines import SerialEngine

    config = config or RunConfig()
    df = load_corpus(corpus, **(load_options or {}))
    ctx, _, _ = run_stage(stage_of("clean"), SerialEngine(), [df], config=config)
    return ctx["corpus"]


def run_pipeline(corpus: str | Path | None = None, out: str | Path | None = None, *,
                 config: RunConfig | None = None, load_options: dict | None = None,
                 stages: tuple[str, ...] | None = None, engine: str = "local",
                 scheduler=None, workers: int | None = None) -> RunResult:
    """Load, clean and analyse a corpus; write every table into ``out``.

    Parameters
    ----------
    corpus : anything :func:`newslens.load_corpus` accepts (None: the bundled example
        study's corpus).
    out : output folder (None: compute the tables without writing them). Checked and
        locked before any work; the tables are published into it all at once when every
        one is written, so an interrupted or failed run leaves the previous outputs
        (:mod:`newslens.outputs`).
    config : run options (target terms, actors file, top-k, ...). None: the example
        study's for the bundled corpus, else :class:`RunConfig` () (no event, no actors,
        no framing; :func:`run_notes` says what that leaves out).
    load_options : column names passed to :func:`newslens.load_corpus`.
    stages : analysis stages to run (default: all of :data:`ANALYSIS_STAGES`).
    engine : ``"local"`` (this machine) or ``"dask"`` (a ``dask.distributed`` cluster; needs
        the ``dask`` extra). Every engine gives byte-identical tables.
    scheduler : for ``engine="dask"``: the scheduler's address (``"tcp://host:8786"``), a
        ``Client`` or a cluster object; None starts a loopback ``LocalCluster``.
    workers : processes. Local engine: 1 = all in this process, N = a pool of N processes,
        None = :func:`default_workers`. Dask without a scheduler: the ``LocalCluster``'s
        workers (default one per core).

    Returns
    -------
    RunResult with the tables, the paths written, the warnings, the notes and the timings.
    """
    config = config if config is not None else default_config(corpus)
    if engine not in ("local", "dask"):
        raise ValueError(f"unknown engine {engine!r}: use 'local' or 'dask'")
    # Everything the run needs is checked before the first stage: the output folder (and
    # its lock), then the options files; the tables are written into a staging folder and
    # published into ``out`` only when every one of them is written (newslens.outputs).
    with output_folder(out) if out is not None else nullcontext() as staging:
        check_options(config)
        result = _run(corpus, config=config, load_options=load_options, stages=stages,
                      engine=engine, scheduler=scheduler, workers=workers, staging=staging)
    if out is not None:
        result.written = [Path(out) / path.name for path in result.written]
    return result


def check_options(config: RunConfig) -> None:
    """Read every options file ``config`` names (actors, framing), so that a missing or
    malformed one stops the run before any work, with a message naming the file."""
    from ..quotes import load_actors
    from ..terms import load_framing

    for path, what, load in ((config.actors_path, "actors file", load_actors),
                             (config.framing_path, "framing file", load_framing)):
        if path is None:
            continue
        path = Path(path)
        if not path.is_file():
            raise NewslensError(f"{path}: {what} not found" if not path.exists()
                                else f"{path}: the {what} is not a regular file")
        try:
            load(path)
        except NewslensError:
            raise
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise NewslensError(f"{path}: cannot read the {what}: {exc}") from None


def _run(corpus, *, config: RunConfig, load_options, stages, engine, scheduler, workers,
         staging: Path | None) -> RunResult:
    result = RunResult()
    # No actors file means no actors: the quote extractor's own default is the example
    # study's actors file, so the stages get an explicit header-only one.
    stage_config = (config if config.actors_path is not None
                    else replace(config, actors_path=NO_ACTORS_PATH))
    w0, c0 = time.perf_counter(), time.process_time()
    df = load_corpus(corpus, **(load_options or {}))
    result.timings.append(StageTiming("load", time.perf_counter() - w0, time.process_time() - c0))
    report = load_report(df)
    result.tables["load_report"] = report
    n_problem = int((report["status"] != "ok").sum())
    if n_problem:
        result.warnings.append(f"{n_problem} input(s) with warnings or skipped: see load_report.csv")

    wanted = stages if stages is not None else tuple(name for name, _ in ANALYSIS_STAGES)
    if engine == "local" and workers is None:
        workers = default_workers(len(df))
    runner = make_engine(engine, scheduler=scheduler, workers=workers)
    try:
        n_parts = 1 if runner.n_workers == 1 else runner.n_workers * PARTITIONS_PER_WORKER
        # Progress bars only where someone watches (a terminal) and the corpus is long
        # enough for them to matter; tqdm writes to stderr, so tables and summaries stay clean.
        progress = config.progress and len(df) >= 200
        ctx, _, timing = run_stage(stage_of("clean"), runner,
                                   runner.scatter(split_corpus(df, n_parts)),
                                   config=stage_config, progress=progress)
        result.timings.append(timing)
        df = ctx["corpus"]
        result.tables["cleaning_log"] = ctx["tables"]["cleaning_log"]
        result.tables["articles"] = articles_table(df)
        result.n_articles = len(df)
        result.n_outlets = int(df["outlet"].nunique())
        parts = runner.scatter(split_corpus(df, n_parts, text_col="text_clean"))
        for name in wanted:
            log.info("stage %s", name)
            ctx, _, timing = run_stage(stage_of(name), runner, parts, config=stage_config,
                                       progress=progress)
            result.tables.update(ctx["tables"])
            result.timings.append(timing)
        del parts
        # With no target terms the stance stage labels every statement ``no_target`` and
        # its stance table is empty (newslens.stance.assign_stance); the notes say why.
        result.notes = run_notes(config, corpus, result.tables["articles"])
        result.tables["run_notes"] = pd.DataFrame(result.notes, columns=NOTE_COLUMNS)
        w0, c0, e0 = time.perf_counter(), time.process_time(), runner.cpu_s
        if staging is not None:
            result.written = write_tables(result.tables, staging, engine=runner)
        result.timings.append(StageTiming("write", time.perf_counter() - w0,
                                          time.process_time() - c0 + runner.cpu_s - e0))
    finally:
        runner.close()
    return result


def _write_one(name: str, context: tuple) -> Path:
    tables, out = context
    return write_table(tables[name], out / f"{name}.csv", sort_by=SORT_KEYS.get(name))


def _write_cost(table: pd.DataFrame) -> int:
    """A rough cost of writing ``table``, only to order the writes longest first: its
    cells plus the characters of its text columns, estimated from at most 200 evenly
    spaced rows. The order decides which process writes which file, never the bytes."""
    n = len(table)
    if n == 0:
        return 0
    rows = table.iloc[[i * (n - 1) // 199 for i in range(200)] if n > 200 else slice(None)]
    chars = sum(len(v) for col in rows.columns if rows[col].dtype == object
                or pd.api.types.is_string_dtype(rows[col])
                for v in rows[col].tolist() if isinstance(v, str))
    return n * table.shape[1] + chars * n // len(rows) // 20


def write_tables(tables: dict[str, pd.DataFrame], out: Path, *, engine=None) -> list[Path]:
    """Write each table as ``out/<name>.csv``; returns the paths in the order of
    ``tables``. On an engine whose workers share this machine's files, each file is
    written whole by one worker, longest first (the same :func:`newslens.io.write_table`,
    so the same bytes); otherwise here, one after the other."""
    names = list(tables)
    if engine is not None and engine.shares_files and engine.n_workers > 1:
        order = sorted(names, key=lambda name: -_write_cost(tables[name]))
        paths = dict(zip(order, engine.gather(engine.map(_write_one, order, (tables, out)))))
        return [paths[name] for name in names]
    return [_write_one(name, (tables, out)) for name in names]
